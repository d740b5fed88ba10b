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

from evidence.appraisal import (
    DIFFERENCES,
    POOLED,
    RANDOMISED,
    appraisal_of,
    best,
    design_words,
    difference,
    independent,
    level,
    non_randomised_in_trial_reviews,
    numeric_rows,
    rank,
)
from evidence.load import BY_FINGERPRINT, Evidence, Selection, selection_of
from evidence.wording import (
    about,
    certainty_words,
    count_words,
    markdown_table,
    number,
    per,
    plain_unit,
    short_name,
    with_unit,
)

RULE = (
    "Which evidence we use: for each measure, we take the effect of MISS from the best comparison that gives a number. "
    "Best are reviews that pool fair tests (randomised trials). Next come reviews of other studies. Then comes the "
    "largest trial, and then the largest single study. We apply that effect to a typical result with open surgery "
    "only when both come from similar patients, years, hospitals and ways of measuring. Where the best reviews "
    "disagree, or trials and other studies do, we give the range that every study found instead, counting a study "
    "that found no clear difference as no difference. Then each option's value comes from the latest study that "
    "measured both, and we say what the trials found. A number from one selected group, or from MISS alone, is "
    "shown as background, never as the result of an operation. A rate for fusion of any kind is labelled so."
)
AGREEMENT_RULE = (
    "How we say whether studies agree: we count each study once, by its own result (better with MISS, better with "
    "open, or no clear difference), and never average them. A study that a review already includes counts only "
    "inside that review, and two reports on the same patients or the same registry count once. Reviews may include "
    "the same studies as each other, so we count reviews and single studies apart. If all point the same way, they "
    "agree; if at least two in three do, most point one way; otherwise they disagree."
)
FINDING_WORDS = {
    "favours_miss": "better with MISS",
    "favours_open": "better with open",
    "no_significant_difference": "no clear difference",
    "direction_only": "a description, not a comparison",
}
AGAINST_OPEN = {"favours_miss": "Better than open", "favours_open": "Worse than open",
                "no_significant_difference": "No clear difference"}
BACKGROUND = {  # what a number that is not a comparison is, said beside it
    "single_arm": "Only people having {arm} were studied, so this is not a comparison.",
    "selected_series": "This was one team's selected patients, not the rate with {arm} in general.",
}
MAX_BACKGROUND = 2  # lines of numbers that are not comparisons, best first
OUT_OF = 1000  # every risk, in every cell and line, per 1,000 people: one unit per measure
ANY_APPROACH = "after any fusion of the lower back (open and MISS together)"


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
    open_first: str  # the first layer of a layered screen or sheet: one value per option, no asides
    miss_first: str
    more_plain: str  # the rest of open_plain and miss_plain, in sentences: shown right under the first layer
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
    background: tuple[str, ...]  # numbers that are not comparisons (one arm, a selected group), with their caveat
    basis: str  # where the numbers come from, in words
    agreement: str  # agree, mostly, disagree, none
    agreement_words: str
    certainty: str  # derived from the recorded GRADE judgements
    certainty_words: str
    certainty_reason: str  # the main reason, in plain words
    grade: tuple[dict[str, str], ...]  # the GRADE table: domain, rating, why
    headline: str  # effect, range or words
    headline_reason: str  # which evidence the headline uses and why
    not_for: str  # what the headline does not apply to
    source_ids: tuple[str, ...]  # the studies behind the numbers shown
    source_names: tuple[str, ...]  # the same, as people cite them: 'Li 2018'
    recent: Estimate | None = None  # a range headline's most recent study of both options (one population, one era)
    open_recent: float | None = None  # its value with each option, in `unit` (charts draw no typical value here)
    miss_recent: float | None = None

    @property
    def icons(self) -> bool:
        """True for a risk with both options in natural frequencies: what an icon array draws."""
        return self.out_of is not None and self.open_value is not None and self.miss_value is not None


