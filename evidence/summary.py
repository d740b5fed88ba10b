"""One summary per measure, in the manner of a Cochrane Summary of Findings table.

Built once per data set and selection of studies (`summaries`), then only drawn: the option grid, every comparison
view, the presenter slides, the handout, "What matters to me" and the downloads all read these objects, so no two
places can disagree on a number, a verdict or a wording.

Which evidence counts (the rule shown on screen as RULE):
1. The effect of MISS comes from the best evidence that gives a number: pooled randomised trials, then pooled
   non-randomised (cohort) studies, then the largest randomised trial, then the largest cohort or registry. Within a
   level: a result with a 95% interval first, then the most patients, then the most studies.
2. The typical value with open surgery (the assumed risk) comes from the study marked `typical_open` in figures.csv;
   where the effect is one study's pair of results, both numbers come from that study.
3. A risk with MISS is the typical open risk with the pooled ratio applied (risk ratio: r x RR; odds ratio:
   OR x r / (1 - r + OR x r)); its range comes from the ratio's 95% interval through the same formula.
4. Where reviews disagree with each other, the best review on each side is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from evidence.load import BY_FINGERPRINT, Evidence, Selection, selection_of
from evidence.wording import (
    CERTAINTY_PLAIN,
    about,
    count_words,
    denominator,
    number,
    per,
    plain_unit,
    short_name,
    with_unit,
)

RULE = (
    "Which evidence we use: for each measure, we take the effect of MISS from the best study that gives a number. "
    "Best are reviews that pool fair tests (randomised trials). Next come reviews of other studies. Then comes the "
    "largest trial, and then the largest single study. The typical result with open surgery comes from one named "
    "study. Where reviews disagree, we show both sides."
)
AGREEMENT_RULE = (
    "How we say whether studies agree: we count each study once, by its own result (better with MISS, better with "
    "open, or no clear difference), and never average them. If all point the same way, they agree; if at least two "
    "in three do, most agree; otherwise they disagree."
)
LEVELS = {  # study design -> (level of evidence, plain words); lower is better
    "meta-analysis of RCTs": (1, "a review of {n} randomised trials"),
    "meta-analysis of RCTs and cohort studies": (2, "a review of {n} studies, trials among them"),
    "meta-analysis of cohort studies": (2, "a review of {n} non-randomised studies"),
    "RCT": (3, "one randomised trial of {p} people"),
    "prospective cohort": (4, "one study of {p} people"),
    "retrospective cohort": (4, "one study of {p} people"),
    "national database study": (4, "one national database study of {p} people"),
    "cohort study": (4, "one study of {p} people"),
    "case series": (4, "one series of {p} people, all treated the same way"),
    "systematic review": (2, "a review of {n} studies"),
    "narrative review": (5, "a review of {n} studies"),
}
POOLED = 2  # levels 1 and 2 are reviews that pool numbers
RATIOS = ("odds ratio", "risk ratio")
DIFFERENCES = ("mean difference", "weighted mean difference")
FINDING_WORDS = {
    "favours_miss": "better with MISS",
    "favours_open": "better with open",
    "no_significant_difference": "no clear difference",
    "direction_only": "a description, not a comparison",
}
AGAINST_OPEN = {"favours_miss": "Better than open", "favours_open": "Worse than open",
                "no_significant_difference": "No clear difference"}


@dataclass(frozen=True)
class Estimate:
    """One study's result as a summary uses it."""

    figure_id: str
    source_id: str
    study: str  # 'Li 2018'
    basis: str  # 'a review of 7 randomised trials'
    finding: str
    locator: str
    follow_up: str
    population: str


