"""The questions of ``afweging score``: what a new item is, and its score per criterion.

The terminal is reached only through the two callables it is given (``ask`` reads one
answer after showing a prompt, ``say`` prints a line), so the flow can be driven by a
script in tests and by ``input``/``print`` in the CLI. Answers are checked against the
scale on the spot; an invalid answer is asked again with a one-line reason.
"""

from collections.abc import Callable
from typing import NamedTuple, get_args

from afweging.errors import closest, is_id
from afweging.i18n import Language, text
from afweging.models import ITEM_WORDS, Criterion, Framework, ItemKind, Level, Scale

Ask = Callable[[str], str]
Say = Callable[[str], None]

# The kinds of item, the one a new item usually is first.
KINDS = ("initiative", *(k for k in get_args(ItemKind) if k != "initiative"))


class Answers(NamedTuple):
    """What the user said: the item's fields, its raw scores and rationales."""

    fields: dict[str, str]
    scores: dict[str, str | dict[str, str]]
    rationale: dict[str, str]


def scale_lines(scale: Scale, lang: Language) -> list[str]:
    """The scale's levels, one per line: symbol, label and number."""
    return [
        f"    {level.symbol:>10}  {level.label.get(lang)} ({level.value:g})"
        for level in scale.levels
    ]


def parse_level(scale: Scale, answer: str, lang: Language) -> Level | str:
    """The level an answer names, or a one-line reason why it names none."""
    if not answer.strip():
        return text("answer_needed", lang, levels=", ".join(lv.symbol for lv in scale.levels))
    level = scale.resolve(answer)
    if level is not None:
        return level
    options = [lv.symbol for lv in scale.levels]
    near = closest(answer.strip(), options + [lv.label.get(lang) for lv in scale.levels])
    hint = f" ({text('did_you_mean', lang, word=near)})" if near else ""
    return text("not_a_level", lang, answer=answer.strip(), levels=", ".join(options)) + hint


def ask_field(ask: Ask, say: Say, prompt: str, check: Callable[[str], str | None]) -> str:
    """Ask until ``check`` accepts the answer (returns None); print its reason otherwise."""
    while True:
        answer = ask(prompt).strip()
        problem = check(answer)
        if problem is None:
            return answer
        say(f"  ! {problem}")


def ask_item(
    ask: Ask,
    say: Say,
    lang: Language,
    *,
    known: dict[str, str],
    taken: set[str],
    clusters: list[str],
    allowed_clusters: list[str] | None,
) -> dict[str, str]:
    """Id, name, kind and cluster; ``known`` answers (from options) are not asked again.

    ``clusters`` are offered (those already in use); when the framework declares its
    clusters, ``allowed_clusters`` lists them and nothing else is accepted."""
    fields = dict(known)

    def check_id(answer: str) -> str | None:
        if not is_id(answer):
            return text("bad_id", lang)
        if answer.casefold() in taken:
            return text("id_taken", lang, id=answer)
        return None

    if "id" not in fields:
        fields["id"] = ask_field(ask, say, f"{text('ask_id', lang)}: ", check_id)
    if "name" not in fields:
        fields["name"] = ask_field(
            ask, say, f"{text('ask_name', lang)}: ", lambda a: None if a else text("empty", lang)
        )
    if "kind" not in fields:
        # offered in the language of the prompt (werkgroep), taken in either
        words = [text(kind, "nl") if lang == "nl" else kind for kind in KINDS]
        choices = "/".join(words)
        answer = ask_field(
            ask,
            say,
            f"{text('ask_kind', lang)} [{choices}] ({words[0]}): ",
            lambda a: None if a in ("", *KINDS, *words) else text("choose", lang, options=choices),
        )
        fields["kind"] = ITEM_WORDS.get(answer, answer) or KINDS[0]
    if "cluster" not in fields:
        offered = f" [{', '.join(clusters)}]" if clusters else ""

        def check_cluster(answer: str) -> str | None:
            if answer == "":
                return None
            if allowed_clusters is not None and answer not in allowed_clusters:
                return text("choose", lang, options=", ".join(allowed_clusters))
            return None if is_id(answer) else text("bad_id", lang)

        answer = ask_field(ask, say, f"{text('ask_cluster', lang)}{offered}: ", check_cluster)
        if answer:
            fields["cluster"] = answer
    return fields


def ask_cost(
    ask: Ask,
    say: Say,
    lang: Language,
    *,
    known: dict[str, float],
    number: Callable[[str, bool], float | str],
) -> dict[str, float]:
    """Cost a year in euros and staff in FTE; ``known`` answers (from options) are not
    asked again. ``number(answer, eur)`` is the number an answer gives, or why none."""
    cost = dict(known)
    for key, eur in (("eur", True), ("fte", False)):
        if key in cost:
            continue
        while True:
            answer = number(ask(f"{text(f'ask_{key}', lang)}: ").strip(), eur)
            if isinstance(answer, float):
                cost[key] = answer
                break
            say(f"  ! {answer}")
    return cost


def ask_scores(
    ask: Ask,
    say: Say,
    framework: Framework,
    lang: Language,
    *,
    assessors: list[str],
    given: dict[str, str | dict[str, str]],
) -> Answers:
    """Walk the gates first, then the weighted criteria; skip what ``given`` already has."""
    shares = framework.weight_shares()
    gates = [c for c in framework.criteria if c.is_gate]
    others = [c for c in framework.criteria if not c.is_gate]
    scores: dict[str, str | dict[str, str]] = dict(given)
    rationale: dict[str, str] = {}
    for criterion in gates + others:
        scale = framework.scale_of(criterion)
        say("")
        say(_heading(criterion, shares[criterion.id], lang))
        say(f"  {criterion.question.get(lang)}")
        for line in scale_lines(scale, lang):
            say(line)
        if criterion.per_assessor:
            done = given.get(criterion.id)
            per: dict[str, str] = dict(done) if isinstance(done, dict) else {}
            for assessor in assessors:
                if assessor not in per:
                    per[assessor] = _ask_level(ask, say, scale, lang, f"  {assessor}: ")
            scores[criterion.id] = per
        elif criterion.id not in given:
            scores[criterion.id] = _ask_level(ask, say, scale, lang, "  > ")
        else:
            continue
        note = ask(f"  {text('ask_rationale', lang)}: ").strip()
        if note:
            rationale[criterion.id] = note
    return Answers({}, scores, rationale)


def _heading(criterion: Criterion, share: float, lang: Language) -> str:
    label = criterion.label.get(lang)
    if criterion.is_gate:
        return f"{label} ({criterion.id}) — {text('gate_minimum', lang, minimum=criterion.minimum)}"
    return f"{label} ({criterion.id}) — {text('weight', lang)} {share * 100:.1f}%"


def _ask_level(ask: Ask, say: Say, scale: Scale, lang: Language, prompt: str) -> str:
    while True:
        answer = ask(prompt).strip()
        if answer == "?":
            for line in scale_lines(scale, lang):
                say(line)
            continue
        level = parse_level(scale, answer, lang)
        if isinstance(level, Level):
            return level.symbol
        say(f"  ! {level}")