def agreement(rows: pd.DataFrame, sources: pd.DataFrame) -> tuple[str, str]:
    """Whether the studies agree, counted once per study (its best result; a study reported twice counts once, a
    study inside a review among them only in the review), never averaged: agree (all one way), mostly (two in three
    or more one way), disagree, or none. Reviews may include the same studies as each other and as the single
    studies beside them, so the words count reviews and single studies apart and never add them up as if they were
    independent. Every screen shows this one verdict."""
    compared = rows[(rows.finding != "direction_only") & (rows.arm_basis == "comparative") & ~rows.own]
    voters = [best(group) for group in independent(compared, sources).values()]
    if not voters:
        return "none", "No study compared the two on this."
    per_study = [row.finding for row in voters]
    counts = pd.Series(per_study).value_counts()
    top, top_count, total = counts.index[0], int(counts.iloc[0]), len(per_study)
    reviews = [row.finding for row in voters if is_review(row.design)]
    singles = [row.finding for row in voters if not is_review(row.design)]
    if total == 1:
        return "agree", f"One {'review' if reviews else 'study'} compared them: {FINDING_WORDS[top]}."
    if top_count == total:
        return "agree", f"{_all_of(len(reviews), len(singles))}: {FINDING_WORDS[top]}."
    if top_count < total * 2 / 3:
        return "disagree", " ".join(["They disagree.", *_tallies(reviews, singles)])
    said = f"Mostly {FINDING_WORDS[top]}: {_share(top, reviews, 'review')}"
    said += f"{', ' if reviews else ''}{_share(top, singles, 'single study')}." if singles else "."
    if set(counts.index) - {"no_significant_difference"} == {top}:  # the rest found no clear difference
        said += " None found the opposite."
    return "mostly", said


def _share(finding: str, found: list[str], kind: str) -> str:
    """'3 of 4 reviews', '1 of 2 single studies', '' for none. Reviews may share studies, so they are counted apart
    from single studies and never added to them (AGREEMENT_RULE says so)."""
    if not found:
        return ""
    plural = kind.replace("study", "studies") if kind.endswith("study") else f"{kind}s"
    return f"{found.count(finding)} of {len(found)} {plural if len(found) > 1 else kind}"


def is_review(design: str) -> bool:
    """A review or pooled analysis (it may share studies with other reviews), not a single study."""
    return isinstance(design, str) and ("review" in design or design.startswith("meta-analysis"))


def _all_of(reviews: int, singles: int) -> str:
    """'All 5 studies that compared them', or with reviews among them, the reviews and single studies apart."""
    if not reviews:
        return f"{'Both' if singles == 2 else f'All {singles}'} studies that compared them"
    def count(n: int, kind: str) -> str:
        return f"the one {kind}" if n == 1 else f"both {kind}s" if n == 2 else f"all {n} {kind}s"
    said = count(reviews, "review")
    if singles:
        said = f"{said} and {count(singles, 'single study').replace('studys', 'studies')}"
    return said[:1].upper() + said[1:]


def _tallies(reviews: list[str], singles: list[str]) -> list[str]:
    """'Reviews (3): 2 better with MISS, 1 no clear difference.'"""
    def tally(found: list[str]) -> str:
        return ", ".join(f"{int(n)} {FINDING_WORDS[f]}" for f, n in pd.Series(found).value_counts().items())
    said = []
    if reviews:
        said.append(f"Reviews ({len(reviews)}): "
                    f"{tally(reviews)}.")
    if singles:
        said.append(f"Single studies ({len(singles)}): {tally(singles)}.")
    return said


def _odds_to_risk(ratio: float, risk: float) -> float:
    return ratio * risk / (1 - risk + ratio * risk)


def corresponding_risk(measure: str, ratio: float, open_percent: float) -> float:
    """The risk with MISS (in %) from the typical open risk and a pooled ratio (Cochrane's formula)."""
    r = open_percent / 100
    return 100 * (_odds_to_risk(ratio, r) if measure == "odds ratio" else min(ratio * r, 1))


def _estimate(row: pd.Series, sources: pd.DataFrame) -> Estimate:
    source = sources.loc[row.source_id]
    return Estimate(
        figure_id=row.figure_id, source_id=row.source_id, study=short_name(source), basis=_design(row, sources),
        finding=row.finding, locator=row.locator, follow_up=row.follow_up if isinstance(row.follow_up, str) else "",
        population=row.population if isinstance(row.population, str) else "",
    )


def _design(row: pd.Series, sources: pd.DataFrame) -> str:
    """design_words, saying so where a review of 'trials' pools a study that was not randomised."""
    words = design_words(row)
    if row.source_id in non_randomised_in_trial_reviews(sources):
        words = words.replace("randomised trials", "trials, not all of them randomised")
    return words


def _side(value: float) -> str:
    return "less" if value < 0 else "more"