@dataclass(frozen=True)
class Summary:
    """What the evidence says about one measure, in numbers and in words for each audience."""

    metric_id: str
    comparison_id: str
    label: str  # surgeon wording
    patient_label: str
    kind: str  # continuous, risk, text
    unit: str
    better: str  # lower, higher, none
    open_cell: str  # the option grid's cells, exact (surgeons)
    miss_cell: str
    open_plain: str  # the same, rounded (patients, presenters)
    miss_plain: str
    sentence: str  # the numbers in plain words
    open_value: float | None  # numbers the charts draw (risks in %, continuous in `unit`)
    miss_value: float | None
    miss_low: float | None
    miss_high: float | None
    out_of: int | None  # the one denominator of a risk
    window: str  # time window of a risk, e.g. 'within 90 days'
    effect: Estimate | None
    typical: Estimate | None
    also: tuple[str, ...]  # where reviews disagree: the other side, in words
    basis: str  # where the numbers come from, in words
    agreement: str  # agree, mostly, disagree, none
    agreement_words: str
    certainty: str
    certainty_words: str
    certainty_reason: str
    source_ids: tuple[str, ...]  # the studies behind the numbers shown

    @property
    def icons(self) -> bool:
        """True for a risk with both options in natural frequencies: what an icon array draws."""
        return self.out_of is not None and self.open_value is not None and self.miss_value is not None


def level(design: str) -> int:
    return LEVELS.get(design, (9, ""))[0]


def design_words(row: pd.Series) -> str:
    """'a review of 7 randomised trials', 'one study of 297 people'."""
    template = LEVELS.get(row.design, (9, "{design}"))[1]
    n_studies = f"{int(row.n_studies)}" if pd.notna(row.n_studies) else "several"
    people = f"{int(row.n_patients):,}" if pd.notna(row.n_patients) else "an unstated number of"
    return template.format(n=n_studies, p=people, design=row.design)


def _rank(row: pd.Series) -> tuple:
    has_interval = pd.notna(row.effect_low) and pd.notna(row.effect_high) or row.spread_type != "none"
    return (level(row.design), not has_interval, -(row.n_patients if pd.notna(row.n_patients) else 0),
            -(row.n_studies if pd.notna(row.n_studies) else 0), row.figure_id)


def best(rows: pd.DataFrame) -> pd.Series | None:
    """The row that counts most under the rule (see RULE), or None."""
    if rows.empty:
        return None
    return min((row for _, row in rows.iterrows()), key=_rank)


def numeric_rows(rows: pd.DataFrame, metric: pd.Series) -> pd.DataFrame:
    """Rows that give the effect of MISS as a number in this measure's terms: a ratio for risks, a difference in the
    measure's unit, or one study's pair of results in the measure's unit."""
    same_unit = rows.unit == metric.unit
    pair = rows.open_value.notna() & rows.miss_value.notna() & same_unit
    if metric.kind == "risk":
        effect = rows.effect_measure.isin(RATIOS) & rows.effect_value.notna()
    else:
        effect = rows.effect_measure.isin(DIFFERENCES) & rows.effect_value.notna() & same_unit
    return rows[pair | effect]


def agreement(rows: pd.DataFrame, sources: pd.DataFrame) -> tuple[str, str]:
    """Whether the studies agree, counted once per study (its best result; a study reported twice counts once),
    never averaged: agree (all one way), mostly (two in three or more one way), disagree, or none. Every screen
    shows this one verdict."""
    compared = rows[(rows.finding != "direction_only") & ~rows.own]
    study = compared.source_id.map(sources.same_study_as.fillna(pd.Series(sources.index, index=sources.index)))
    per_study = [best(group).finding for _, group in compared.groupby(study)]
    if not per_study:
        return "none", "No study compared the two on this."
    counts = pd.Series(per_study).value_counts()
    top, top_count, total = counts.index[0], int(counts.iloc[0]), len(per_study)
    split = ", ".join(f"{int(n)} {FINDING_WORDS[finding]}" for finding, n in counts.items())
    if total == 1:
        return "agree", f"One study compared them: {FINDING_WORDS[top]}."
    if top_count == total:
        return "agree", f"{'Both' if total == 2 else f'All {total}'} studies that compared them: {FINDING_WORDS[top]}."
    if top_count >= total * 2 / 3:
        return "mostly", f"Most studies ({top_count} of {total}): {FINDING_WORDS[top]}. The others: " + ", ".join(
            f"{int(n)} {FINDING_WORDS[f]}" for f, n in counts.items() if f != top) + "."
    return "disagree", f"The {total} studies that compared them disagree: {split}."


def _odds_to_risk(ratio: float, risk: float) -> float:
    return ratio * risk / (1 - risk + ratio * risk)


