"""The comments of the starter portfolio ``afweging init`` writes (keys ``starter_*``);
part of the one table of ``afweging.i18n``."""

STRINGS: dict[str, tuple[str, str]] = {
    "starter_head": (
        "Startportefeuille van afweging: vervang de twee voorbeelditems door uw eigen.",
        "afweging starter portfolio: replace the two example items with your own.",
    ),
    "starter_version": ("formaatversie van dit bestand", "format version of this file"),
    "starter_framework": (
        "het afwegingskader: een pad vanaf deze map, of een ingebouwd id",
        "the framework: a path from this folder, or a built-in id",
    ),
    "starter_title": (
        "titel van de portefeuille (in de notitie)",
        "the portfolio's title (in the memo)",
    ),
    "starter_as_of": (
        "peildatum (JJJJ-MM-DD): de datum waarop de opheffingsregels kijken",
        "as-of date (YYYY-MM-DD): the date the discontinuation rules look at",
    ),
    "starter_assessors": (
        "wie per beoordelaar scoort (bijv. de landen)",
        "who scores per assessor (e.g. the countries)",
    ),
    "starter_limits": (
        "budget (EUR per jaar) en personeel (fte) voor afweging select",
        "budget (EUR a year) and staff (FTE) for afweging select",
    ),
    "starter_items": ("de initiatieven en werkgroepen", "the initiatives and working groups"),
    "starter_id": ("uniek id: letters, cijfers, - en _", "unique id: letters, digits, - and _"),
    "starter_name": ("naam", "name"),
    "starter_kind": (
        "working-group, initiative of project",
        "working-group, initiative or project",
    ),
    "starter_cluster": ("cluster (kernterrein)", "cluster (core area)"),
    "starter_status": (
        "active, of proposed voor een voorstel",
        "active, or proposed for a proposal",
    ),
    "starter_established": ("jaar van oprichting", "year established"),
    "starter_mandate_end": (
        "einde van het mandaat (JJJJ-MM-DD)",
        "end of the mandate (YYYY-MM-DD)",
    ),
    "starter_last_result": (
        "jaar van het laatste tastbare resultaat",
        "year of the last tangible result",
    ),
    "starter_cost": ("kosten per jaar: euro en fte", "cost a year: euros and FTE"),
    "starter_scores": (
        "een score per criterium: symbool, niveaunaam of getal",
        "a score per criterion: symbol, level name or number",
    ),
    "starter_rationale": ("waarom elke score (aanbevolen)", "why each score (recommended)"),
}