def _difference_words(value: float, low: float | None, high: float | None, unit: str, plain: bool,
                      clear: bool = True) -> str:
    """'about 290 mL less (220 to 370 less)' or, exact, '291 mL less (95% CI 216 to 367 less)'; for patients a
    difference the study did not find clear reads 'about the same'."""
    fmt = (lambda v: about(v, bare=True)) if plain else number
    word, explained = plain_unit(unit) if plain else (unit, "")
    head = f"{'about ' if plain else ''}{fmt(abs(value))} {word} {_side(value)}{explained}".replace(" %", "%")
    if plain and not clear:
        head = "about the same"
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return head
    label = "" if plain else "95% CI "
    if (low < 0) == (high < 0):
        near, far = sorted((abs(low), abs(high)))
        return f"{head} ({label}{fmt(near)} to {fmt(far)} {_side(low)})"
    return f"{head} ({label}{fmt(abs(low))} less to {fmt(abs(high))} more)"


def _span_words(low: float, high: float, unit: str, plain: bool) -> str:
    """A range of differences: 'about 0.5 to 3 days less', '2.35 to 4.7 points less', 'from 2 less to 3 more',
    'from no difference to 3 days less'."""
    fmt = (lambda v: about(v, bare=True)) if plain else number
    word, explained = plain_unit(unit) if plain else (unit, "")
    if 0 in (low, high) and low != high:
        far = low if high == 0 else high
        span = f"from no difference to {fmt(abs(far))} {word} {_side(far)}".replace(" %", "%")
        return f"{span}{explained}"
    if (low < 0) == (high < 0):
        near, far = sorted((abs(low), abs(high)))
        span = f"{fmt(near)} to {fmt(far)} {word} {_side(low)}".replace(" %", "%")
    else:
        span = f"from {fmt(abs(low))} {word} less to {fmt(abs(high))} more".replace(" %", "%")
    return f"{'about ' if plain and not span.startswith('from') else ''}{span}{explained}"


def _relative_words(row: pd.Series) -> tuple[str, str]:
    """A pooled ratio with no typical open risk to apply it to: exact words, and plain words with no number (a
    relative effect alone says nothing of how many people)."""
    interval = pd.notna(row.effect_low) and pd.notna(row.effect_high)
    exact = f"{row.effect_measure} {number(row.effect_value)}" + (
        f" (95% CI {number(row.effect_low)} to {number(row.effect_high)})" if interval else "")
    if row.finding == "no_significant_difference":
        return f"{exact}; no typical open risk found", "About the same"
    more = "More" if row.effect_value > 1 else "Fewer"
    return f"{exact}; no typical open risk found", f"{more} with MISS; how many {more.lower()} is not known"


def _risk_words(count: int, out_of: int) -> str:
    return f"about {count_words(count)} in {out_of:,}"


@dataclass
class _Cells:
    """The numbers and words of a summary while it is built."""

    open_cell: str = ""
    miss_cell: str = ""
    open_plain: str = ""
    miss_plain: str = ""
    open_first: str = ""  # set where the plain cells hold more than one value per option (a range headline)
    miss_first: str = ""
    more: str = ""
    open_value: float | None = None
    miss_value: float | None = None
    miss_low: float | None = None
    miss_high: float | None = None
    out_of: int | None = None
    window: str = ""
    effect: Estimate | None = None
    typical: Estimate | None = None
    range_sources: tuple[str, ...] = ()  # the studies whose differences make a range headline
    recent: Estimate | None = None
    open_recent: float | None = None
    miss_recent: float | None = None