def corresponding_risk(measure: str, ratio: float, open_percent: float) -> float:
    """The risk with MISS (in %) from the typical open risk and a pooled ratio (Cochrane's formula)."""
    r = open_percent / 100
    return 100 * (_odds_to_risk(ratio, r) if measure == "odds ratio" else min(ratio * r, 1))


def _estimate(row: pd.Series, sources: pd.DataFrame) -> Estimate:
    source = sources.loc[row.source_id]
    return Estimate(
        figure_id=row.figure_id, source_id=row.source_id, study=short_name(source), basis=design_words(row),
        finding=row.finding, locator=row.locator, follow_up=row.follow_up if isinstance(row.follow_up, str) else "",
        population=row.population if isinstance(row.population, str) else "",
    )


def _difference_words(value: float, low: float | None, high: float | None, unit: str, plain: bool,
                      clear: bool = True) -> str:
    """'about 290 mL less (220 to 370 less)' or, exact, '291 mL less (95% CI 216 to 367 less)'; for patients a
    difference the study did not find clear reads 'about the same'."""
    fmt = (lambda v: about(v, bare=True)) if plain else number
    side = lambda v: "less" if v < 0 else "more"  # noqa: E731
    word, explained = plain_unit(unit) if plain else (unit, "")
    head = f"{'about ' if plain else ''}{fmt(abs(value))} {word} {side(value)}{explained}".replace(" %", "%")
    if plain and not clear:
        head = "about the same"
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return head
    label = "" if plain else "95% CI "
    if (low < 0) == (high < 0):
        near, far = sorted((abs(low), abs(high)))
        return f"{head} ({label}{fmt(near)} to {fmt(far)} {side(low)})"
    return f"{head} ({label}{fmt(abs(low))} less to {fmt(abs(high))} more)"


def _relative_words(row: pd.Series) -> tuple[str, str]:
    """A pooled ratio with no typical open risk to apply it to: (exact, plain) words."""
    interval = pd.notna(row.effect_low) and pd.notna(row.effect_high)
    exact = f"{row.effect_measure} {number(row.effect_value)}" + (
        f" (95% CI {number(row.effect_low)} to {number(row.effect_high)})" if interval else "")
    if row.finding == "no_significant_difference":
        return f"{exact}; no typical open risk found", "About the same; no typical open risk found"
    if row.effect_measure == "risk ratio":
        plain = f"About {round(row.effect_value * 100)} for every 100 with open"
        if interval:
            plain += f" ({round(row.effect_low * 100)} to {round(row.effect_high * 100)})"
    else:
        plain = "Fewer with MISS" if row.effect_value < 1 else "More with MISS"
    return f"{exact}; no typical open risk found", plain


def _risk_words(count: int, out_of: int) -> str:
    return f"about {count_words(count)} in {out_of:,}"


