"""Selections and summaries of the evidence that the views share: filters, headlines, words per metric."""

from __future__ import annotations

import re

import pandas as pd

import streamlit as st

from evidence.load import BY_FINGERPRINT, INTERVAL_SPREADS, Evidence
from evidence.wording import certainty_sentence, denominator, effect_text, frequency_sentence, short_name, spread, with_unit

DIRECTION_WORDS = {
    "favours_miss": "better with MISS",
    "favours_open": "better with open",
    "no_significant_difference": "no clear difference",
    "direction_only": "a description without a clear comparison",
}
MOST_SAY = {
    "favours_miss": "Most studies: better with MISS",
    "favours_open": "Most studies: better with open",
    "no_significant_difference": "Most studies: no clear difference",
}
TIMELINE_METRICS = ("hospital_stay", "ambulation", "return_to_work")
DAYS_PER = {"days": 1, "weeks": 7, "hours": 1 / 24, "months": 365.25 / 12}


def filtered(figures: pd.DataFrame, procedures: list[str] | None, designs: list[str] | None) -> pd.DataFrame:
    """Figures limited to the chosen procedures and study designs (None or empty = all)."""
    keep = pd.Series(True, index=figures.index)
    if procedures:
        keep &= figures.procedure.isin(procedures)
    if designs:
        keep &= figures.design.isin(designs)
    return figures[keep]


def for_metric(figures: pd.DataFrame, metric_id: str) -> pd.DataFrame:
    return figures[figures.metric_id == metric_id]


def headline(figures: pd.DataFrame, metric_id: str) -> pd.Series | None:
    """The curated headline figure of a metric, if it survived the filters."""
    rows = figures[(figures.metric_id == metric_id) & figures.headline]
    return rows.iloc[0] if len(rows) else None


def findings_spread(rows: pd.DataFrame) -> str:
    """How the studies split, e.g. '3 studies: 2 better with MISS, 1 no clear difference'."""
    if rows.empty:
        return "No studies in this selection."
    counts = rows.finding.map(DIRECTION_WORDS).value_counts()
    parts = ", ".join(f"{n} {word}" for word, n in counts.items())
    sources = rows.source_id.nunique()
    return f"{len(rows)} result{'s' if len(rows) != 1 else ''} from {sources} stud{'ies' if sources != 1 else 'y'}: {parts}."


def most_studies(rows: pd.DataFrame) -> str:
    """What most comparisons found, or that they disagree: counted, never averaged."""
    counted = rows[(rows.finding != "direction_only") & ~rows.own].drop_duplicates("source_id").finding
    if counted.empty:
        return "No comparison found"
    if len(counted) == 1:
        return "One study: " + MOST_SAY[counted.iloc[0]].split(": ")[1]
    top = counted.value_counts()
    return MOST_SAY[top.index[0]] if top.iloc[0] >= len(counted) * 2 / 3 else "Studies disagree"


def conflicting(rows: pd.DataFrame) -> bool:
    """True when the studies point different ways (one says a difference, another none or the reverse)."""
    return rows[rows.finding != "direction_only"].finding.nunique() > 1


def headline_words(metric: pd.Series, row: pd.Series | None) -> str:
    """The headline figure in plain words, with the certainty verb, never naming a winner."""
    if row is None:
        return "No study we found gives numbers for both approaches; the table lists what each study says."
    if metric.kind == "risk":
        out_of = denominator(row.open_value, row.miss_value)
        event = metric.patient_label.lower()
        return (
            f"Open: {frequency_sentence(row.open_value, out_of, f'have this ({event})')}. "
            f"MISS: {frequency_sentence(row.miss_value, out_of, f'have this ({event})')}."
        )
    return f"Open: {with_unit(row.open_value, row.unit)}. MISS: {with_unit(row.miss_value, row.unit)}."


GLANCE_COLUMNS = {
    "patient": ["What you may wonder", "Open", "MISS", "What studies found", "How sure we are"],
    "surgeon": ["Comparison", "Measure", "Open", "MISS", "What studies found", "Results", "Certainty"],
    "presenter": ["Measure", "Open", "MISS", "What studies found"],
}


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=BY_FINGERPRINT)
def glance_table(evidence: Evidence, figures: pd.DataFrame, mode: str) -> pd.DataFrame:
    """One row per metric: the option grid at a glance, open and MISS side by side; columns suit the audience."""
    rows = []
    comparisons = evidence.comparisons.set_index("comparison_id")
    for metric in evidence.metrics.itertuples():
        metric_rows = for_metric(figures, metric.metric_id)
        top = headline(figures, metric.metric_id)
        certainty = metric.certainty if isinstance(metric.certainty, str) else "not rated"
        rows.append({
            "Comparison": comparisons.loc[metric.comparison_id, "title"],
            "Measure": metric.label,
            "What you may wonder": metric.patient_label,
            "Open": _cell(top, "open", metric.kind),
            "MISS": _cell(top, "miss", metric.kind),
            "What studies found": most_studies(metric_rows),
            "Results": findings_spread(metric_rows),
            "Certainty": certainty,
            "How sure we are": certainty_sentence(certainty).split(":")[0],
            "order": comparisons.loc[metric.comparison_id, "order"] * 100 + metric.order,
        })
    table = pd.DataFrame(rows).sort_values("order").reset_index(drop=True)
    return table[GLANCE_COLUMNS[mode]]