def build(evidence: Evidence, figures: pd.DataFrame, metric: pd.Series) -> Summary:
    """The summary of one measure from the figures in the current selection (own data never counts here)."""
    sources = evidence.sources.set_index("source_id")
    rows = figures[(figures.metric_id == metric.name) & ~figures.own]
    recorded = evidence.appraisal[evidence.appraisal.metric_id == metric.name]
    judged = appraisal_of(recorded.iloc[0]) if len(recorded) else None
    headline = judged.headline if judged else "words"
    agreed, agreed_words = agreement(rows, sources)
    top = best(numeric_rows(rows, metric))
    cells = _Cells()
    if headline == "effect" and top is not None:
        _apply_effect(cells, top, rows, metric, sources)
    elif headline == "range" and metric.kind == "continuous":
        _range(cells, rows, metric, sources)
    typical_rows = rows[rows.typical_open]
    if cells.typical is None and len(typical_rows) and typical_rows.iloc[0].arm_basis == "any_approach":
        _any_approach(cells, typical_rows.iloc[0], metric, sources)
    words = _fallback_words(metric, rows, sources)
    cells.open_cell, cells.open_plain = cells.open_cell or words["open"], cells.open_plain or words["open"]
    cells.miss_cell, cells.miss_plain = cells.miss_cell or words["miss"], cells.miss_plain or words["miss"]
    open_first, miss_first = cells.open_first or cells.open_plain, cells.miss_first or cells.miss_plain
    more = [cells.more] if cells.more else []
    if judged and judged.caveat:
        caveat = lower_first(judged.caveat.rstrip("."))
        cells.miss_plain += f"; {caveat}"
        cells.miss_cell += f"; {caveat}"
        more.append(f"{judged.caveat.rstrip('.')}.")
    used = [*(e.source_id for e in (cells.effect, cells.typical) if e is not None), *cells.range_sources,
            *_named_in(judged.caveat if judged else "", sources)]
    return Summary(
        metric_id=metric.name, comparison_id=metric.comparison_id, label=metric.label,
        patient_label=metric.patient_label, kind=metric.kind, unit=metric.unit, better=metric.better,
        open_cell=cells.open_cell, miss_cell=cells.miss_cell, open_plain=cells.open_plain, miss_plain=cells.miss_plain,
        open_first=open_first, miss_first=miss_first, more_plain=" ".join(more),
        sentence=_sentence(metric, cells.open_plain, cells.miss_plain, cells.window, cells.out_of,
                           (cells.open_value, cells.miss_value)),
        open_value=cells.open_value, miss_value=cells.miss_value, miss_low=cells.miss_low, miss_high=cells.miss_high,
        out_of=cells.out_of, window=cells.window, effect=cells.effect, typical=cells.typical,
        also=_other_side(rows, top, sources) if headline == "effect" else (),  # a range already spans both sides
        background=_background(rows, metric, sources, cells.typical),
        basis=_basis(cells.effect, cells.recent or cells.typical, rows, sources, headline),
        agreement=agreed, agreement_words=agreed_words,
        certainty=judged.certainty if judged else "",
        certainty_words=certainty_words(judged.certainty if judged else "", agreed != "none" or headline != "words"),
        certainty_reason=judged.main_reason if judged else "",
        grade=tuple(judged.rows()) if judged else (),
        headline=headline, headline_reason=judged.headline_reason if judged else "",
        not_for=judged.not_for if judged else "",
        source_ids=tuple(dict.fromkeys(used)),
        source_names=tuple(dict.fromkeys(short_name(sources.loc[i]) for i in used)),
        recent=cells.recent, open_recent=cells.open_recent, miss_recent=cells.miss_recent,
    )


def _named_in(text: str, sources: pd.DataFrame) -> list[str]:
    """The sources a curated line names ('Mannion 2006'), so that they are cited wherever the line is shown."""
    return [source_id for source_id, source in sources.iterrows() if text and short_name(source) in text]


def _apply_effect(cells: _Cells, top: pd.Series, rows: pd.DataFrame, metric: pd.Series, sources: pd.DataFrame) -> None:
    """The effect of the best comparison, applied to the typical open value where the validator has checked that
    both fit the same patients; one study's pair of results stands on its own."""
    unit = metric.unit
    typical_rows = rows[rows.typical_open & (rows.arm_basis == "comparative")]
    typical_row = typical_rows.iloc[0] if len(typical_rows) else None
    cells.effect = _estimate(top, sources)
    is_pair = pd.notna(top.open_value) and pd.notna(top.miss_value) and top.unit == unit and (
        pd.isna(top.effect_value) or typical_row is None)
    base = top if is_pair else typical_row
    if base is not None:
        cells.typical = _estimate(base, sources)
        cells.open_value = float(base.open_value)
    if metric.kind == "risk":
        _risk(cells, top, is_pair)
        return
    if is_pair:
        cells.miss_value = float(top.miss_value)
        cells.open_cell, cells.miss_cell = with_unit(cells.open_value, unit), with_unit(cells.miss_value, unit)
        cells.open_plain, cells.miss_plain = about(cells.open_value, unit), about(cells.miss_value, unit)
        return
    diff, low, high = top.effect_value, top.effect_low, top.effect_high
    cells.miss_cell = _difference_words(diff, low, high, unit, plain=False)
    cells.miss_plain = _difference_words(diff, low, high, unit, plain=True,
                                         clear=top.finding != "no_significant_difference")
    if cells.open_value is not None and cells.open_value + diff <= 0:  # the typical value does not fit the pooled
        cells.typical, cells.open_value = None, None                     # studies: show the difference alone
    if cells.open_value is not None:
        cells.open_cell, cells.open_plain = with_unit(cells.open_value, unit), about(cells.open_value, unit)
        cells.miss_value = cells.open_value + diff
        if top.finding != "no_significant_difference":  # a value for each option, so that no one has to subtract
            cells.miss_plain = f"{about(cells.miss_value, unit)}, which is {cells.miss_plain}"
        if pd.notna(low) and pd.notna(high):
            cells.miss_low, cells.miss_high = cells.open_value + low, cells.open_value + high


