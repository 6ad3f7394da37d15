"""The merge report: the scores the workbooks change and the scores assessors differ on."""

from afweging.i18n import Language, text
from afweging.render import single_line
from afweging.render.text import Block, View
from afweging.sources.merging import MergePlan


def merge_view(plan: MergePlan, title: str, lang: Language) -> View:
    """What merging changes, as a view: one table of score changes, one of spreads."""
    blocks: list[Block | str] = []
    if plan.changes:
        blocks.append(
            Block(
                (text("id", lang), text("criterion", lang), text("merge_assessor", lang),
                 text("merge_before", lang), text("merge_after", lang)),
                "lllll",
                [
                    (c.item, c.criterion, c.assessor, c.old if c.old is not None else "–", c.new)
                    for c in plan.changes
                ],
                [""] * len(plan.changes),
            )
        )  # fmt: skip
    else:
        blocks.append(text("merge_no_changes", lang))
    if plan.spreads:
        blocks.append(text("merge_spread_heading", lang))
        blocks.append(
            Block(
                (text("id", lang), text("criterion", lang), text("merge_levels", lang),
                 text("merge_spread", lang)),
                "lllr",
                [
                    (s.item, s.criterion, ", ".join(f"{a} {lv}" for a, lv in s.levels),
                     str(s.spread))
                    for s in plan.spreads
                ],
                [""] * len(plan.spreads),
            )
        )  # fmt: skip
    notes = [
        text(
            "merge_summary",
            lang,
            scores=len(plan.changes),
            rationales=len(plan.rationale_changes),
            spreads=len(plan.spreads),
        )
    ]
    return View(single_line(text("merge_heading", lang, title=title)), blocks, notes)
