"""The built-in frameworks, listed as text or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from afweging.i18n import Language
    from afweging.models import Framework

FORMATS = ("table", "json")


def frameworks_rows(shipped: list[tuple[Framework, str]], lang: str | None) -> list[dict[str, Any]]:
    """One row per framework (with the file it is in), its title in ``lang`` or its own."""
    rows = []
    for framework, path in shipped:
        language: Language = "en" if (lang or framework.language) == "en" else "nl"
        rows.append(
            {
                "id": framework.id,
                "title": framework.title.get(language),
                "criteria": len(framework.criteria),
                "gates": sum(1 for c in framework.criteria if c.is_gate),
                "source": framework.source,
                "path": path,
            }
        )
    return rows


def render_frameworks(output: str, shipped: list[tuple[Framework, str]], lang: str | None) -> str:
    """The list in the format ``output`` (one of ``FORMATS``)."""
    rows = frameworks_rows(shipped, lang)
    if output == "json":
        from afweging.render.json import to_json

        return to_json({"schema": "afweging/frameworks", "frameworks": rows})
    return "".join(
        f"{row['id']}: {row['title']} ({row['criteria']} criteria)\n  {row['source']}\n"
        for row in rows
    )
