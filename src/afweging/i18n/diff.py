"""The strings of ``afweging diff`` and the memo's changes section (keys ``diff_*``);
part of the one table of ``afweging.i18n``."""

STRINGS: dict[str, tuple[str, str]] = {
    "diff_head": (
        "Verschillen: {old} (peildatum {old_as_of}) → {new} (peildatum {new_as_of})",
        "Differences: {old} (as of {old_as_of}) → {new} (as of {new_as_of})",
    ),
    "diff_since": ("{path} (peildatum {as_of})", "{path} (as of {as_of})"),
    "diff_none": ("Geen verschillen.", "No differences."),
    "diff_summary": (
        (
            "{added} toegevoegd, {removed} verwijderd, {changed} gewijzigd; {moved} van rang"
            " veranderd; signalen: {appeared} erbij, {cleared} vervallen; poorten: {failed} niet"
            " meer gehaald, {passed} weer gehaald."
        ),
        (
            "{added} added, {removed} removed, {changed} changed; {moved} changed rank; flags:"
            " {appeared} appeared, {cleared} cleared; gates: {failed} newly failed, {passed}"
            " newly passed."
        ),
    ),
    "diff_weights_summary": (
        "De gewichten zijn veranderd (afwegingskader {old} → {new}).",
        "The weights changed (framework {old} → {new}).",
    ),
    "diff_added": ("toegevoegd", "added"),
    "diff_removed": ("verwijderd", "removed"),
    "diff_changed": ("gewijzigd", "changed"),
    "diff_added_head": ("Toegevoegd", "Added"),
    "diff_removed_head": ("Verwijderd", "Removed"),
    "diff_changed_head": ("Gewijzigd", "Changed"),
    "diff_weights_head": ("Gewichten", "Weights"),
    "diff_move": ("verschuiving", "move"),
    "diff_change": ("verandering", "change"),
    "diff_by_weights": ("door gewichten", "by weights"),
    "diff_by_scores": ("door scores", "by scores"),
    "diff_old_share": ("oud aandeel", "old share"),
    "diff_new_share": ("nieuw aandeel", "new share"),
    "diff_difference": ("verschil", "difference"),
    "diff_details": ("Details:", "Details:"),
    "diff_score_line": ("score {label}: {old} → {new}", "score {label}: {old} → {new}"),
    "diff_gate_failed": (
        "haalt de poort {label} niet meer: {score} (minimum {minimum})",
        "newly fails the gate {label}: {score} (minimum {minimum})",
    ),
    "diff_gate_failed_by": ("niet gehaald door {who}", "not reached by {who}"),
    "diff_gate_passed": (
        "haalt de poort {label} weer: {score}",
        "passes the gate {label} again: {score}",
    ),
    "diff_flag_appeared": ("signaal erbij [{rule}]: {reason}", "new flag [{rule}]: {reason}"),
    "diff_flag_cleared": (
        "signaal vervallen [{rule}]: {reason}",
        "flag cleared [{rule}]: {reason}",
    ),
    "diff_field_line": ("{field}: {old} → {new}", "{field}: {old} → {new}"),
    "diff_rename_hint": (
        (
            "{removed} is verwijderd en {added} toegevoegd met dezelfde naam ({name}): dezelfde"
            " zaak met een nieuwe id? Items worden op id vergeleken."
        ),
        (
            "{removed} was removed and {added} added with the same name ({name}): the same item"
            " with a new id? Items are matched by id."
        ),
    ),
    "diff_move_note": (
        (
            "Rang: oud → nieuw (– = niet gerangschikt, haalt een poort niet); verschuiving"
            " positief = omhoog."
        ),
        "Rank: old → new (– = not ranked, fails a gate); a positive move is up.",
    ),
    "diff_attribution_note": (
        (
            "Door gewichten / door scores: de verandering van het totaal in punten (en tussen"
            " haakjes van de rang) gesplitst in het deel door de nieuwe gewichten en het deel"
            " door de scores, het gemiddelde van beide volgordes (eerst de gewichten, dan de"
            " scores, en omgekeerd). Het deel van de rang door scores omvat ook toegevoegde en"
            " verwijderde items en gewijzigde poorten."
        ),
        (
            "By weights / by scores: the change of the total in points (and, in brackets, of the"
            " rank) split into the part due to the new weights and the part due to the scores,"
            " the average of both orders (weights first, then scores, and the other way round)."
            " The rank's part by scores also holds items added or removed and gates changed."
        ),
    ),
    "diff_field_id": ("id", "id"),
    "diff_field_name": ("naam", "name"),
    "diff_field_kind": ("soort", "kind"),
    "diff_field_cluster": ("cluster", "cluster"),
    "diff_field_status": ("status", "status"),
    "diff_field_established": ("opgericht", "established"),
    "diff_field_mandate_end": ("einde mandaat", "mandate end"),
    "diff_field_last_result": ("laatste resultaat", "last result"),
    "diff_field_cost_eur": ("kosten (EUR/jaar)", "cost (EUR/year)"),
    "diff_field_cost_fte": ("kosten (fte)", "cost (FTE)"),
}
