"""The strings of ``afweging decide`` (issue #19): verdicts, reasons, conditions, the
package; part of the one table of ``afweging.i18n``."""

STRINGS: dict[str, tuple[str, str]] = {
    "continue": ("doorgaan", "continue"),
    "continue-with-conditions": ("doorgaan onder voorwaarden", "continue with conditions"),
    "start": ("starten", "start"),
    "not-now": ("nu niet", "not now"),
    "reject": ("afwijzen", "reject"),
    "decide_head": ("Besluit — {title}", "Decision — {title}"),
    "decide_verdict": ("oordeel", "verdict"),
    "decide_reason": ("reden", "reason"),
    "decide_cost_effect": ("kosteneffect", "cost effect"),
    "decide_stability": ("stabiel", "stable"),
    "decide_fragile": ("fragiel", "fragile"),
    "decide_fragile_note": (
        "fragiel: het oordeel wisselt in meer dan {share} van {samples} gewichtssteekproeven.",
        "fragile: the verdict flips in more than {share} of {samples} weight samples.",
    ),
    "decide_no_flags": ("geen signalen", "no flags"),
    "decide_gate": ("haalt de poort '{gates}' niet", "fails the gate '{gates}'"),
    "decide_budget_active": (
        "past niet binnen budget en personeel: de ruimte gaat naar hoger gewaardeerde items",
        "does not fit the budget and staff: the room goes to items valued higher",
    ),
    "decide_budget_proposed": (
        "haalbaar, maar past niet binnen budget en personeel",
        "viable, but does not fit the budget and staff",
    ),
    "decide_funded": ("past in het pakket", "fits in the package"),
    "decide_excluded": ("uitgesloten (--exclude)", "excluded (--exclude)"),
    "decide_robust_top": (
        "staat in {share} van de gewichtssteekproeven in de top: bespreken, niet stoppen",
        "in the top in {share} of the weight samples: discuss, not discontinue",
    ),
    "decide_overturned": (
        "andere gewichten heffen het signaal op in {share} van de steekproeven",
        "other weights lift the flag in {share} of the samples",
    ),
    "decide_keep": ("blijft", "kept"),
    "decide_fte": ("fte", "FTE"),
    "decide_freed": ("vrij", "freed"),
    "decide_package": (
        (
            "Pakket: {count} items, samen {value} punten; kosten {eur} van {budget},"
            " personeel {fte} van {staff} fte."
        ),
        (
            "Package: {count} items worth {value} points; cost {eur} of {budget},"
            " staff {fte} of {staff} FTE."
        ),
    ),
    "decide_moves": (
        (
            "Stoppen maakt {freed_eur} en {freed_fte} fte vrij; nieuwe initiatieven krijgen"
            " {new_eur} en {new_fte} fte."
        ),
        (
            "Discontinuing frees {freed_eur} and {freed_fte} FTE; new initiatives get"
            " {new_eur} and {new_fte} FTE."
        ),
    ),
    "decide_per_assessor": (
        (
            "Waarde per beoordelaar, pakket tegen status quo (elke lopende werkgroep door,"
            " geen nieuw initiatief): {values}."
        ),
        (
            "Value per assessor, package against the status quo (every active group"
            " continued, no new initiative): {values}."
        ),
    ),
    "decide_unanimous_ok": (
        "Unaniem: geen beoordelaar waardeert dit pakket lager dan de status quo.",
        "Unanimous: no assessor values this package below the status quo.",
    ),
    "decide_unanimous_none": (
        (
            "Geen pakket binnen de grenzen is voor elke beoordelaar minstens de status quo"
            " waard; hieronder het beste pakket, waarin {losses}."
        ),
        (
            "No package within the limits is worth at least the status quo to every"
            " assessor; below is the best package, in which {losses}."
        ),
    ),
    "decide_loses": ("{assessor} {points} punten verliest", "{assessor} loses {points} points"),
    "decide_and": (" en ", " and "),
    "decide_or": (" of ", " or "),
    "decide_conditions": ("Wat ervoor nodig is", "What it would take"),
    "decide_none_needed": (
        "Geen oordeel hangt af van een voorwaarde.",
        "No verdict depends on a condition.",
    ),
    "decide_change": (
        "{criterion} van {from_level} naar {to_level}",
        "{criterion} from {from_level} to {to_level}",
    ),
    "decide_change_by": (
        "{assessor}: {criterion} van {from_level} naar {to_level}",
        "{assessor}: {criterion} from {from_level} to {to_level}",
    ),
    "decide_levels": ("{changes} heft '{rule}' op", "{changes} clears '{rule}'"),
    "decide_levels_gate": ("{changes} haalt de poort", "{changes} passes the gate"),
    "decide_levels_none": (
        "geen verandering van de scores alleen heft '{rule}' op",
        "no change of the scores alone clears '{rule}'",
    ),
    "decide_result": (
        "een tastbaar resultaat (uit {since} of later), gemeld vóór {date}",
        "a tangible result (dated {since} or later), reported by {date}",
    ),
    "decide_renewal": (
        "een verlenging van het mandaat tot ten minste {date}",
        "a renewal of the mandate to at least {date}",
    ),
    "decide_agree": (
        "de beoordelaars op '{criterion}' niet meer dan {steps} niveau(s) uiteen",
        "the assessors no more than {steps} level(s) apart on '{criterion}'",
    ),
    "decide_add_eur": ("{amount} meer budget", "{amount} more budget"),
    "decide_add_fte": ("{amount} fte meer personeel", "{amount} FTE more staff"),
    "decide_swap": (
        "in ruil voor {items} ({points} punten)",
        "in exchange for {items} ({points} points)",
    ),
    "decide_no_room": (
        "past bij geen enkele verhoging van budget of personeel alleen",
        "fits no increase of budget or staff alone",
    ),
    "decide_push_out": (
        "valt uit het pakket als het totaal meer dan {points} punten daalt{example}",
        "leaves the package if its total falls by more than {points} points{example}",
    ),
    "decide_example": (" (bijv. {changes})", " (e.g. {changes})"),
    "memo_decision_bullet": ("Besluit — {verdicts}.", "Decision — {verdicts}."),
    "memo_sum_spread": (
        "Spreiding over de clusters — {items}.",
        "Spread over the clusters — {items}.",
    ),
    "chart_failed": ("haalt een poort niet — geen rang", "fails a gate — not ranked"),
    "chart_more": (
        "Niet getoond: {count} items verder in de rangschikking (zie de tabellen).",
        "Not shown: {count} more items further down the ranking (see the tables).",
    ),
    "chart_contributions_caption": (
        (
            "Elke balk is het totaal (0–100) van een item, opgebouwd uit de gewogen bijdrage"
            " per criterium; de rang staat voor de naam, het totaal achter de balk."
        ),
        (
            "Each bar is an item's total (0–100), built from each criterion's weighted"
            " contribution; the rank precedes the name, the total follows the bar."
        ),
    ),
    "chart_heat_caption": (
        (
            "Elke cel: het aandeel van de {samples} gewichtssteekproeven waarin het item"
            " (rij) die rang (kolom) krijgt."
        ),
        (
            "Each cell: the share of the {samples} weight samples in which the item (row)"
            " takes that rank (column)."
        ),
    ),
    "chart_budget_words": ("budget (miljoen euro per jaar)", "budget (million euros a year)"),
    "chart_value_words": (
        "hoogst haalbare totaalwaarde (som van de totalen)",
        "highest attainable value (sum of the totals)",
    ),
    "chart_budget_line": ("budget nu: {amount}", "budget now: {amount}"),
    "chart_flat": (
        "vlak: het personeel is op, meer budget helpt niet",
        "flat: the staff limit binds, more budget buys nothing",
    ),
    "chart_frontier_caption": (
        (
            "Voor elk budget de waarde van het beste pakket dat erin past (met de oordelen"
            " en de personeelsgrens van nu); de stippellijn is het budget van nu."
        ),
        (
            "For each budget, the value of the best package that fits it (with today's"
            " verdicts and staff limit); the dashed line is today's budget."
        ),
    ),
    "chart_cost_words": ("kosten (miljoen euro per jaar)", "cost (million euros a year)"),
    "chart_total_words": ("totaal (0–100)", "total (0–100)"),
    "chart_funded": ("in het pakket", "in the package"),
    "chart_left": (
        "buiten het pakket: past niet binnen budget en personeel",
        "outside the package: does not fit the budget and staff",
    ),
    "chart_out": ("stoppen of afwijzen volgens de regels", "discontinued or rejected by the rules"),
    "chart_vfm_caption": (
        (
            "Waarde voor geld: het totaal van elk item tegen zijn kosten; linksboven is"
            " veel waarde voor weinig geld."
        ),
        (
            "Value for money: each item's total against its cost; top left is much value"
            " for little money."
        ),
    ),
    "chart_unnamed": (
        "Bij zoveel items staan de namen niet bij de punten.",
        "With this many items the points are not named.",
    ),
    "select_discontinued": (
        (
            "Let op: deze selectie bevat wat de toets voorstelt te stoppen ({items});"
            " afweging decide houdt daar rekening mee."
        ),
        (
            "Note: this selection holds what the review proposes to discontinue ({items});"
            " afweging decide takes that into account."
        ),
    ),
    "decide_total_items": ("{items} items: {verdicts}.", "{items} items: {verdicts}."),
}
