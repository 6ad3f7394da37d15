"""The strings of the commands' output (ranking, review, score, robustness, selection,
the memo, sheets); part of the one table of ``afweging.i18n``."""

STRINGS: dict[str, tuple[str, str]] = {
    "rank": ("rang", "rank"),
    "id": ("id", "id"),
    "name": ("naam", "name"),
    "kind": ("soort", "kind"),
    "cluster": ("cluster", "cluster"),
    "total": ("totaal", "total"),
    "gates": ("poorten", "gates"),
    "gates_ok": ("ok", "ok"),
    "criterion": ("criterium", "criterion"),
    "score": ("score", "score"),
    "value": ("waarde", "value"),
    "weight": ("gewicht", "weight"),
    "contribution": ("bijdrage", "contribution"),
    "rationale": ("onderbouwing", "rationale"),
    "minimum": ("minimum", "minimum"),
    "passed": ("gehaald", "passed"),
    "failed": ("niet gehaald", "failed"),
    "missing": ("ontbreekt", "missing"),
    "working-group": ("werkgroep", "working group"),
    "initiative": ("initiatief", "initiative"),
    "project": ("project", "project"),
    "as_of": ("peildatum", "as of"),
    "framework": ("afwegingskader", "framework"),
    "summary": (
        "{items} items: {viable} gerangschikt, {failed} halen een poort niet.",
        "{items} items: {viable} ranked, {failed} fail a gate.",
    ),
    "omitted": (
        "{count} items niet getoond (--top {top}: alleen rang {top} of beter).",
        "{count} more items not shown (--top {top}: only rank {top} or better).",
    ),
    "truncated": (
        (
            "{count} van de {items} items niet getoond: de tabel toont er {shown}; --top N"
            " toont rang 1 tot N, --all alles, --format json of csv geeft alle items."
        ),
        (
            "{count} of {items} items not shown: the table shows {shown}; --top N shows"
            " ranks 1 to N, --all every item, --format json or csv gives all of them."
        ),
    ),
    "total_rule": (
        (
            "Totaal 0–100 = Σ gewichtsaandeel × score (slechtste niveau 0, beste 1);"
            " gelijke totalen delen een rang."
        ),
        "Total 0–100 = Σ weight share × score (worst level 0, best 1); equal totals share a rank.",
    ),
    "missing_note": (
        "* ontbrekende score, gerekend als het slechtste niveau (--allow-missing).",
        "* missing score, counted as the worst level (--allow-missing).",
    ),
    "explain_head": (
        "{name} ({id}): rang {rank} van {viable}, totaal {total} van 100",
        "{name} ({id}): rank {rank} of {viable}, total {total} of 100",
    ),
    "explain_head_failed": (
        "{name} ({id}): niet gerangschikt (haalt een poort niet), totaal {total} van 100",
        "{name} ({id}): not ranked (fails a gate), total {total} of 100",
    ),
    "margin_above": (
        "{gap} punten achter {name} (rang {rank}, {total})",
        "{gap} points behind {name} (rank {rank}, {total})",
    ),
    "margin_below": (
        "{gap} punten voor {name} (rang {rank}, {total})",
        "{gap} points ahead of {name} (rank {rank}, {total})",
    ),
    "margin_tie": (
        "gelijk met {name} (beide rang {rank})",
        "tied with {name} (both rank {rank})",
    ),
    "margin_top": ("hoogste van alle items", "highest of all items"),
    "margin_bottom": ("laagste van de gerangschikte items", "lowest of the ranked items"),
    "margins": ("marge", "margin"),
    "failed_gate_reason": (
        "{gate}: {score}, minimum {minimum}",
        "{gate}: {score}, minimum {minimum}",
    ),
    "failed_by": ("niet gehaald door {who}", "not reached by {who}"),
    "none": ("geen", "none"),
    "flags": ("signalen", "flags"),
    "discontinue": ("stoppen", "discontinue"),
    "discuss": ("bespreken", "discuss"),
    "review_head": (
        "Beoordeling {title} — peildatum {as_of}",
        "Review of {title} — as of {as_of}",
    ),
    "review_group_discontinue": (
        "Voorgesteld om te stoppen",
        "Proposed for discontinuation",
    ),
    "review_group_discuss": ("Te bespreken", "To discuss"),
    "review_none": ("Geen signalen.", "No flags."),
    "review_summary": (
        "{reviewed} beoordeeld: {discontinue} voorgesteld om te stoppen, {discuss} te bespreken.",
        "{reviewed} reviewed: {discontinue} proposed for discontinuation, {discuss} to discuss.",
    ),
    "review_item": (
        "{name} ({id}), rang {rank}, totaal {total}",
        "{name} ({id}), rank {rank}, total {total}",
    ),
    "review_item_unranked": (
        "{name} ({id}), niet gerangschikt (haalt een poort niet), totaal {total}",
        "{name} ({id}), not ranked (fails a gate), total {total}",
    ),
    "working_group": ("werkgroep", "working group"),
    "method_score": ("score ({method})", "score ({method})"),
    "method_note_weighted-product": (
        (
            "Gerangschikt op het gewogen product: Π (positie van het niveau / aantal niveaus)"
            "^gewichtsaandeel × 100; het totaal blijft de gewogen som."
        ),
        (
            "Ranked by the weighted product: Π (level position / number of levels)^weight share"
            " × 100; the total stays the weighted sum."
        ),
    ),
    "method_note_topsis": (
        (
            "Gerangschikt op TOPSIS: relatieve nabijheid tot het ideaal × 100 (onder de"
            " gerangschikte items); het totaal blijft de gewogen som."
        ),
        (
            "Ranked by TOPSIS: relative closeness to the ideal × 100 (among the ranked items);"
            " the total stays the weighted sum."
        ),
    ),
    "method_note_promethee-ii": (
        (
            "Gerangschikt op PROMETHEE II: netto stroom × 100 (−100 tot 100, onder de"
            " gerangschikte items); het totaal blijft de gewogen som."
        ),
        (
            "Ranked by PROMETHEE II: net flow × 100 (−100 to 100, among the ranked items);"
            " the total stays the weighted sum."
        ),
    ),
    "memo_place": ("plaats {rank} van {viable}", "place {rank} of {viable}"),
    "memo_above": ("onder {name}", "below {name}"),
    "memo_below": ("boven {name}", "above {name}"),
    "not_ranked_gate": (
        "niet gerangschikt: haalt een poort niet",
        "not ranked: fails a gate",
    ),
    "memo_top_chance": ("{share} kans op de top {top}", "{share} chance of the top {top}"),
    "memo_sum_top": ("Hoogste prioriteiten: {items}.", "Top priorities: {items}."),
    "memo_sum_review": (
        (
            "Van de {reviewed} werkgroepen worden er {count} voorgesteld om te stoppen ({names});"
            " {discuss} te bespreken."
        ),
        (
            "Of the {reviewed} working groups, {count} are proposed for discontinuation"
            " ({names}); {discuss} to discuss."
        ),
    ),
    "memo_rank_of": ("{name} op plaats {rank}", "{name} at place {rank}"),
    "memo_fails_gate": ("{name} haalt een poort niet", "{name} fails a gate"),
    "memo_sum_new": (
        "{count} voorgestelde initiatieven: {items}.",
        "{count} proposed initiatives: {items}.",
    ),
    "memo_cluster_bit": (
        "{cluster}: {items} items ({items_share}), {share} van de kosten, {fte} van de fte",
        "{cluster}: {items} items ({items_share}), {share} of the cost, {fte} of the FTE",
    ),
    "memo_sum_clusters": (
        "Spreiding over de kernterreinen — {items}.",
        "Spread over the core areas — {items}.",
    ),
    "robust_head": (
        "Robuustheid: {samples} steekproeven van de gewichten ({weights}), zaadwaarde {seed}",
        "Robustness: {samples} samples of the weights ({weights}), seed {seed}",
    ),
    "robust_weights_around": (
        "rond de gewichten van het kader",
        "around the framework's weights",
    ),
    "robust_weights_uniform": (
        "uniform, zonder voorkeur",
        "uniform, no preference",
    ),
    "robust_top": ("kans op top {top}", "chance of top {top}"),
    "robust_range": ("rang 5–95%", "rank 5–95%"),
    "robust_likely": ("meest waarschijnlijk", "most likely"),
    "robust_order": ("volgorde gelijk", "order unchanged"),
    "robust_topset": ("top {top} gelijk", "top {top} unchanged"),
    "robust_method": ("methode", "method"),
    "robust_point": (
        "alleen bij {share} (gelijke totalen)",
        "only at {share} (tied totals)",
    ),
    "robust_excluded": (
        "Niet gerangschikt (halen een poort niet): {names}.",
        "Not ranked (fail a gate): {names}.",
    ),
    "verdict_robust": (
        "{names} staan in minstens {share} van de steekproeven in de top {top}: robuust.",
        "{names} are in the top {top} in at least {share} of the samples: robust.",
    ),
    "verdict_robust_one": (
        "{names} staat in minstens {share} van de steekproeven in de top {top}: robuust.",
        "{names} is in the top {top} in at least {share} of the samples: robust.",
    ),
    "verdict_unsure": (
        "De plaatsen {low}–{high} hangen af van de gewichten: {names} (kans op de top {top}).",
        "Places {low}–{high} depend on the weights: {names} (chance of the top {top}).",
    ),
    "verdict_unsure_one": (
        "Plaats {low} hangt af van de gewichten: {names} (kans op de top {top}).",
        "Place {low} depends on the weights: {names} (chance of the top {top}).",
    ),
    "verdict_weight": (
        (
            "De top {top} hangt het meest af van het gewicht van {criterion}: die blijft gelijk"
            " zolang dat tussen {lower} en {upper} ligt (nu {now})."
        ),
        (
            "The top {top} depends most on the weight of {criterion}: it stays the same while"
            " that weight is between {lower} and {upper} (now {now})."
        ),
    ),
    "verdict_weight_below": (
        (
            "De top {top} hangt het meest af van het gewicht van {criterion}: die blijft gelijk"
            " zolang dat hoogstens {upper} is (nu {now})."
        ),
        (
            "The top {top} depends most on the weight of {criterion}: it stays the same while"
            " that weight is at most {upper} (now {now})."
        ),
    ),
    "verdict_weight_above": (
        (
            "De top {top} hangt het meest af van het gewicht van {criterion}: die blijft gelijk"
            " zolang dat minstens {lower} is (nu {now})."
        ),
        (
            "The top {top} depends most on the weight of {criterion}: it stays the same while"
            " that weight is at least {lower} (now {now})."
        ),
    ),
    "verdict_weight_point": (
        (
            "De top {top} staat op het spel bij het gewicht van {criterion}: totalen staan"
            " gelijk, zodat elke verandering van dat gewicht (nu {now}) de top {top} verandert."
        ),
        (
            "The top {top} is on a knife-edge at the weight of {criterion}: totals are tied,"
            " so any change of that weight (now {now}) changes the top {top}."
        ),
    ),
    "verdict_weight_none": (
        (
            "De top {top} hangt van geen enkel gewicht alleen af: elk gewicht mag van 0% tot"
            " 100% gaan zonder dat de top {top} verandert."
        ),
        (
            "The top {top} depends on no single weight: each weight may go from 0% to 100%"
            " without changing the top {top}."
        ),
    ),
    "verdict_methods_same": (
        "Andere methoden geven dezelfde volgorde (Kendall tau {taus}).",
        "Other methods give the same order (Kendall tau {taus}).",
    ),
    "verdict_methods_agree": (
        "Andere methoden geven bijna dezelfde volgorde (Kendall tau {taus}).",
        "Other methods give nearly the same order (Kendall tau {taus}).",
    ),
    "verdict_methods_differ": (
        (
            "Andere methoden geven een andere volgorde (Kendall tau {taus}); of {names}"
            " in de top {top} staat, hangt af van de methode."
        ),
        (
            "Other methods give a different order (Kendall tau {taus}); whether {names}"
            " make the top {top} depends on the method."
        ),
    ),
    "verdict_methods_differ_only": (
        "Andere methoden geven een andere volgorde (Kendall tau {taus}), met dezelfde top {top}.",
        "Other methods give a different order (Kendall tau {taus}), with the same top {top}.",
    ),
    "cost": ("kosten", "cost"),
    "fte": ("fte", "FTE"),
    "no_limit": ("geen grens", "no limit"),
    "select_head": (
        "Selectie binnen budget en personeel — {title}",
        "Selection within budget and staff — {title}",
    ),
    "select_summary": (
        (
            "Geselecteerd: {count} items, samen {value} punten; kosten {spend} van {budget}"
            " (ruimte {slack_eur}), personeel {staff} van {fte} fte (ruimte {slack_fte})."
        ),
        (
            "Selected: {count} items, together {value} points; cost {spend} of {budget}"
            " (left {slack_eur}), staff {staff} of {fte} FTE (left {slack_fte})."
        ),
    ),
    "select_left_out": ("Niet geselecteerd:", "Left out:"),
    "select_to_bring_in": ("wat het erbij brengt", "what would bring it in"),
    "select_gate": ("haalt een poort niet", "fails a gate"),
    "select_excluded": ("uitgesloten (--exclude)", "excluded (--exclude)"),
    "select_blocked": ("kan er niet bij: {items}", "cannot come in: {items}"),
    "select_unexplained": (
        "niet te berekenen: de solver faalde ({error})",
        "could not be computed: the solver failed ({error})",
    ),
    "select_add_eur": ("{amount} meer budget", "{amount} more budget"),
    "select_add_fte": ("{amount} fte meer", "{amount} more FTE"),
    "select_drop": ("laat {items} vallen ({points} punten)", "drop {items} ({points} points)"),
    "select_adds": ("samen met {items}", "together with {items}"),
    "select_or": (" of ", " or "),
    "select_vfm": (
        "Waarde voor geld (punten per miljoen euro en per fte):",
        "Value for money (points per million euros and per FTE):",
    ),
    "select_per_meur": ("per mln EUR", "per EUR m"),
    "select_per_fte": ("per fte", "per FTE"),
    "select_greedy": ("gulzig", "greedy"),
    "select_opt": ("optimaal", "optimal"),
    "select_greedy_same": (
        "Kiezen op waarde per euro geeft hier dezelfde set ({value} punten).",
        "Picking by value per euro gives the same set here ({value} points).",
    ),
    "select_greedy_differs": (
        (
            "Kiezen op waarde per euro haalt {greedy} punten tegen {optimum} optimaal: het neemt"
            " {takes} in plaats van {instead}."
        ),
        (
            "Picking by value per euro reaches {greedy} points against {optimum} at the optimum:"
            " it takes {takes} instead of {instead}."
        ),
    ),
    "select_frontier": (
        "Efficiënte grens (hoogst haalbare waarde per budget, zelfde personeel):",
        "Efficient frontier (best value at each budget, same staff):",
    ),
    "select_budget": ("budget", "budget"),
    "memo_methods": (
        "Rangcorrelatie (Kendall tau) van andere methoden met de gewogen som: {methods}.",
        "Rank correlation (Kendall's tau) of other methods with the weighted sum: {methods}.",
    ),
    "chart_points": ("punten (0–100)", "points (0–100)"),
    "chart_budget": ("budget (mln EUR)", "budget (EUR m)"),
    "chart_value": ("totaalwaarde van de selectie", "total value of the selection"),
    "chart_rank": ("rang", "rank"),
    "chart_share": ("aandeel van de steekproeven", "share of samples"),
    "did_you_mean": ("bedoelt u '{word}'?", "did you mean '{word}'?"),
    "not_a_level": (
        (
            "'{answer}' is geen niveau van deze schaal; kies uit {levels}, een naam of een"
            " getal (? toont de schaal)"
        ),
        (
            "'{answer}' is not a level of this scale; choose from {levels}, a name or a number"
            " (? shows the scale)"
        ),
    ),
    "answer_needed": (
        "een antwoord is nodig: {levels}, een naam of een getal (? toont de schaal)",
        "an answer is needed: {levels}, a name or a number (? shows the scale)",
    ),
    "bad_id": (
        "een id bestaat uit letters, cijfers, '-' en '_' (geen spaties), hoogstens 64 tekens",
        "an id is letters, digits, '-' and '_' (no spaces), at most 64 characters",
    ),
    "id_taken": ("'{id}' bestaat al in de portefeuille", "'{id}' is already in the portfolio"),
    "ask_id": ("Id van het nieuwe item", "Id of the new item"),
    "ask_name": ("Naam", "Name"),
    "ask_eur": ("Kosten per jaar in euro", "Cost a year in euros"),
    "ahp_consistency": (
        "λmax {lmax}, consistentie-index {ci}, random-index {ri}, consistentieratio {cr}",
        "λmax {lmax}, consistency index {ci}, random index {ri}, consistency ratio {cr}",
    ),
    "ahp_revisit": (
        " — boven 0,10: bekijk de oordelen opnieuw",
        " — above 0.10: revisit the judgements",
    ),
    "ahp_fine": (" (hoogstens 0,10: in orde)", " (at most 0.10: fine)"),
    "ahp_furthest": (
        "de oordelen die het verst van de gewichten liggen:",
        "the judgements furthest from the weights:",
    ),
    "ahp_pair": (
        "  {first} tegen {second}: gegeven {given}, de gewichten geven {implied}",
        "  {first} vs {second}: given {given}, the weights imply {implied}",
    ),
    "swing_zero": (
        "gewicht 0 (geen verschil dat telt): {criteria}",
        "weight 0 (no swing that matters): {criteria}",
    ),
    "ask_fte": ("Personeel in fte", "Staff in FTE"),
    "ask_save": ("Toevoegen aan {path}? [j/N]", "Add it to {path}? [y/N]"),
    "ask_kind": ("Soort", "Kind"),
    "ask_cluster": ("Cluster (leeg: geen)", "Cluster (empty: none)"),
    "ask_rationale": (
        "Onderbouwing in één regel (leeg: overslaan)",
        "One-line rationale (empty: skip)",
    ),
    "empty": ("mag niet leeg zijn", "must not be empty"),
    "choose": ("kies uit: {options}", "choose from: {options}"),
    "gate_minimum": ("poort, minimum {minimum}", "gate, minimum {minimum}"),
    "placement": (
        "zou rang {rank} van {viable} gerangschikte items krijgen",
        "would rank {rank} of {viable} viable items",
    ),
    "placement_between": ("tussen {above} en {below}", "between {above} and {below}"),
    "placement_top": ("boven {below}", "above {below}"),
    "placement_bottom": ("onder {above}", "below {above}"),
    "placement_alone": ("als enige", "as the only one"),
    "placement_failed": (
        "zou niet gerangschikt worden: haalt een poort niet",
        "would not be ranked: it fails a gate",
    ),
    "pushed_down": ("schuift omlaag: {items}", "pushes down: {items}"),
    "pushed_out": ("valt uit de top {top}: {items}", "drops out of the top {top}: {items}"),
    "would_carry": ("zou deze signalen krijgen", "would carry these flags"),
    "saved": ("toegevoegd aan {path}: {id} ({name})", "added to {path}: {id} ({name})"),
    "verdict_head": (
        "{name} ({id}): totaal {total} van 100",
        "{name} ({id}): total {total} of 100",
    ),
    "working_groups": ("werkgroepen", "working groups"),
    # scoring workbooks (sheets, merge)
    "sheet_title": ("Scoreblad van {assessor}", "Score sheet of {assessor}"),
    "sheet_step_1": (
        "1. Geef op het blad Scores elk item een score per criterium; kies het niveau in de lijst.",
        "1. On the Scores sheet, score each item on each criterion: pick a level from the list.",
    ),
    "sheet_step_2": (
        "2. Licht elke score toe in de kolom rationale.CRITERIUM ernaast.",
        "2. Explain each score in the rationale.CRITERION column beside it.",
    ),
    "sheet_step_3": (
        "3. De scores die al bekend zijn staan er al in; wijzig ze waar uw oordeel anders is.",
        "3. The scores already known are filled in; change them where your judgement differs.",
    ),
    "sheet_step_4": (
        "4. Een lege cel betekent: geen oordeel; de score in de portefeuille blijft dan staan.",
        "4. A blank cell means: no judgement; the portfolio's score then stays as it is.",
    ),
    "sheet_step_5": (
        "5. Wijzig geen ids, kolomkoppen of bladnamen; voeg geen rijen toe; gebruik geen formules.",
        "5. Do not change ids, column headers or sheet names, add no rows and use no formulas.",
    ),
    "sheet_step_6": (
        "6. Sla het bestand op als Excel-werkmap (.xlsx) en stuur het terug.",
        "6. Save the file as an Excel workbook (.xlsx) and send it back.",
    ),
    "sheet_label": ("omschrijving", "label"),
    "sheet_question": ("vraag bij het scoren", "scoring question"),
    "sheet_levels": ("niveaus", "levels"),
    "sheet_own_score": ("(uw eigen score)", "(your own score)"),
    "sheet_rationale_note": (
        "De onderbouwing van uw score op {criterion}.",
        "The rationale of your score on {criterion}.",
    ),
    "sheet_invalid_title": ("Geen niveau van de schaal", "Not a level of the scale"),
    "sheet_invalid": ("Kies een van: {levels}", "Choose one of: {levels}"),
    "columns_dropped": (
        "Niet getoond, want te breed voor het venster: {columns} (--wide toont alles).",
        "Not shown, too wide for the window: {columns} (--wide shows all).",
    ),
    "sheets_written": (
        "{count} scoreformulieren geschreven in {folder}: {files}",
        "{count} workbooks written to {folder}: {files}",
    ),
    "merge_heading": ("Samenvoegen in {title}", "Merging into {title}"),
    "merge_assessor": ("beoordelaar", "assessor"),
    "merge_before": ("nu", "now"),
    "merge_after": ("scoreformulier", "workbook"),
    "merge_levels": ("niveaus", "levels"),
    "merge_spread": ("verschil", "spread"),
    "merge_no_changes": (
        "De scoreformulieren veranderen geen score.",
        "The workbooks change no score.",
    ),
    "merge_spread_heading": (
        "Scores waarop de beoordelaars te veel verschillen (bespreken):",
        "Scores on which the assessors differ too much (discuss):",
    ),
    "merge_summary": (
        (
            "{scores} scores en {rationales} onderbouwingen anders dan in de portefeuille;"
            " {spreads} scores om te bespreken."
        ),
        (
            "{scores} scores and {rationales} rationales differ from the portfolio;"
            " {spreads} scores to discuss."
        ),
    ),
    "merge_written": ("{path} bijgewerkt.", "{path} updated."),
    "merge_not_written": (
        "Niets geschreven: --write werkt de portefeuille bij, -o schrijft een nieuw bestand.",
        "Nothing written: --write updates the portfolio, -o writes a new file.",
    ),
}