def _risk(cells: _Cells, top: pd.Series, is_pair: bool) -> None:
    """A risk in natural frequencies with one denominator: the pair's own rates, or the typical open risk with the
    pooled ratio applied; a ratio with no typical risk is said in words."""
    cells.window = cells.typical.follow_up if cells.typical else ""
    if is_pair:
        cells.miss_value = float(top.miss_value)
        if pd.notna(top.miss_low) and pd.notna(top.miss_high):
            cells.miss_low, cells.miss_high = float(top.miss_low), float(top.miss_high)
    elif cells.open_value is not None:
        cells.miss_value = corresponding_risk(top.effect_measure, top.effect_value, cells.open_value)
        if pd.notna(top.effect_low) and pd.notna(top.effect_high):
            cells.miss_low = corresponding_risk(top.effect_measure, top.effect_low, cells.open_value)
            cells.miss_high = corresponding_risk(top.effect_measure, top.effect_high, cells.open_value)
    else:
        cells.miss_cell, cells.miss_plain = _relative_words(top)
        return
    out_of = cells.out_of = OUT_OF
    cells.open_plain = _risk_words(per(cells.open_value, out_of), out_of)
    cells.miss_plain = _risk_words(per(cells.miss_value, out_of), out_of)
    spread = f"{count_words(per(cells.miss_low, out_of))} to {count_words(per(cells.miss_high, out_of))}" \
        if cells.miss_low is not None else ""
    cells.miss_plain += f" ({spread})" if spread else ""
    cells.open_cell = f"{number(cells.open_value)}% ({cells.open_plain})"
    ratio = "" if is_pair else f"; {top.effect_measure} {number(top.effect_value)}" + (
        f" (95% CI {number(top.effect_low)} to {number(top.effect_high)})"
        if pd.notna(top.effect_low) and pd.notna(top.effect_high) else "")
    cells.miss_cell = (f"{number(cells.miss_value)}% ({_risk_words(per(cells.miss_value, out_of), out_of)}"
                       f"{'; range ' + spread if spread else ''}){ratio}")


def _range(cells: _Cells, rows: pd.DataFrame, metric: pd.Series, sources: pd.DataFrame) -> None:
    """No single effect fits: each option's value from the most recent study that measured both (one population,
    one era), the range of differences across every direct comparison (each study once; one that found no clear
    difference and printed no number counts as no difference), and what the trials found."""
    differences = range_differences(rows, metric, sources)
    if len(differences) < 2:
        return
    found = [d for ds in differences.values() for d in ds]
    low, high = min(found), max(found)
    cells.range_sources = _ends(rows, sources, differences, low, high)
    unclear = _unclear(rows, sources, differences)
    trials, trials_plain = (_trials_found(rows, metric, sources, plain) for plain in (False, True))
    span_exact, span_plain = (_span_words(low, high, metric.unit, plain) for plain in (False, True))
    none_note = f", {unclear} of them finding no clear difference" if unclear else ""
    unnumbered = _unnumbered(rows, sources, differences)
    cells.miss_cell = f"{span_exact} across {len(differences)} comparisons{none_note}"
    cells.miss_plain = cells.miss_first = span_plain
    more = []
    if unnumbered:  # surgeons see what the range leaves out; patients see it in the agreement line
        cells.miss_cell += f"; {unnumbered} more found a difference but printed no number"
    pair = recent_pair(rows, metric, sources)
    if pair is not None:
        study = short_name(sources.loc[pair.source_id])
        cells.recent = _estimate(pair, sources)
        cells.open_recent, cells.miss_recent = float(pair.open_value), float(pair.miss_value)
        cells.range_sources = (pair.source_id, *cells.range_sources)
        cells.open_cell = f"{with_unit(cells.open_recent, metric.unit)} ({study}, the most recent study of both)"
        cells.open_first = about(cells.open_recent, metric.unit)
        cells.miss_first = about(cells.miss_recent, metric.unit)
        cells.open_plain = f"{cells.open_first} in the latest study that compared both"
        cells.miss_cell = f"{with_unit(cells.miss_recent, metric.unit)} ({study}); {cells.miss_cell}"
        cells.miss_plain = f"{cells.miss_first} in that study; in all studies, {cells.miss_plain}"
        more += ["Both from the latest study that compared them.", f"In all studies: {span_plain} with MISS."]
    if trials:
        cells.miss_cell += f"; {trials}"
        cells.miss_plain += f"; {trials_plain}"
        more.append(f"{trials_plain[:1].upper()}{trials_plain[1:]}.")
    cells.more = " ".join(more)
    numeric = numeric_rows(rows, metric)
    opens = numeric[numeric.figure_id != (pair.figure_id if pair is not None else None)].open_value.dropna()
    if len(opens) >= 2:
        spread = f"{number(opens.min())} to {number(opens.max())} {metric.unit} across {len(opens)} studies"
        word, explained = plain_unit(metric.unit)
        plain = (f"about {about(opens.min(), bare=True)} to {about(opens.max(), bare=True)} {word}{explained} in "
                 "these studies, depending on the hospital and the years")
        cells.open_cell = f"{cells.open_cell}; {spread}" if pair is not None else f"{spread}"
        cells.open_plain = cells.open_plain if pair is not None else plain  # patients: one study's value