def _cell(row: pd.Series | None, arm: str, kind: str) -> str:
    if row is None:
        return "—"
    value = row[f"{arm}_value"]
    if kind == "risk":
        out_of = denominator(row.open_value, row.miss_value)
        return f"about {round(value * out_of / 100)} in {out_of}"
    return with_unit(value, row.unit)


def timeline_table(figures: pd.DataFrame, evidence: Evidence) -> pd.DataFrame:
    """Headline recovery milestones converted to days, with their spread, for the timeline."""
    rows = []
    labels = evidence.metrics.set_index("metric_id").patient_label
    for metric_id in TIMELINE_METRICS:
        top = headline(figures, metric_id)
        if top is None or top.unit not in DAYS_PER or metric_id not in labels:
            continue
        scale = DAYS_PER[top.unit]
        row = {"metric_id": metric_id, "label": labels[metric_id], "source_id": top.source_id}
        for arm in ("open", "miss"):
            row[f"{arm}_days"] = top[f"{arm}_value"] * scale
            has_interval = top.spread_type in INTERVAL_SPREADS
            row[f"{arm}_low"] = top[f"{arm}_low"] * scale if has_interval else None
            row[f"{arm}_high"] = top[f"{arm}_high"] * scale if has_interval else None
        rows.append(row)
    return pd.DataFrame(rows, columns=["metric_id", "label", "source_id", "open_days", "open_low", "open_high",
                                       "miss_days", "miss_low", "miss_high"])


TABLE_COLUMNS = {
    "study": "Study", "procedure": "Procedure", "design": "Design", "n_studies": "Studies", "n_patients": "Patients",
    "open_value": "Open", "open_spread": "Open spread", "miss_value": "MISS", "miss_spread": "MISS spread",
    "effect": "Difference (MISS vs open)", "p_value": "p", "finding": "Finding", "unit": "Unit",
    "locator": "Where in the paper", "note": "Note",
}


@st.cache_data(show_spinner=False, max_entries=512, hash_funcs=BY_FINGERPRINT)
def figure_table(evidence: Evidence, figure_ids: tuple[str, ...]) -> pd.DataFrame:
    """The figures with these ids as a readable table: study, spread and difference spelled out."""
    rows = evidence.figures[evidence.figures.figure_id.isin(figure_ids)]
    names = {source_id: short_name(source) for source_id, source in evidence.sources.set_index("source_id").iterrows()}
    table = rows.assign(
        study=[("Your data: " if own else "") + names[s] for s, own in zip(rows.source_id, rows.own)],
        open_spread=[spread(r, "open") for _, r in rows.iterrows()],
        miss_spread=[spread(r, "miss") for _, r in rows.iterrows()],
        effect=[effect_text(r) for _, r in rows.iterrows()],
    )
    return table[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)


def evidence_searched(evidence: Evidence) -> str:
    """The date the evidence was last searched: the latest date any source was checked."""
    return evidence.sources[~evidence.sources.own].checked_on.max().date().isoformat()


def citation(source: pd.Series) -> str:
    """Short citation: 'Li A, Li X, Zhong Y (2018). Title. Journal.'"""
    year = int(source.year) if pd.notna(source.year) else "n.d."
    return f"{source.authors} ({year}). {source.title}. {source.journal}."


def link(source: pd.Series) -> str:
    address = f"https://doi.org/{source.doi}" if isinstance(source.doi, str) else source.url
    return address.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def terms_in(glossary: pd.DataFrame, text: str) -> list[str]:
    """Glossary terms that appear in a text (matching the term or its short form in brackets)."""
    lowered = text.lower()
    found = []
    for term in glossary.term:
        forms = [term.split(" (")[0].lower()] + [part.rstrip(")").lower() for part in term.split(" (")[1:]]
        if any(form and re.search(rf"\b{re.escape(form)}\b", lowered) for form in forms):
            found.append(term)
    return found


def passages_for(evidence: Evidence, metric_ids: list[str]) -> pd.DataFrame:
    """The article's passages that speak about any of these metrics, in article order."""
    wanted = set(metric_ids)
    mask = evidence.passages.metric_ids.map(lambda cell: bool(wanted & {m.strip() for m in cell.split(";")}))
    return evidence.passages[mask]