def build(evidence: Evidence, figures: pd.DataFrame, metric: pd.Series) -> Summary:
    """The summary of one measure from the figures in the current selection (own data never counts here)."""
    sources = evidence.sources.set_index("source_id")
    rows = figures[(figures.metric_id == metric.name) & ~figures.own]
    certainty = metric.certainty if isinstance(metric.certainty, str) else ""
    agreed, agreed_words = agreement(rows, sources)
    numeric = numeric_rows(rows, metric)
    top = best(numeric)
    typical_rows = rows[rows.typical_open]
    typical_row = typical_rows.iloc[0] if len(typical_rows) else None
    unit = metric.unit
    open_value = miss_value = miss_low = miss_high = None
    out_of, window = None, ""
    open_cell = miss_cell = open_plain = miss_plain = ""
    effect = typical = None
    used: list[str] = []
    if top is not None:
        effect = _estimate(top, sources)
        used.append(top.source_id)
        is_pair = pd.notna(top.open_value) and pd.notna(top.miss_value) and top.unit == unit and (
            pd.isna(top.effect_value) or typical_row is None)
        base = top if is_pair else typical_row
        if base is not None:
            typical = _estimate(base, sources)
            used.append(base.source_id)
            open_value = float(base.open_value if pd.notna(base.open_value) else base.effect_value)
        if metric.kind == "risk":
            window = typical.follow_up if typical else ""
            if is_pair:
                miss_value = float(top.miss_value)
                miss_low, miss_high = (float(top.miss_low), float(top.miss_high)) if pd.notna(top.miss_low) and \
                    pd.notna(top.miss_high) else (None, None)
            elif open_value is not None:
                miss_value = corresponding_risk(top.effect_measure, top.effect_value, open_value)
                if pd.notna(top.effect_low) and pd.notna(top.effect_high):
                    miss_low = corresponding_risk(top.effect_measure, top.effect_low, open_value)
                    miss_high = corresponding_risk(top.effect_measure, top.effect_high, open_value)
            if open_value is not None and miss_value is not None:
                out_of = denominator(open_value, miss_value)
                open_plain = open_cell = _risk_words(per(open_value, out_of), out_of)
                miss_plain = _risk_words(per(miss_value, out_of), out_of)
                spread = f"{count_words(per(miss_low, out_of))} to {count_words(per(miss_high, out_of))}" \
                    if miss_low is not None else ""
                miss_plain += f" ({spread})" if spread else ""
                open_cell = f"{number(open_value)}% ({open_plain})"
                ratio = "" if is_pair else f"; {top.effect_measure} {number(top.effect_value)}" + (
                    f" (95% CI {number(top.effect_low)} to {number(top.effect_high)})"
                    if pd.notna(top.effect_low) and pd.notna(top.effect_high) else "")
                miss_cell = (f"{number(miss_value)}% ({_risk_words(per(miss_value, out_of), out_of)}"
                             f"{'; range ' + spread if spread else ''}){ratio}")
            elif not is_pair:
                miss_cell, miss_plain = _relative_words(top)
        else:
            if is_pair:
                miss_value = float(top.miss_value)
                open_cell, miss_cell = with_unit(open_value, unit), with_unit(miss_value, unit)
                open_plain, miss_plain = about(open_value, unit), about(miss_value, unit)
            else:
                diff, low, high = top.effect_value, top.effect_low, top.effect_high
                clear = top.finding != "no_significant_difference"
                miss_cell = _difference_words(diff, low, high, unit, plain=False)
                miss_plain = _difference_words(diff, low, high, unit, plain=True, clear=clear)
                if open_value is not None and open_value + diff <= 0:  # the typical value does not fit the
                    typical, open_value = None, None                     # pooled studies: show the difference alone
                    used = used[:1]
                if open_value is not None:
                    open_cell, open_plain = with_unit(open_value, unit), about(open_value, unit)
                    miss_value = open_value + diff
                    if pd.notna(low) and pd.notna(high):
                        miss_low, miss_high = open_value + low, open_value + high
    also = _other_side(rows, top, sources)
    if top is None and typical_row is not None:  # no effect to apply, but a typical value with open is known
        typical = _estimate(typical_row, sources)
        used.append(typical_row.source_id)
        open_value = float(typical_row.open_value if pd.notna(typical_row.open_value) else typical_row.effect_value)
        if metric.kind == "risk":
            window = typical.follow_up
            out_of = denominator(open_value)
            open_plain = _risk_words(per(open_value, out_of), out_of)
            open_cell = f"{number(open_value)}% ({open_plain})"
        else:
            open_cell, open_plain = with_unit(open_value, unit), about(open_value, unit)
    compared = rows[rows.finding != "direction_only"]
    for arm in ("open", "miss") if top is None else ():
        if arm == "open" and open_cell or arm == "miss" and not compared.empty:
            continue  # a comparison in words says more about MISS than one study of MISS alone
        alone = _single_arm(rows, metric, arm, sources)
        if alone is not None:
            used.append(alone[2])
            if arm == "open":
                open_cell, open_plain = alone[:2]
            else:
                miss_cell, miss_plain = alone[:2]
    words = _fallback_words(metric, rows, sources)
    open_cell = open_cell or words["open"]
    miss_cell = miss_cell or words["miss"]
    open_plain = open_plain or words["open"]
    miss_plain = miss_plain or words["miss"]
    basis = _basis(effect, typical, top, rows, sources)
    return Summary(
        metric_id=metric.name, comparison_id=metric.comparison_id, label=metric.label,
        patient_label=metric.patient_label, kind=metric.kind, unit=unit, better=metric.better,
        open_cell=open_cell, miss_cell=miss_cell, open_plain=open_plain, miss_plain=miss_plain,
        sentence=_sentence(metric, open_plain, miss_plain, window, out_of, (open_value, miss_value)),
        open_value=open_value, miss_value=miss_value, miss_low=miss_low, miss_high=miss_high,
        out_of=out_of, window=window, effect=effect, typical=typical, also=also, basis=basis,
        agreement=agreed, agreement_words=agreed_words, certainty=certainty,
        certainty_words=CERTAINTY_PLAIN.get(certainty, "Not rated."),
        certainty_reason=metric.certainty_reason if isinstance(metric.certainty_reason, str) else "",
        source_ids=tuple(dict.fromkeys(used)),
    )