def _ends(rows: pd.DataFrame, sources: pd.DataFrame, differences: dict[str, list[float]], low: float,
          high: float) -> tuple[str, ...]:
    """The studies a range cites: the best study at each end (every study is in the studies table)."""
    ranked = sorted(differences, key=lambda unit: rank(best(rows[rows.source_id.map(
        lambda s: s == unit or sources.same_study_as.get(s) == unit)])))
    return tuple(dict.fromkeys(next(u for u in ranked if end in differences[u]) for end in (low, high)))


def _unclear(rows: pd.DataFrame, sources: pd.DataFrame, differences: dict[str, list[float]]) -> int:
    """How many of the comparisons in a range found no clear difference (by their own test)."""
    voted = rows[(rows.arm_basis == "comparative") & (rows.finding != "direction_only")]
    return sum(1 for unit, group in independent(voted, sources).items()
               if unit in differences and best(group).finding == "no_significant_difference")


def _unnumbered(rows: pd.DataFrame, sources: pd.DataFrame, differences: dict[str, list[float]]) -> int:
    """How many comparisons found a difference but printed no number (so they are not in the range)."""
    voted = rows[(rows.arm_basis == "comparative") & (rows.finding != "direction_only")]
    return sum(1 for unit, group in independent(voted, sources).items()
               if unit not in differences and best(group).finding != "no_significant_difference")


def range_differences(rows: pd.DataFrame, metric: pd.Series, sources: pd.DataFrame) -> dict[str, list[float]]:
    """Every direct comparison's differences (MISS minus open, in the measure's unit), each study once: its numbers
    where it printed any; [0.0] where it found no clear difference and printed none. A range built only from the
    studies that found a difference would leave out most of the evidence."""
    comparative = rows[rows.arm_basis == "comparative"]
    numeric = numeric_rows(rows, metric)
    found: dict[str, list[float]] = {}
    for unit, group in independent(comparative, sources).items():
        numbers = [d for d in (difference(row) for _, row in numeric[numeric.index.isin(group.index)].iterrows())
                   if d is not None]
        voted = group[group.finding != "direction_only"]
        if numbers:
            found[unit] = sorted(set(numbers))
        elif len(voted) and best(voted).finding == "no_significant_difference":
            found[unit] = [0.0]
    return found


def recent_pair(rows: pd.DataFrame, metric: pd.Series, sources: pd.DataFrame) -> pd.Series | None:
    """The most recent single study that gives a value for both options in the measure's unit (then the largest):
    its two values describe one population in one era, so a patient need not subtract."""
    numeric = numeric_rows(rows, metric)
    pairs = numeric[numeric.open_value.notna() & numeric.miss_value.notna() & ~numeric.design.map(is_review)]
    if pairs.empty:
        return None
    years = pairs.source_id.map(lambda s: sources.loc[s].year)
    sizes = pairs.n_patients.fillna(0)
    return pairs.loc[max(pairs.index, key=lambda i: (years[i], sizes[i]))]


