# ruff: noqa: E501 — the expected messages are exact lines of output and read best unbroken
"""The expected outcome of every file in ``tests/corpus/invalid``, beside the files.

Read by ``tests/sources/test_invalid_files.py`` (the corpus itself) and by
``tests/cli/test_hostile.py`` (the hostile classes among them).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
INVALID = ROOT / "tests" / "corpus" / "invalid"
SHOWN = "tests/corpus/invalid"  # how the CLI shows the paths when run from the repo root

POSITION = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): ")


def case(
    name: str,
    command: str,
    expected: list[str],
    points_at: list[str | None],
    *,
    id: str = "",
) -> Any:
    """One row of CASES."""
    return pytest.param(name, command, expected, points_at, id=id or name.removesuffix(".yaml"))


# (file, command, expected stderr lines, text each line's line:column points at).
# ``None`` as a position means the message is about the whole file.
CASES: list[Any] = [
    # --- YAML syntax -----------------------------------------------------------------
    case(
        "syntax_unclosed_flow.yaml",
        "check",
        [
            f"{SHOWN}/syntax_unclosed_flow.yaml:6:12: YAML syntax error: this '[' is not closed (a ',' or ']' was expected at line 7, column 7) — close it with ']'"
        ],
        ["[NL, BE, LU"],
    ),
    case(
        "syntax_tab_indent.yaml",
        "check",
        [
            f"{SHOWN}/syntax_tab_indent.yaml:10:1: YAML syntax error: found a tab character that violates indentation — indent with spaces, not tabs"
        ],
        ["\tname: "],
    ),
    case(
        "dup_key.yaml",
        "check",
        [
            f"{SHOWN}/dup_key.yaml:12:5: duplicate key 'kind' (first at line 11) — YAML keeps only one of them; remove or rename one"
        ],
        ["kind: project"],
    ),
    case(
        "second_document.yaml",
        "check",
        [
            f"{SHOWN}/second_document.yaml:26:1: YAML syntax error: the file holds more than one document — remove the '---' separator and everything after it"
        ],
        ["---"],
    ),
    case(
        "empty.yaml",
        "check",
        [f"{SHOWN}/empty.yaml:1:1: the file is empty — see the README for the file formats"],
        [None],
    ),
    case(
        "not_utf8.yaml",
        "check",
        [
            f"{SHOWN}/not_utf8.yaml:10:37: the file is not valid UTF-8 (byte 0xE9 at offset 281) — save it as UTF-8"
        ],
        ["é"],
    ),
    case(
        "non_text_key.yaml",
        "check",
        [
            f'{SHOWN}/non_text_key.yaml:5:1: a key must be text, not the number 1 — put it in quotes: "1"'
        ],
        ["1: x"],
    ),
    case(
        "too_deep.yaml",
        "check",
        [
            f"{SHOWN}/too_deep.yaml:27:36: the structure is nested more than 24 levels deep — afweging files need only a few levels; check the indentation"
        ],
        ["[[[[[[[[[x]"],
    ),
    case(
        "inf_number.yaml",
        "check",
        [f"{SHOWN}/inf_number.yaml:14:17: .inf is not a finite number — write an ordinary number"],
        [".inf"],
    ),
    # --- anchors, aliases, tags, merge keys ---------------------------------------------
    case(
        "alias_bomb.yaml",
        "check",
        [
            f"{SHOWN}/alias_bomb.yaml:28:28: anchors and aliases (&name, *name) are not supported — write the value out in full"
        ],
        ["*a, *a, *a"],
    ),
    case(
        "anchor_alias.yaml",
        "check",
        [
            f"{SHOWN}/anchor_alias.yaml:21:22: anchors and aliases (&name, *name) are not supported — write the value out in full"
        ],
        ["*nul"],
    ),
    case(
        "tag_int.yaml",
        "check",
        [f"{SHOWN}/tag_int.yaml:13:18: explicit tag !!int is not supported — remove the tag"],
        ["!!int 2005"],
    ),
    case(
        "tag_python.yaml",
        "check",
        [
            f"{SHOWN}/tag_python.yaml:10:11: explicit tag !!python/object/apply:os.system is not supported — remove the tag"
        ],
        ["!!python/object/apply:os.system"],
    ),
    case(
        "tag_mapping.yaml",
        "check",
        [
            f"{SHOWN}/tag_mapping.yaml:14:11: explicit tag !!python/object:afweging.models.Cost is not supported — remove the tag"
        ],
        ["!!python/object:afweging.models.Cost"],
    ),
    case(
        "merge_key.yaml",
        "check",
        [
            f"{SHOWN}/merge_key.yaml:14:12: merge keys (<<) are not supported — write the keys out in full"
        ],
        ["<<: {eur"],
    ),
    # --- top level and portfolio keys -----------------------------------------------------
    case(
        "top_list.yaml",
        "rank",
        [f"{SHOWN}/top_list.yaml:2:1: expected a mapping of keys at the top, got a list"],
        ["- version: 1"],
        id="top_list-rank",
    ),
    case(
        "top_list.yaml",
        "check",
        [f"{SHOWN}/top_list.yaml:2:1: expected a mapping of keys at the top, got a list"],
        ["- version: 1"],
        id="top_list-check",
    ),
    case(
        "unknown_key_top.yaml",
        "rank",
        [f"{SHOWN}/unknown_key_top.yaml:7:1: unknown key 'limit' — did you mean 'limits'?"],
        ["limit: {"],
    ),
    case(
        "missing_title.yaml",
        "rank",
        [f"{SHOWN}/missing_title.yaml:2:1: missing key 'title' — add 'title:' here"],
        ["version: 1"],
    ),
    case(
        "version2.yaml",
        "rank",
        [
            f"{SHOWN}/version2.yaml:2:10: format version 2 is not supported — this version of afweging reads version 1"
        ],
        ["2"],
    ),
    case(
        "version_text.yaml",
        "rank",
        [
            f"{SHOWN}/version_text.yaml:2:10: expected the number 1, got the text '1' — write version: 1 without quotes"
        ],
        ['"1"'],
    ),
    case(
        "bad_date.yaml",
        "rank",
        [
            f"{SHOWN}/bad_date.yaml:5:8: '01-11-2012' is not a date — write it as YYYY-MM-DD, e.g. 2026-01-31"
        ],
        ["01-11-2012"],
    ),
    case(
        "duplicate_assessor.yaml",
        "rank",
        [f"{SHOWN}/duplicate_assessor.yaml:6:21: assessor 'BE' is listed twice — list each once"],
        ["BE, LU]"],
    ),
    case(
        "missing_assessors.yaml",
        "rank",
        [
            f"{SHOWN}/missing_assessors.yaml:2:1: the framework scores 'draagvlak' per assessor, but the portfolio lists no assessors — add e.g. 'assessors: [NL, BE, LU]'"
        ],
        ["version: 1"],
    ),
    case(
        "unknown_framework.yaml",
        "rank",
        [
            f"{SHOWN}/unknown_framework.yaml:3:12: unknown framework 'benelx' — built-in frameworks: benelux; or give a path to a framework file"
        ],
        ["benelx"],
    ),
    case(
        "framework_path_missing.yaml",
        "rank",
        [
            f"{SHOWN}/framework_path_missing.yaml:3:12: framework file 'frameworks/nowhere.yaml' not found (looked for {SHOWN}/frameworks/nowhere.yaml) — check the path; it is relative to the portfolio's folder"
        ],
        ["frameworks/nowhere.yaml"],
    ),
    case(
        "framework_as_portfolio",
        "rank",
        [
            f"{SHOWN}/_valid_framework.yaml:2:1: this is a framework file, not a portfolio — pass it with --criteria and give the portfolio as the argument"
        ],
        ["version: 1"],
        id="framework_as_portfolio-rank",
    ),
    # --- items ---------------------------------------------------------------------------
    case(
        "items_not_list.yaml",
        "rank",
        [
            f"{SHOWN}/items_not_list.yaml:9:3: expected a list, got a mapping — write it as [a, b] or as lines starting with '- '"
        ],
        ["energieforum:"],
    ),
    case(
        "unknown_key_item.yaml",
        "rank",
        [
            f"{SHOWN}/unknown_key_item.yaml:13:5: unknown key 'establised' — did you mean 'established'?"
        ],
        ["establised"],
    ),
    case(
        "dup_id.yaml",
        "rank",
        [
            f"{SHOWN}/dup_id.yaml:26:9: duplicate item id 'energieforum' (also item 1) — give every item its own id"
        ],
        ["energieforum"],
    ),
    case(
        "dup_id_case.yaml",
        "rank",
        [
            f"{SHOWN}/dup_id_case.yaml:26:9: duplicate item id 'Energieforum' (item 1 is 'energieforum'; ids differ only in case) — give every item its own id"
        ],
        ["Energieforum"],
    ),
    case(
        "id_space.yaml",
        "rank",
        [
            f"{SHOWN}/id_space.yaml:9:9: 'energie forum' is not a valid id — use letters, digits, '-' and '_' (no spaces or dots), at most 64 characters"
        ],
        ["energie forum"],
    ),
    case(
        "empty_name.yaml",
        "rank",
        [f"{SHOWN}/empty_name.yaml:10:11: the text is empty — write something or remove the key"],
        ['""'],
    ),
    case(
        "unknown_kind.yaml",
        "rank",
        [
            f"{SHOWN}/unknown_kind.yaml:11:11: 'working group' is not one of: working-group, initiative, project — did you mean 'working-group'?"
        ],
        ["working group"],
    ),
    case(
        "unknown_cluster.yaml",
        "rank",
        [
            f"{SHOWN}/unknown_cluster.yaml:12:14: unknown cluster 'interne-mark' — did you mean 'interne-markt'?"
        ],
        ["interne-mark"],
    ),
    case(
        "date_as_year.yaml",
        "rank",
        [
            f"{SHOWN}/date_as_year.yaml:13:18: expected a whole number, got the text '2005-06-17' — write only the year, e.g. 2005"
        ],
        ["2005-06-17"],
    ),
    case(
        "wrong_type_cost.yaml",
        "rank",
        [f"{SHOWN}/wrong_type_cost.yaml:14:17: expected a number, got the text 'veel'"],
        ["veel"],
    ),
    # --- scores ----------------------------------------------------------------------------
    case(
        "bad_symbol.yaml",
        "rank",
        [
            f"{SHOWN}/bad_symbol.yaml:18:15: '++++' is not a level of scale 'plus' — use one of: 0, +, ++, +++"
        ],
        ['"++++"'],
    ),
    case(
        "yaml11_no.yaml",
        "rank",
        [
            f"{SHOWN}/yaml11_no.yaml:16:23: 'no' is not a level of scale 'plus' — YAML 1.1 tools read 'no' as a boolean, afweging reads it as text; use one of: 0, +, ++, +++"
        ],
        ["no"],
    ),
    case(
        "bad_level_janee.yaml",
        "rank",
        [
            f"{SHOWN}/bad_level_janee.yaml:24:22: 'off' is not a level of scale 'janee' — YAML 1.1 tools read 'off' as a boolean, afweging reads it as text; use one of: nee, ja"
        ],
        ["off"],
    ),
    case(
        "bool_score.yaml",
        "rank",
        [
            f'{SHOWN}/bool_score.yaml:16:23: true is a boolean, not a scale level — write a level of the scale in quotes, e.g. "+" or "ja"'
        ],
        ["true"],
    ),
    case(
        "null_score.yaml",
        "rank",
        [
            f'{SHOWN}/null_score.yaml:18:14: the score is empty — write a level of the scale, e.g. "+"'
        ],
        [""],  # the empty value right after 'kennis:'
    ),
    case(
        "list_score.yaml",
        "rank",
        [
            f"""{SHOWN}/list_score.yaml:18:15: a score is one level or a mapping of assessors to levels, not a list — write e.g. "++" or {{NL: '++', BE: '+'}}"""
        ],
        ['["+", "++"]'],
    ),
    case(
        "unknown_criterion.yaml",
        "rank",
        [
            f"{SHOWN}/unknown_criterion.yaml:16:7: unknown criterion 'grensbarieres' — did you mean 'grensbarrieres'?",
        ],
        ["grensbarieres"],
    ),
    case(
        "extra_criterion.yaml",
        "rank",
        [
            f"{SHOWN}/extra_criterion.yaml:26:7: unknown criterion 'kosten' — expected one of: grensbarrieres, schaalvoordelen, kennis, netwerk, voortrekkersrol, eu_afstemming, resultaten, draagvlak, verdragsbasis, beneluxniveau"
        ],
        ["kosten"],
    ),
    case(
        "missing_score.yaml",
        "rank",
        [
            f"{SHOWN}/missing_score.yaml:15:5: item 'energieforum' has no score for 'netwerk' — add it, or run with --allow-missing to score it as the scale's worst level"
        ],
        ["scores:"],
    ),
    case(
        "bad_assessor.yaml",
        "rank",
        [
            f"{SHOWN}/bad_assessor.yaml:23:7: item 'energieforum' has no score for 'draagvlak' from LU — add it, or run with --allow-missing to score it as the scale's worst level",
            f"{SHOWN}/bad_assessor.yaml:23:49: unknown assessor 'LX' — expected one of: NL, BE, LU",
        ],
        ["draagvlak:", "LX"],
    ),
    case(
        "extra_assessor.yaml",
        "rank",
        [f"{SHOWN}/extra_assessor.yaml:23:64: unknown assessor 'DE' — expected one of: NL, BE, LU"],
        ["DE"],
    ),
    case(
        "per_assessor_single.yaml",
        "rank",
        [
            f"{SHOWN}/per_assessor_single.yaml:23:18: 'draagvlak' is scored per assessor — write e.g. {{NL: voldoende, BE: voldoende, LU: voldoende}}"
        ],
        ["voldoende"],
    ),
    # --- framework files ---------------------------------------------------------------------
    case(
        "fw_unknown_scale.yaml",
        "check",
        [f"{SHOWN}/fw_unknown_scale.yaml:23:12: unknown scale 'pluss' — did you mean 'plus'?"],
        ["pluss"],
    ),
    case(
        "fw_bad_minimum.yaml",
        "check",
        [
            f"{SHOWN}/fw_bad_minimum.yaml:29:14: the minimum 'jawel' is not a level of scale 'janee' — use one of: nee, ja"
        ],
        ["jawel"],
    ),
    case(
        "fw_dup_criterion.yaml",
        "check",
        [
            f"{SHOWN}/fw_dup_criterion.yaml:22:9: duplicate criterion id 'nut' (also criterion 1) — give every criterion its own id"
        ],
        ["nut"],
    ),
    case(
        "fw_dup_symbol.yaml",
        "check",
        [
            f"{SHOWN}/fw_dup_symbol.yaml:15:18: scale 'janee' has the symbol 'ja' twice — give every level its own symbol"
        ],
        ["ja, value: 1"],
    ),
    case(
        "fw_levels_not_increasing.yaml",
        "check",
        [
            f"{SHOWN}/fw_levels_not_increasing.yaml:11:31: level '++' of scale 'plus' has value 1, not above the level before it (1) — list the levels from worst to best with increasing values"
        ],
        ["1, label"],
    ),
    case(
        "fw_one_level.yaml",
        "check",
        [f"{SHOWN}/fw_one_level.yaml:14:7: the list has 1 entry — it needs at least 2 entries"],
        ["- {symbol: nee"],
    ),
    case(
        "fw_weights_zero.yaml",
        "check",
        [
            f"{SHOWN}/fw_weights_zero.yaml:17:3: no criterion has a weight above 0 — give at least one a weight"
        ],
        ["- id: nut"],
    ),
    case(
        "fw_negative_weight.yaml",
        "check",
        [f"{SHOWN}/fw_negative_weight.yaml:24:13: the number -40 is too small — the minimum is 0"],
        ["-40"],
    ),
    case(
        "fw_missing_label_lang.yaml",
        "check",
        [f"{SHOWN}/fw_missing_label_lang.yaml:25:12: missing key 'en' — add 'en:' here"],
        ["{nl: Bereik}"],
    ),
    # --- discontinuation rules in a framework --------------------------------------
    case(
        "fw_rule_unknown_kind.yaml",
        "check",
        [
            f"{SHOWN}/fw_rule_unknown_kind.yaml:34:11: 'too-old' is not one of: gate-failed, score-below, bottom-share, no-recent-result, mandate-expired, criterion-below, assessor-spread"
        ],
        ["too-old"],
    ),
    case(
        "fw_rule_unknown_criterion.yaml",
        "check",
        [
            f"{SHOWN}/fw_rule_unknown_criterion.yaml:35:16: unknown criterion 'nutt' — did you mean 'nut'?"
        ],
        ["nutt"],
    ),
    case(
        "fw_rule_level_off_scale.yaml",
        "check",
        [
            f"{SHOWN}/fw_rule_level_off_scale.yaml:36:12: '+++' is not a level of scale 'plus' — use one of: 0, +, ++"
        ],
        ['"+++"'],
    ),
    case(
        "fw_rule_threshold_outside.yaml",
        "check",
        [
            f"{SHOWN}/fw_rule_threshold_outside.yaml:35:16: the number 130 is too large — the maximum is 100"
        ],
        ["130"],
    ),
    case(
        "fw_rule_unknown_placeholder.yaml",
        "check",
        [
            f"{SHOWN}/fw_rule_unknown_placeholder.yaml:37:11: unknown placeholder {{drempel}} in the reason text — a score-below rule fills in {{id}}, {{name}}, {{kind}}, {{total}}, {{threshold}}"
        ],
        ['"totaal {total} onder {drempel}"'],
    ),
    case(
        "fw_rule_wrong_parameter.yaml",
        "check",
        [
            f"{SHOWN}/fw_rule_wrong_parameter.yaml:35:5: 'share' does not apply to a score-below rule — a score-below rule takes threshold"
        ],
        ["share: 0.25"],
    ),
    case(
        "fw_rule_spread_unknown_criterion.yaml",
        "check",
        [
            f"{SHOWN}/fw_rule_spread_unknown_criterion.yaml:35:21: unknown criterion 'bereikk' — did you mean 'bereik'?"
        ],
        ["bereikk"],
    ),
    case(
        "fw_bad_aggregate.yaml",
        "check",
        [f"{SHOWN}/fw_bad_aggregate.yaml:25:16: 'average' is not one of: mean, median, min"],
        ["average"],
    ),
]
