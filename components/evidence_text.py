"""Render pieces shared by the views: the article's passages with their claim check, studies, glossary, notices."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from evidence.load import Evidence
from evidence.summary import RULE, Summary
from evidence.views import Claim, glossary_text, studies_text
from evidence.wording import NOTICE, VERDICT_WORDS, explained, markdown_table, plain

VERDICT_BADGES = {verdict: (icon, color, VERDICT_WORDS[verdict]) for verdict, icon, color in (
    ("supported", ":material/check_circle:", "green"),
    ("partly supported", ":material/contrast:", "orange"),
    ("not supported or overstated", ":material/cancel:", "red"),
    ("no evidence found", ":material/help:", "gray"),
    ("general", ":material/info:", "blue"),
)}


def passage(claim: Claim) -> None:
    """One passage of the source article under its claim check: the verdict first, with its reason, then the
    article's words beneath it, quoted as they are in a quieter style (the article is what is checked, not evidence)."""
    icon, color, words = VERDICT_BADGES[claim.verdict]
    with st.container(key=f"claim_{claim.passage_id}"):
        st.badge(f"Claim check: {words}", icon=icon, color=color)
        st.markdown(claim.reason + (f"  \nChecked against: {claim.checked_against}" if claim.checked_against else ""))
        st.caption("The article says: \u201c" + claim.text + "\u201d")


def summary_block(summary: Summary, mode: str) -> None:
    """A measure's summary as every screen shows it: open and MISS side by side, whether the studies agree, how sure
    we are (the reason one click away), and where the numbers come from."""
    exact = mode == "surgeon"
    said = explained if mode == "patient" else str  # patients get each technical term in plain words beside it
    open_col, miss_col = st.columns(2)
    open_col.markdown(f"**Open surgery** (circles)  \n{plain(summary.open_cell if exact else summary.open_first)}")
    miss_col.markdown(f"**MISS** (diamonds)  \n{plain(summary.miss_cell if exact else summary.miss_first)}")
    lines = [plain(said(summary.more_plain))] if summary.more_plain and not exact else []  # one value a cell, then this
    lines += [plain(summary.sentence)] if summary.kind == "risk" and summary.out_of else []
    if summary.agreement == "disagree":  # a disagreement stands out in its own box, after the numbers
        if lines:
            st.markdown("\n\n".join(lines))
            lines = []
        st.warning(plain(summary.agreement_words), icon=":material/compare_arrows:")
    else:
        lines.append(f"What studies found: {plain(summary.agreement_words)}")
    lines += [f"But: {plain(said(line))}" for line in summary.also]
    lines += [f"Background, not a comparison: {plain(said(line))}" for line in summary.background]
    if summary.not_for:
        lines.append(f"Does not apply to: {plain(said(summary.not_for))}")
    if summary.source_names:
        lines.append(f"Numbers from: {plain('; '.join(summary.source_names))}")
    lines.append(f"How sure we are: {plain(summary.certainty_words)}")
    st.markdown("\n\n".join(lines))
    why = st.expander("Why we are this sure, and where the numbers come from", key=f"sure_{summary.metric_id}",
                      on_change="rerun")
    if not why.open:  # built only when opened
        return
    with why:
        st.markdown("\n\n".join(plain(said(t)) for t in (summary.certainty_reason, summary.basis) if t))
        if exact:
            if summary.headline_reason:
                st.markdown(f"Why this number: {plain(summary.headline_reason)}")
            if summary.grade:
                grade_table(summary)
        st.markdown(plain(RULE))


def grade_table(summary: Summary, said=str) -> None:
    """The GRADE judgements behind a measure's certainty: where it starts, each domain, the result (each cell passed
    through `said`: explained, for patients)."""
    text_table(pd.DataFrame(list(summary.grade)).map(said), key=f"grade_{summary.metric_id}")


def studies(evidence: Evidence, source_ids: tuple[str, ...]) -> None:
    """The studies behind the figures: citation, design, size, certainty and a DOI link, as a list (in plain words
    in patient mode)."""
    st.markdown(studies_text(evidence, source_ids, patient=st.session_state.get("mode") == "patient"))


def glossary(evidence: Evidence) -> None:
    """Plain definitions of every term a patient meets."""
    st.markdown(glossary_text(evidence))


def text_table(frame: pd.DataFrame, key: str | None = None) -> None:
    """A static table whose cells wrap; every cell escaped, since st.table reads Markdown. With a key, the table
    sits in a container of that key, which the stylesheet turns into one card per row on a phone."""
    escaped_table(markdown_table(frame), key)


def escaped_table(table: pd.DataFrame, key: str | None = None) -> None:
    """text_table of a table already escaped by wording.markdown_table (built once in a cache)."""
    with st.container(key=key):
        st.table(table)


def notice() -> None:
    st.info(NOTICE, icon=":material/info:")