def _trials_found(rows: pd.DataFrame, metric: pd.Series, sources: pd.DataFrame, plain: bool = False) -> str:
    """What the randomised evidence found, in words: 'the trials found no clear difference', or where they differ,
    each kind of result, a trial that printed both values without a test among them."""
    trials = rows[rows.design.isin(RANDOMISED) & (rows.arm_basis == "comparative")]
    found = []
    for group in independent(trials, sources).values():
        voted = group[group.finding != "direction_only"]
        pairs = group[group.open_value.notna() & group.miss_value.notna() & (group.unit == metric.unit)]
        if len(voted):
            found.append(FINDING_WORDS[best(voted).finding])
        elif len(pairs):
            row = pairs.iloc[0]
            if plain:
                found.append(f"about {about(row.open_value, bare=True)} vs {about(row.miss_value, bare=True)} "
                             f"{plain_unit(metric.unit)[0]} (not tested)")
            else:
                found.append(f"{number(row.open_value)} vs {number(row.miss_value)} {metric.unit} (open vs MISS) "
                             "without a test")
    if not found:
        return ""
    counts = pd.Series(found).value_counts()
    untested = ("without a test", "(not tested)")
    if len(counts) == 1 and not counts.index[0].endswith(untested):
        return f"the trials found {counts.index[0]}"
    if plain:
        return "trials differ: " + ", ".join(f"{int(n)} found {f}" for f, n in counts.items())
    return "the trials differ: " + ", ".join(
        f"{int(n)} {'reported' if f.endswith(untested) else 'found'} {f}" for f, n in counts.items())


def _any_approach(cells: _Cells, row: pd.Series, metric: pd.Series, sources: pd.DataFrame) -> None:
    """A rate for fusion of any kind, shown in the open column and labelled so (it is no one option's rate)."""
    cells.typical = _estimate(row, sources)
    value = float(row.effect_value if pd.notna(row.effect_value) else row.open_value)
    window = f" {row.follow_up}" if isinstance(row.follow_up, str) else ""
    if metric.kind == "risk":
        out_of = OUT_OF
        words = _risk_words(per(value, out_of), out_of)
        cells.open_plain = f"{words}{window} {ANY_APPROACH}"
        cells.open_cell = f"{number(value)}% ({words}){window} {ANY_APPROACH}"
    else:
        cells.open_plain = f"{about(value, metric.unit)} {ANY_APPROACH}"
        cells.open_cell = f"{with_unit(value, metric.unit)} {ANY_APPROACH}"


def _other_side(rows: pd.DataFrame, top: pd.Series | None, sources: pd.DataFrame) -> tuple[str, ...]:
    """Where pooled reviews disagree with the result used: the best review of each other finding, in words."""
    pooled = rows[(rows.design.map(level) <= POOLED) & (rows.arm_basis == "comparative")]
    shown = top.finding if top is not None else None
    other = []
    for finding, group in pooled[pooled.finding != "direction_only"].groupby("finding"):
        if finding == shown:
            continue
        row = best(group)
        effect = f" ({_difference_words(row.effect_value, row.effect_low, row.effect_high, row.unit, True)})" \
            if row.effect_measure in DIFFERENCES and pd.notna(row.effect_value) else ""
        other.append(f"{_design(row, sources).capitalize()} ({short_name(sources.loc[row.source_id])}) found "
                     f"{FINDING_WORDS[finding]}{effect}.")
    return tuple(other) if shown is not None or len(other) > 1 else ()


def _background(rows: pd.DataFrame, metric: pd.Series, sources: pd.DataFrame, typical: Estimate | None
                ) -> tuple[str, ...]:
    """Numbers that are not comparisons, each with what it is: one arm only, one team's selected patients, or
    open and MISS together; for a risk, the other open rates found, so the typical one is seen in its spread (or,
    with no typical risk, the rates after fusion of any kind). Risks are per 1,000, as in the cells."""
    said = []
    context = rows[rows.arm_basis.isin(list(BACKGROUND)) & (rows.unit == metric.unit)]
    for _, row in sorted(context.iterrows(), key=lambda item: rank(item[1]))[:MAX_BACKGROUND]:
        arm = "MISS" if pd.notna(row.miss_value) else "open surgery" if pd.notna(row.open_value) else ""
        value = row.miss_value if arm == "MISS" else row.open_value if arm else row.effect_value
        if pd.isna(value):
            continue
        amount = _per_thousand(value) if metric.unit == "%" else about(value, metric.unit)
        with_arm = f" with {arm}" if arm else ""
        said.append(f"{_design(row, sources).capitalize()} ({short_name(sources.loc[row.source_id])}): {amount}"
                    f"{with_arm}{', ' + row.follow_up if isinstance(row.follow_up, str) else ''}. "
                    + BACKGROUND[row.arm_basis].format(arm=arm or "either operation"))
    if metric.kind == "risk" and typical is not None:
        opens = pd.concat([rows[rows.arm_basis == "comparative"].open_value,
                           rows[rows.arm_basis == "any_approach"].effect_value]).dropna()
        opens = opens[opens.index != rows.index[rows.figure_id == typical.figure_id][0]] if len(opens) else opens
        if len(opens) >= 2:
            said.append(f"Other studies found about {count_words(per(opens.min(), OUT_OF))} to "
                        f"{count_words(per(opens.max(), OUT_OF))} in {OUT_OF:,} with open surgery or with any approach, "
                        "depending on the hospital, how it was counted and how long people were followed.")
    elif metric.kind == "risk":
        overall = rows[(rows.arm_basis == "any_approach") & rows.effect_value.notna()]
        for _, row in sorted(overall.iterrows(), key=lambda item: rank(item[1]))[:MAX_BACKGROUND]:
            window = f", {row.follow_up}" if isinstance(row.follow_up, str) else ""
            said.append(f"{_design(row, sources).capitalize()} ({short_name(sources.loc[row.source_id])}): "
                        f"{_per_thousand(row.effect_value)}{window}, after {row.procedure.split(' (')[0]} of any kind "
                        "(open and MISS together). It is no one option's rate.")
    return tuple(said)


