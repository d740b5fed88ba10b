"""Render pieces shared by the views: the article's passages with their claim check, studies, glossary, notices."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from evidence.load import Evidence
from evidence.summaries import citation, link
from evidence.summary import RULE, Summary
from evidence.wording import NOTICE, plain, short_name

VERDICT_BADGES = {
    "supported": (":material/check_circle:", "green", "Supported by the studies"),
    "partly supported": (":material/contrast:", "orange", "Partly supported"),
    "not supported or overstated": (":material/cancel:", "red", "Not supported, or overstated"),
    "no evidence found": (":material/help:", "gray", "No evidence found"),
    "general": (":material/info:", "blue", "General statement, not a checkable claim"),
}


def passage(row: pd.Series, evidence: Evidence, with_sources: bool = True) -> None:
    """One passage of the source article, quoted as it is, with its claim check beneath."""
    st.markdown("> " + plain(row.text))
    icon, color, words = VERDICT_BADGES[row.verdict]
    st.badge(f"Claim check: {words}", icon=icon, color=color)
    st.markdown(plain(row.verdict_reason))
    if with_sources and isinstance(row.source_ids, str):
        ids = [s.strip() for s in row.source_ids.split(";") if s.strip()]
        studies = evidence.sources.set_index("source_id").loc[ids]
        st.caption("Checked against: " + "; ".join(plain(short_name(s)) for _, s in studies.iterrows()))


def summary_block(summary: Summary, mode: str) -> None:
    """A measure's summary as every screen shows it: open and MISS side by side, whether the studies agree, how sure
    we are (the reason one click away), and where the numbers come from."""
    exact = mode == "surgeon"
    open_col, miss_col = st.columns(2)
    open_col.markdown(f"**Open surgery** (circles)  \n{plain(summary.open_cell if exact else summary.open_plain)}")
    miss_col.markdown(f"**MISS** (diamonds)  \n{plain(summary.miss_cell if exact else summary.miss_plain)}")
    if summary.kind == "risk" and summary.out_of:
        st.markdown(plain(summary.sentence))
    if summary.agreement == "disagree":
        st.warning(plain(summary.agreement_words), icon=":material/compare_arrows:")
    else:
        st.markdown(f"What studies found: {plain(summary.agreement_words)}")
    for line in summary.also:
        st.markdown(f"But: {plain(line)}")
    st.markdown(f"How sure we are: {plain(summary.certainty_words)}")
    with st.expander("Why we are this sure, and where the numbers come from"):
        st.markdown("\n\n".join(plain(t) for t in (summary.certainty_reason, summary.basis, RULE) if t))


def studies(evidence: Evidence, source_ids: list[str]) -> None:
    """The studies behind the figures: citation, design, size, certainty and a DOI link, as a list."""
    table = evidence.sources.set_index("source_id").loc[list(dict.fromkeys(source_ids))]
    items = []
    for source_id, source in table.iterrows():
        size = ", ".join(
            part for part in (
                f"{source.n_studies} studies" if pd.notna(source.n_studies) and source.n_studies > 1 else "",
                f"{source.n_patients:,} patients" if pd.notna(source.n_patients) else "",
            ) if part
        )
        items.append(
            f"- {plain(citation(source))}  \n"
            f"  {plain(source.design)}{plain(' · ' + size) if size else ''} · "
            f"certainty as stated: {plain(source.certainty if isinstance(source.certainty, str) else 'not stated')} · "
            f"numbers from the {plain(source.locator)} · [{plain(link(source))}]({link(source)})"
        )
    st.markdown("\n".join(items))


def glossary(evidence: Evidence, terms: list[str] | None = None) -> None:
    """Plain definitions of the terms a patient meets (all, or the named ones)."""
    rows = evidence.glossary if terms is None else evidence.glossary[evidence.glossary.term.isin(terms)]
    st.markdown("\n\n".join(f"**{plain(row.term)}**: {plain(row.definition)}" for row in rows.itertuples()))


def text_table(frame: pd.DataFrame, key: str | None = None) -> None:
    """A static table whose cells wrap; every cell escaped, since st.table reads Markdown. With a key, the table
    sits in a container of that key, which the stylesheet turns into one card per row on a phone."""
    escaped = frame.map(plain).rename(columns=plain)
    with st.container(key=key):
        st.table(escaped.set_index(escaped.columns[0]))


def notice() -> None:
    st.info(NOTICE, icon=":material/info:")
