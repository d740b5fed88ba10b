"""GRADE appraisal per measure, and the rules a headline must keep: certainty follows from recorded judgements, an
effect meets a typical open value only when both fit the same patients, and each study counts once.

data/appraisal.csv records, per measure, where the evidence starts (randomised: high; other designs: low), each
domain's judgement (0, -1 or -2 levels, with a one-line reason), any rating up, the certainty those give, and how
the headline is built. Nothing here imports Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

RANDOMISED = ("meta-analysis of RCTs", "RCT")

# --- which evidence counts ------------------------------------------------------------------------------------------

DESIGNS = {  # study design -> (level of evidence, plain words); lower is better
    "meta-analysis of RCTs": (1, "a review of {n} randomised trials"),
    "meta-analysis of RCTs and cohort studies": (2, "a review of {n} studies, some of them trials"),
    "meta-analysis of cohort studies": (2, "a review of {n} non-randomised studies"),
    "RCT": (3, "one randomised trial of {p} people"),
    "prospective cohort": (4, "one study of {p} people"),
    "retrospective cohort": (4, "one study of {p} people"),
    "national database study": (4, "one national database study of {p} people"),
    "cohort study": (4, "one study of {p} people"),
    "case series": (4, "one series of {p} people, all treated the same way"),
    "meta-analysis (designs not stated)": (2, "a review that pooled {n} studies"),
    "systematic review": (2, "a review of {n} studies"),
    "nested case-control study": (4, "one study of {p} people, comparing those with and without the outcome"),
    "narrative review": (5, "a review of {n} studies"),
}
POOLED = 2  # levels 1 and 2 are reviews that pool numbers
RATIOS = ("odds ratio", "risk ratio")
DIFFERENCES = ("mean difference", "weighted mean difference")


def level(design: str) -> int:
    return DESIGNS.get(design, (9, ""))[0]


def design_words(row: pd.Series) -> str:
    """'a review of 7 randomised trials', 'one study of 297 people'."""
    template = DESIGNS.get(row.design, (9, "{design}"))[1]
    n_studies = f"{int(row.n_studies)}" if pd.notna(row.n_studies) else "several"
    people = f"{int(row.n_patients):,}" if pd.notna(row.n_patients) else "an unstated number of"
    return template.format(n=n_studies, p=people, design=row.design)


def rank(row: pd.Series) -> tuple:
    """A row's place in the order of evidence: its level, then a result with an interval first (the size tie-breaks
    are in `best`, which uses a size only where every candidate prints it)."""
    has_interval = pd.notna(row.effect_low) and pd.notna(row.effect_high) or row.spread_type != "none"
    return (level(row.design), not has_interval, -(row.n_patients if pd.notna(row.n_patients) else 0),
            -(row.n_studies if pd.notna(row.n_studies) else 0), row.figure_id)


def best(rows: pd.DataFrame) -> pd.Series | None:
    """The row that counts most: pooled trials, then pooled other studies, then the largest trial, then the
    largest other study; within a level a result with an interval first. A tie-break may use only what every
    candidate prints: the most patients where all of them give a patient count, else the most studies (a blank
    count never loses by being blank)."""
    if rows.empty:
        return None
    candidates = [row for _, row in rows.iterrows()]
    top = min(rank(row)[:2] for row in candidates)
    tied = [row for row in candidates if rank(row)[:2] == top]
    return min(tied, key=lambda row: _size(row, tied))


def _size(row: pd.Series, tied: list[pd.Series]) -> tuple:
    def count(value: object) -> float:
        return -(float(value) if pd.notna(value) else 0)
    if all(pd.notna(other.n_patients) for other in tied):
        return count(row.n_patients), count(row.n_studies), row.figure_id
    return count(row.n_studies), count(row.n_patients), row.figure_id


def extreme(row: pd.Series) -> bool:
    """A risk pair with an arm at 0% or 100%: too few people to say 'nobody' or 'everybody'."""
    return any(pd.notna(row[f"{arm}_value"]) and row[f"{arm}_value"] in (0, 100) for arm in ("open", "miss"))


def numeric_rows(rows: pd.DataFrame, metric: pd.Series) -> pd.DataFrame:
    """Comparative rows that give the effect of MISS as a number in this measure's terms: a ratio for risks, a
    difference in the measure's unit, or one study's pair of results in the measure's unit (a risk pair not at 0 or
    100%)."""
    rows = rows[rows.arm_basis == "comparative"]
    same_unit = rows.unit == metric.unit
    pair = rows.open_value.notna() & rows.miss_value.notna() & same_unit
    if metric.kind == "risk":
        pair &= ~rows.apply(extreme, axis=1) if len(rows) else pair
        effect = rows.effect_measure.isin(RATIOS) & rows.effect_value.notna()
    else:
        effect = rows.effect_measure.isin(DIFFERENCES) & rows.effect_value.notna() & same_unit
    return rows[pair | effect]


def difference(row: pd.Series) -> float | None:
    """MISS minus open in the row's unit: the pooled difference, else the pair's gap."""
    if row.effect_measure in DIFFERENCES and pd.notna(row.effect_value):
        return float(row.effect_value)
    if pd.notna(row.open_value) and pd.notna(row.miss_value):
        return float(row.miss_value - row.open_value)
    return None


def trials_disagree(rows: pd.DataFrame) -> tuple[pd.Series, pd.Series] | None:
    """(best randomised result, best pooled non-randomised result) where their findings differ, else None."""
    compared = rows[(rows.finding != "direction_only") & (rows.arm_basis == "comparative")]
    trials = best(compared[compared.design.isin(RANDOMISED)])
    others = best(compared[~compared.design.isin(RANDOMISED) & (compared.design.map(level) <= POOLED)])
    if trials is None or others is None or trials.finding == others.finding:
        return None
    return trials, others


def reviews_disagree(rows: pd.DataFrame) -> tuple[pd.Series, pd.Series] | None:
    """Two results a headline could rest on that point different ways: the best pooled review of one finding and the
    best of another, or else the trials against the pooled other studies (trials_disagree); else None.
    A headline that applies one of them would hide the other, so it must give the range instead."""
    compared = rows[(rows.finding != "direction_only") & (rows.arm_basis == "comparative")]
    pooled = compared[compared.design.map(level) <= POOLED]
    tops = [best(group) for _, group in pooled.groupby("finding")]
    if len(tops) < 2:
        return trials_disagree(rows)
    first, second = sorted(tops, key=rank)[:2]
    return first, second


# --- GRADE ----------------------------------------------------------------------------------------------------------

CERTAINTIES = {4: "high", 3: "moderate", 2: "low", 1: "very low"}
START = {"randomised": 4, "non-randomised": 2}
DOMAINS = {
    "risk_of_bias": "Risk of bias",
    "inconsistency": "Inconsistency",
    "indirectness": "Indirectness",
    "imprecision": "Imprecision",
    "publication_bias": "Publication bias",
}
CAN_BE_TYPICAL = ("comparative", "any_approach")


@dataclass(frozen=True)
class Judgement:
    """One GRADE domain: how many levels it rates down (or up) and why."""

    domain: str  # e.g. 'Risk of bias'
    change: int  # 0, -1, -2 (rating up: +1, +2)
    reason: str


@dataclass(frozen=True)
class Appraisal:
    """The recorded GRADE judgements of one measure and how its headline is built."""

    metric_id: str
    start: str  # randomised or non-randomised
    judgements: tuple[Judgement, ...]
    certainty: str
    main_reason: str  # plain words, for patients
    headline: str  # effect, range or words
    headline_reason: str  # which evidence the headline uses and why
    caveat: str  # plain words that go with the headline wherever it is shown
    not_for: str  # what the headline does not apply to

    def rows(self) -> list[dict[str, str]]:
        """The GRADE table: where it starts, each domain, the result."""
        start = f"{CERTAINTIES[START[self.start]]} ({self.start.replace('-', ' ')} evidence)"
        rows = [{"Domain": "Starts at", "Rating": start, "Why": ""}]
        rows += [{"Domain": j.domain, "Rating": rating_words(j.change), "Why": j.reason} for j in self.judgements]
        rows.append({"Domain": "Certainty", "Rating": self.certainty, "Why": self.main_reason})
        return rows


def rating_words(change: int) -> str:
    if change == 0:
        return "not rated down"
    direction = "up" if change > 0 else "down"
    return f"rated {direction} {abs(change)} level{'s' if abs(change) > 1 else ''}"


def derived_certainty(row: pd.Series) -> str:
    """The certainty the judgements give: the start, minus each domain's levels, plus any rating up (1 to 4)."""
    score = START[row.evidence_start] + sum(int(row[d]) for d in DOMAINS) + int(row.upgrade)
    return CERTAINTIES[min(4, max(1, score))]


