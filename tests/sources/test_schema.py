"""The generated JSON Schemas: shipped files validate, schema-expressible defects do not."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from afweging.sources.loading import read_document
from afweging.sources.schema import json_schema
from tests.helpers import EXAMPLE, FRAMEWORK, ROOT, Run

INVALID = ROOT / "tests" / "corpus" / "invalid"

# Defects of the hostile corpus that a JSON Schema can express (wrong types, unknown
# keys, enums, patterns, ranges, missing keys). The others need the cross-file checks
# (unknown criterion, missing score, duplicate id, …) or the YAML reader.
SCHEMA_DEFECTS = {
    "portfolio": [
        "bool_score.yaml", "date_as_year.yaml", "empty_name.yaml", "id_space.yaml",
        "items_not_list.yaml", "list_score.yaml", "missing_title.yaml", "null_score.yaml",
        "unknown_key_item.yaml", "unknown_key_top.yaml", "unknown_kind.yaml",
        "version2.yaml", "version_text.yaml", "wrong_type_cost.yaml",
    ],
    "framework": [
        "fw_bad_aggregate.yaml", "fw_missing_label_lang.yaml", "fw_negative_weight.yaml",
        "fw_one_level.yaml", "fw_rule_threshold_outside.yaml", "fw_rule_unknown_kind.yaml",
    ],
}  # fmt: skip


def _data(path: Path) -> Any:
    """The file's data as afweging reads it (dates stay text, as YAML 1.2 has them)."""
    return read_document(path).data


@pytest.mark.parametrize(("kind", "path"), [("framework", FRAMEWORK), ("portfolio", EXAMPLE)])
def test_shipped_files_validate(kind: str, path: Path) -> None:
    """The shipped framework and example validate against their schema."""
    jsonschema.validate(_data(path), json_schema(kind))


@pytest.mark.parametrize(
    ("kind", "name"), [(k, n) for k, names in SCHEMA_DEFECTS.items() for n in names]
)
def test_schema_rejects_the_defects_it_can_express(kind: str, name: str) -> None:
    """Each schema-expressible defect of the hostile corpus fails schema validation."""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_data(INVALID / name), json_schema(kind))


@pytest.mark.parametrize("kind", ["framework", "portfolio"])
def test_the_schema_files_are_current(cli: Callable[..., Run], kind: str) -> None:
    """docs/schema holds exactly what afweging schema prints; every field is described."""
    printed = cli("schema", kind).stdout
    assert printed == (ROOT / "docs" / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    schema = json.loads(printed)
    parts = [schema, *schema.get("$defs", {}).values()]
    for part in parts:
        for field, prop in part.get("properties", {}).items():
            assert prop.get("description"), field


def test_shipped_files_name_their_schema() -> None:
    """The shipped files start with the yaml-language-server line pointing at the schema."""
    assert EXAMPLE.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../docs/schema/portfolio.schema.json\n"
    )
    assert FRAMEWORK.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../docs/schema/framework.schema.json\n"
    )


def test_the_schema_accepts_the_dutch_words_the_reader_accepts() -> None:
    """An item written with werkgroep/initiatief and actief/voorgesteld validates against
    the portfolio schema, as the reader accepts it (tests/sources/test_item_words.py); an
    unknown word does not."""
    data = _data(EXAMPLE)
    data["items"][0] |= {"kind": "initiatief", "status": "voorgesteld"}
    data["items"][1] |= {"kind": "werkgroep", "status": "actief"}
    jsonschema.validate(data, json_schema("portfolio"))
    data["items"][1]["kind"] = "werkgroepje"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema("portfolio"))
