"""The studies behind the numbers, readable: the figures as a table, citations, links and the search date."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from evidence.appraisal import RATIOS
from evidence.load import BY_FINGERPRINT, Evidence, Selection
from evidence.summary import FINDING_WORDS
from evidence.wording import count_words, effect_text, explained, per, plain_design, plain_unit_text, short_name, spread

TABLE_COLUMNS = {
    "study": "Study", "procedure": "Procedure", "design": "Design", "n_studies": "Studies", "n_patients": "Patients",
    "open_value": "Open", "open_spread": "Open spread", "miss_value": "MISS", "miss_spread": "MISS spread",
    "effect": "Difference (MISS vs open)", "p_value": "p", "finding": "Finding", "unit": "Unit",
    "locator": "Where in the paper", "note": "Note",
}


CURATOR_COLUMNS = ("p", "Note")  # for surgeons; patients and presenters see the numbers without them


@st.cache_data(show_spinner=False, max_entries=512, hash_funcs=BY_FINGERPRINT)
def figure_table(evidence: Evidence, selection: Selection, curator_columns: bool = True) -> pd.DataFrame:
    """The figures with these ids as a readable table: study, spread and difference spelled out (the p value and our
    notes only with curator_columns)."""
    rows = evidence.figures[evidence.figures.figure_id.isin(selection.ids)]
    names = {source_id: short_name(source) for source_id, source in evidence.sources.set_index("source_id").iterrows()}
    table = rows.assign(
        study=[("Your data: " if own else "") + names[s] for s, own in zip(rows.source_id, rows.own)],
        open_spread=[spread(r, "open") for _, r in rows.iterrows()],
        miss_spread=[spread(r, "miss") for _, r in rows.iterrows()],
        effect=[effect_text(r) if curator_columns else plain_effect(r) for _, r in rows.iterrows()],
        finding=rows.finding.map(FINDING_WORDS),
    )
    table = table[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
    return table if curator_columns else table.drop(columns=list(CURATOR_COLUMNS))


def plain_effect(row: pd.Series) -> str:
    """A study's effect for patients and rooms: a ratio alone says nothing of how many people, so it is given in
    words; a rate of all operations is given per 1,000, as every risk is; a difference as effect_text gives it."""
    if pd.isna(row.effect_value):
        return ""
    if row.effect_measure in RATIOS:
        if row.finding == "no_significant_difference":
            return "about the same with both (no clear difference)"
        fewer = "fewer" if row.effect_value < 1 else "more"
        return f"{fewer} with MISS; how many {fewer} depends on the risk with open surgery, which this study does not give"
    if row.effect_measure == "overall rate (both approaches)":
        return (f"about {count_words(per(row.effect_value, 1000))} in 1,000 of all operations, both approaches "
                "together (not a comparison)")
    return effect_text(row)


def patient_table(evidence: Evidence, selection: Selection) -> pd.DataFrame:
    """The figure table as a patient reads it: designs and units in plain words, the technical name in brackets,
    and every technical term in the difference explained beside it."""
    table = figure_table(evidence, selection, curator_columns=False)
    return table.assign(**{
        "Design": table.Design.map(plain_design),
        "Difference (MISS vs open)": table["Difference (MISS vs open)"].map(explained),
        "Unit": table.Unit.map(plain_unit_text),
        "Procedure": table.Procedure.map(explained),
    })


def evidence_searched(evidence: Evidence) -> str:
    """The date the evidence was last searched: the latest date any source was checked."""
    return evidence.sources[~evidence.sources.own].checked_on.max().date().isoformat()


def citation(source: pd.Series) -> str:
    """Citation: 'Li A, Li X, Zhong Y (2018). Title. Journal.' (a title the page did not print is left out)."""
    title = f" {str(source.title).rstrip('.')}." if isinstance(source.title, str) else ""
    return f"{source.authors} ({int(source.year)}).{title} {source.journal}."


def link(source: pd.Series) -> str:
    address = f"https://doi.org/{source.doi}" if isinstance(source.doi, str) else source.url
    return address.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