def _other_side(rows: pd.DataFrame, top: pd.Series | None, sources: pd.DataFrame) -> tuple[str, ...]:
    """Where pooled reviews disagree with the result used: the best review of each other finding, in words."""
    pooled = rows[rows.design.map(level) <= POOLED]
    shown = top.finding if top is not None else None
    other = []
    for finding, group in pooled[pooled.finding != "direction_only"].groupby("finding"):
        if finding == shown:
            continue
        row = best(group)
        effect = f" ({_difference_words(row.effect_value, row.effect_low, row.effect_high, row.unit, True)})" \
            if row.effect_measure in DIFFERENCES and pd.notna(row.effect_value) else ""
        other.append(f"{design_words(row).capitalize()} ({short_name(sources.loc[row.source_id])}) found "
                     f"{FINDING_WORDS[finding]}{effect}.")
    return tuple(other) if shown is not None or len(other) > 1 else ()


def _single_arm(rows: pd.DataFrame, metric: pd.Series, arm: str, sources: pd.DataFrame) -> tuple[str, str, str] | None:
    """Where no study compares the two: the best study that measured this arm alone, said as such
    (exact cell, plain cell, source id), or None."""
    row = best(rows[rows[f"{arm}_value"].notna() & (rows.unit == metric.unit)])
    if row is None:
        return None
    value = row[f"{arm}_value"]
    where = f"in {design_words(row)} ({short_name(sources.loc[row.source_id])}), not a head-to-head comparison"
    scope = f" for {row.population}" if isinstance(row.population, str) else ""
    if metric.kind == "risk":
        exact, plain = f"{number(value)}% ({_risk_words(per(value, 100), 100)})", _risk_words(per(value, 100), 100)
    else:
        exact, plain = with_unit(value, metric.unit), about(value, metric.unit)
    return f"{exact}{scope}, {where}", f"{plain}{scope}, {where}", row.source_id


def _fallback_words(metric: pd.Series, rows: pd.DataFrame, sources: pd.DataFrame) -> dict[str, str]:
    """Words for a cell without a number: the curated words for this measure, else what the best study found."""
    found = {}
    for arm in ("open", "miss"):
        curated = metric.get(f"{arm}_words")
        found[arm] = curated if isinstance(curated, str) and curated.strip() else ""
    if not found["miss"]:
        compared = rows[rows.finding != "direction_only"]
        row = best(compared)
        found["miss"] = (f"{AGAINST_OPEN[row.finding]}, in {design_words(row)}; no numbers given"
                         if row is not None else "No study gave a figure")
    if not found["open"]:
        found["open"] = "No typical figure found"
    return found


def _basis(effect: Estimate | None, typical: Estimate | None, top: pd.Series | None, rows: pd.DataFrame,
           sources: pd.DataFrame) -> str:
    """Where the numbers come from, in words."""
    if effect is None:
        row = best(rows)
        if row is None:
            return "We found no study that reports this."
        said = (f"No study gave the effect of MISS as a number. The best evidence is {design_words(row)} "
                f"({short_name(sources.loc[row.source_id])}).")
        if typical is not None:
            extra = f", in {typical.population}" if typical.population else ""
            said += f" The typical value with open surgery comes from {typical.basis} ({typical.study}{extra})."
        return said
    parts = [f"The effect of MISS comes from {effect.basis} ({effect.study}, {effect.locator})"]
    if effect.population:
        parts[0] += f", in {effect.population}"
    if typical is not None and typical.figure_id != effect.figure_id:
        extra = f", in {typical.population}" if typical.population else ""
        parts.append(f"the typical value with open surgery from {typical.basis} ({typical.study}{extra})")
    return "; ".join(parts) + "."