def appraisal_of(row: pd.Series) -> Appraisal:
    judgements = tuple(Judgement(label, int(row[d]), _text(row[f"{d}_reason"])) for d, label in DOMAINS.items())
    if int(row.upgrade):
        judgements += (Judgement("Rated up", int(row.upgrade), _text(row.upgrade_reason)),)
    return Appraisal(
        metric_id=row.metric_id, start=row.evidence_start, judgements=judgements, certainty=derived_certainty(row),
        main_reason=_text(row.main_reason), headline=row.headline, headline_reason=_text(row.headline_reason),
        caveat=_text(row.caveat), not_for=_text(row.not_for),
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


# --- each study once ------------------------------------------------------------------------------------------------

def _by_id(sources: pd.DataFrame) -> pd.DataFrame:
    """sources.csv indexed by source_id (as given, if it already is)."""
    return sources.set_index("source_id") if "source_id" in sources.columns else sources


def included_by(sources: pd.DataFrame) -> dict[str, set[str]]:
    """source_id -> the reviews (source_ids) that include it, from sources.csv's `includes` column."""
    found: dict[str, set[str]] = {}
    table = _by_id(sources)
    for review, cell in zip(table.index, table.includes):
        for study in _split(cell):
            found.setdefault(study, set()).add(review)
    return found


def study_units(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    """For each row, the study it counts as: a paper reporting an earlier cohort counts as that cohort, and a study
    that a review among these rows includes counts only inside the review (None: it casts no vote of its own)."""
    first = _by_id(sources).same_study_as
    cohort = rows.source_id.map(lambda s: first.get(s) if isinstance(first.get(s), str) else s)
    reviews_here = set(cohort)
    inside = included_by(sources)
    return cohort.map(lambda s: None if inside.get(s, set()) & (reviews_here - {s}) else s)


def independent(rows: pd.DataFrame, sources: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The rows grouped by independent study (see study_units), studies inside a review left out."""
    units = study_units(rows, sources)
    return {unit: group for unit, group in rows.groupby(units[units.notna()])}


def non_randomised_in_trial_reviews(sources: pd.DataFrame) -> dict[str, list[str]]:
    """Reviews said to pool randomised trials that include a study of another design: review -> those studies."""
    table = _by_id(sources)
    found = {}
    for review, cell, kind in zip(table.index, table.includes, table.design):
        odd = [s for s in _split(cell) if kind == "meta-analysis of RCTs" and table.design.get(s, "RCT") not in RANDOMISED]
        if odd:
            found[review] = odd
    return found


def _split(cell: object) -> list[str]:
    return [part.strip() for part in str(cell).split(";") if part.strip()] if isinstance(cell, str) else []


# --- what the validator refuses -------------------------------------------------------------------------------------

def problems(tables: dict[str, pd.DataFrame]) -> list[tuple[str, str, int | None, str | None]]:
    """Every way the appraisal, the headlines and the study counts break the rules, as (file, message, row,
    column), rows numbered as in a spreadsheet."""
    found: list[tuple[str, str, int | None, str | None]] = []
    metrics = tables["metrics"].set_index("metric_id")
    figures, sources = tables["figures"], tables["sources"]
    known = set(sources.source_id)
    for index, source in sources.iterrows():
        for study in _split(source.includes):
            if study not in known - {source.source_id}:
                found.append(("sources.csv", f"includes unknown source {study!r}", index + 2, "includes"))
    for index, row in figures[figures.typical_open.eq("yes") & ~figures.arm_basis.isin(CAN_BE_TYPICAL)].iterrows():
        found.append(("figures.csv", f"a {row.arm_basis.replace('_', ' ')} number cannot be the typical value with "
                      "open surgery (it may be shown as context only)", index + 2, "typical_open"))
    found += [("figures.csv", message, index + 2, column) for index, message, column in
              _vote_problems(figures, metrics)]
    odd_reviews = non_randomised_in_trial_reviews(sources)
    for index, row in tables["appraisal"].iterrows():
        if row.metric_id not in metrics.index:
            found.append(("appraisal.csv", f"unknown metric {row.metric_id!r}", index + 2, "metric_id"))
            continue
        found += [("appraisal.csv", message, index + 2, column) for message, column in
                  _judgement_problems(row, figures[figures.metric_id == row.metric_id], odd_reviews)]
        found += _headline_problems(index + 2, row, metrics.loc[row.metric_id].rename(row.metric_id), figures,
                                    sources)
    return found


def _vote_problems(figures: pd.DataFrame, metrics: pd.DataFrame):
    """Each result votes once, on the measure it measures: one exact p-value of a single study may not stand under
    two measures (a review's separate pooled analyses may share a p-value), and a score on another named scale (a
    0-10 pain score under a 0-100 disability score) may not vote at all."""
    compared = figures[(figures.finding != "direction_only") & (figures.arm_basis == "comparative")
                       & (figures.design.map(level) > POOLED) & figures.p_value.notna()
                       & ~figures.p_value.astype(str).str.startswith(("<", ">"))]  # an exact p of one study
    for (source, p_value), group in compared.groupby(["source_id", "p_value"]):
        if group.metric_id.nunique() > 1:
            for index in group.index[1:]:
                yield index, (f"{source}'s result p = {p_value} already votes under {group.metric_id.iloc[0]}: one "
                              f"result counts under one measure (keep it where it was measured, and say in the "
                              "note that it also covers the other)"), "metric_id"
    for index, row in figures[(figures.finding != "direction_only") & (figures.arm_basis == "comparative")].iterrows():
        unit = metrics.unit.get(row.metric_id, "")
        if _scale(unit) and _scale(row.unit) and _scale(unit) != _scale(row.unit):
            yield index, (f"a result on {row.unit!r} cannot vote on {row.metric_id}, which is measured on {unit!r}: "
                          "store it under the measure it is, or leave it out"), "unit"


def _scale(unit: object) -> str:
    """The named scale of a score unit: 'points (ODI 0-100)' -> 'ODI 0-100'; '' for other units."""
    text = unit if isinstance(unit, str) else ""
    return text[len("points ("):-1] if text.startswith("points (") and text.endswith(")") else ""


def _judgement_problems(row: pd.Series, rows: pd.DataFrame, odd_reviews: dict[str, list[str]]):
    """The GRADE judgements of one measure: reasons given, rating up only as GRADE allows, certainty derived."""
    for domain in DOMAINS:
        if int(row[domain]) and not isinstance(row[f"{domain}_reason"], str):
            yield "a judgement that rates down needs its reason", f"{domain}_reason"
    if int(row.upgrade) and (row.evidence_start == "randomised" or int(row.risk_of_bias)):
        yield "GRADE rates up only non-randomised evidence without serious risk of bias", "upgrade"
    if int(row.upgrade) and not isinstance(row.upgrade_reason, str):
        yield "rating up needs its reason", "upgrade_reason"
    comparative = rows[rows.arm_basis == "comparative"]
    if row.evidence_start == "randomised" and not comparative.design.isin(RANDOMISED).any():
        yield "no randomised comparison reports this measure, so its evidence starts at low", "evidence_start"
    if row.evidence_start == "randomised" and int(row.risk_of_bias) == 0:
        for review in sorted(set(comparative.source_id) & set(odd_reviews)):
            yield (f"{review} pools {', '.join(odd_reviews[review])} as a trial though it is not randomised: "
                   "rate down for risk of bias"), "risk_of_bias"
    derived = derived_certainty(row)
    if row.certainty != derived:
        yield f"{row.certainty!r} does not follow from the judgements recorded, which give {derived!r}", "certainty"


def _headline_problems(row_no: int, row: pd.Series, metric: pd.Series, figures: pd.DataFrame,
                       sources: pd.DataFrame) -> list[tuple[str, str, int | None, str | None]]:
    """A headline applies an effect to a typical open value only when both describe comparable patients, era,
    setting and outcome (the same `comparable_as`); where trials and other studies disagree it gives the range."""
    found = []
    rows = figures[figures.metric_id == metric.name]
    typical = rows[rows.typical_open.eq("yes")]
    top = best(numeric_rows(rows, metric))
    if row.headline != "words" and int(row.indirectness) <= -2:
        found.append(("appraisal.csv", "evidence rated down two levels for indirectness does not fit today's patient, "
                      "so no number from it can be the headline: use 'words'", row_no, "headline"))
    if row.headline != "effect":  # only a rate for any approach may stand beside a headline in words, as context
        shown = typical[(typical.arm_basis == "any_approach") & (row.headline == "words")]
        found += [("figures.csv", f"the headline of {metric.name} is '{row.headline}', so no typical open value is "
                   "applied: mark typical_open no", index + 2, "typical_open") for index in typical.index.difference(
                       shown.index)]
    elif top is None:
        found.append(("appraisal.csv", f"no comparison gives the effect of MISS on {metric.name} as a number: the "
                      "headline must be 'range' or 'words'", row_no, "headline"))
    else:
        split = reviews_disagree(rows)
        if split is not None:
            one, other = split
            found.append(("appraisal.csv", f"the results a headline may rest on disagree ({one.source_id}: "
                          f"{one.finding}; {other.source_id}: {other.finding}): an effect from one would hide the "
                          "other, so the headline must be 'range' (or 'words')", row_no, "headline"))
        for index, base in typical.iterrows():
            if base.figure_id == top.figure_id:
                continue
            if not (isinstance(base.comparable_as, str) and base.comparable_as == top.comparable_as):
                found.append(("figures.csv", f"the typical open value is not comparable with the effect the headline "
                              f"applies to it ({top.figure_id}, {top.source_id}): they need the same comparable_as "
                              f"(patients, era, setting, outcome), here {base.comparable_as!r} and "
                              f"{top.comparable_as!r}", index + 2, "comparable_as"))
    if pd.notna(row.studies_counted):
        compared = rows[(rows.finding != "direction_only") & (rows.arm_basis == "comparative")]
        units = study_units(compared, sources)
        counted = units.dropna().nunique()
        if int(row.studies_counted) != counted:
            inside = sorted(set(compared.source_id[units.isna()]))
            found.append(("appraisal.csv", f"{counted} independent studies compared the two, not "
                          f"{int(row.studies_counted)}: each study counts once, and a study inside a review counts "
                          f"only in the review{' (' + ', '.join(inside) + ')' if inside else ''}", row_no,
                          "studies_counted"))
    return found