def _per_thousand(percent: float) -> str:
    """A percentage as people per 1,000: 'about 66 in 1,000'."""
    return _risk_words(per(percent, OUT_OF), OUT_OF)


def _fallback_words(metric: pd.Series, rows: pd.DataFrame, sources: pd.DataFrame) -> dict[str, str]:
    """Words for a cell without a number: the curated words for this measure, else what the best study found."""
    found = {}
    for arm in ("open", "miss"):
        curated = metric.get(f"{arm}_words")
        found[arm] = curated if isinstance(curated, str) and curated.strip() else ""
    if not found["miss"]:
        compared = rows[(rows.finding != "direction_only") & (rows.arm_basis == "comparative")]
        row = best(compared)
        found["miss"] = (f"{AGAINST_OPEN[row.finding]}, in {_design(row, sources)}; it gave no numbers"
                         if row is not None else "No study gave a figure")
    if not found["open"]:
        found["open"] = "No typical figure found"
    return found


def _basis(effect: Estimate | None, typical: Estimate | None, rows: pd.DataFrame, sources: pd.DataFrame,
           headline: str) -> str:
    """Where the numbers come from, in words (no locators: they are in the studies table)."""
    if headline == "range" and typical is not None:
        return (f"Each option's value is from the most recent study of both ({typical.study}); the range spans every "
                "comparison, each once.")
    if headline == "range":
        return "The numbers are the range across the studies that compared the two, each counted once."
    if effect is None:
        row = best(rows[rows.arm_basis == "comparative"])
        if row is None:
            return "We found no study that compares the two on this."
        said = f"The best comparison is {_design(row, sources)} ({short_name(sources.loc[row.source_id])})."
        if typical is not None:
            said += f" The rate shown with open surgery comes from {typical.basis} ({typical.study}) and counts " \
                    "open and MISS together."
        return said
    parts = [f"The effect of MISS comes from {effect.basis} ({effect.study})"]
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
    """'The total …' -> 'the total …' and 'A drop …' -> 'a drop …', for use after a semicolon; 'MISS …' stays."""
    return text[:1].lower() + text[1:] if text[1:2].islower() or text[:2] == "A " else text


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=BY_FINGERPRINT)
def summaries(evidence: Evidence, selection: Selection) -> dict[str, Summary]:
    """Every measure's summary for the figures with these ids (the current selection), in screen order.
    Built once per data fingerprint and selection; shared read-only between sessions."""
    figures = evidence.figures[evidence.figures.figure_id.isin(selection.ids)]
    metrics = in_screen_order(evidence.metrics, evidence).set_index("metric_id")
    return {metric_id: build(evidence, figures, metric.rename(metric_id)) for metric_id, metric in metrics.iterrows()}


def in_screen_order(metrics: pd.DataFrame, evidence: Evidence) -> pd.DataFrame:
    """Measures (rows of metrics.csv) as every screen lists them: by their comparison's order, then their own."""
    order = evidence.comparisons.set_index("comparison_id").order
    return metrics.assign(rank=metrics.comparison_id.map(order) * 100 + metrics.order).sort_values("rank")


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
    """The option grid of a selection as a screen draws it (escaped for st.table: wording.markdown_table), built
    once per data fingerprint, selection and mode (read-only)."""
    return markdown_table(grid(evidence, summaries(evidence, selection), mode))


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