def _sentence(metric: pd.Series, open_plain: str, miss_plain: str, window: str, out_of: int | None,
              values: tuple[float | None, float | None]) -> str:
    """The numbers in short plain sentences; never naming a winner (certainty is said beside it)."""
    if metric.kind == "risk" and out_of:
        when = f" {window}" if window.startswith(("within", "at ", "by ", "from ", "in the ")) else f" ({window})"
        open_value, miss_value = values
        miss = (f"{miss_plain} have it and {count_words(out_of - per(miss_value, out_of))} do not"
                if miss_value is not None else lower_first(miss_plain))
        return (f"{metric.patient_label}{when if window else ''}. With open surgery, {open_plain} people have this "
                f"and {count_words(out_of - per(open_value, out_of))} do not. With MISS, {_short(miss)}.")
    return f"{metric.patient_label}. With open surgery: {_short(lower_first(open_plain))}. " \
           f"With MISS: {_short(lower_first(miss_plain))}."


def _short(text: str) -> str:
    """A cell's clauses as short sentences: 'a; b' -> 'a. B'."""
    parts = text.split("; ")
    return ". ".join([parts[0], *(p[:1].upper() + p[1:] for p in parts[1:])])


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=BY_FINGERPRINT)
def summaries(evidence: Evidence, selection: Selection) -> dict[str, Summary]:
    """Every measure's summary for the figures with these ids (the current selection), in screen order.
    Built once per data fingerprint and selection; shared read-only between sessions."""
    figures = evidence.figures[evidence.figures.figure_id.isin(selection.ids)]
    order = evidence.comparisons.set_index("comparison_id").order
    metrics = evidence.metrics.assign(rank=evidence.metrics.comparison_id.map(order) * 100 + evidence.metrics.order)
    metrics = metrics.sort_values("rank").set_index("metric_id")
    return {metric_id: build(evidence, figures, metric.rename(metric_id)) for metric_id, metric in metrics.iterrows()}


def summaries_for(evidence: Evidence, figures: pd.DataFrame) -> dict[str, Summary]:
    """The summaries of a selection of figures (all figures: the published evidence)."""
    return summaries(evidence, selection_of(figures))


def said(summary: Summary) -> str:
    """What a summary says in full, in the words every screen and the handout use."""
    return f"{summary.sentence} {summary.agreement_words} How sure we are: {summary.certainty_words}"


GRID_COLUMNS = {
    "patient": ["What you may wonder", "Open", "MISS", "What studies found", "How sure we are"],
    "surgeon": ["Comparison", "Measure", "Open", "MISS", "What studies found", "Certainty"],
    "presenter": ["Measure", "Open", "MISS", "What studies found", "How sure we are"],
}


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=BY_FINGERPRINT)
def option_grid(evidence: Evidence, selection: Selection, mode: str) -> pd.DataFrame:
    """The option grid of a selection, built once per data fingerprint, selection and mode (read-only)."""
    return grid(evidence, summaries(evidence, selection), mode)


def grid(evidence: Evidence, summaries_by_metric: dict[str, Summary], mode: str) -> pd.DataFrame:
    """The option grid: one row per measure, open and MISS side by side, drawn from the summaries. Patients and
    presenters see rounded numbers, surgeons the exact ones; the verdicts are the same for all."""
    titles = evidence.comparisons.set_index("comparison_id").title
    exact = mode == "surgeon"
    rows = [{
        "Comparison": titles[s.comparison_id],
        "Measure": s.label if exact else s.patient_label,
        "What you may wonder": s.patient_label,
        "Open": s.open_cell if exact else s.open_plain,
        "MISS": s.miss_cell if exact else s.miss_plain,
        "What studies found": s.agreement_words,
        "Certainty": s.certainty or "not rated",
        "How sure we are": s.certainty_words.split(":")[0],
    } for s in summaries_by_metric.values()]
    return pd.DataFrame(rows, columns=GRID_COLUMNS["surgeon"] + ["What you may wonder", "How sure we are"])[
        GRID_COLUMNS[mode]]
