"""What the weeks after each operation are like: the full table (Recovery screen), the short digest (at a glance, for
phones) and the presenter's slide, all drawn from evidence.recovery. Data text is always escaped."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.evidence_text import escaped_table
from evidence import recovery
from evidence.load import Evidence
from evidence.wording import plain


def phone_cards(mode: str) -> str:
    """On a phone each row of the tables becomes a card, each cell named by its column (our own column names from
    recovery.COLUMNS, never data)."""
    tables = '[class*="st-key-recovery_"]'
    columns = recovery.COLUMNS["surgeon" if mode == "surgeon" else "patient"][1:]
    labels = "".join(f'{tables} tbody td:nth-of-type({i})::before {{ content: "{name}: "; font-weight: 700; }}\n'
                     for i, name in enumerate(columns, start=1))
    return f"""<style>
@media (max-width: 640px) {{
  {tables} table, {tables} tbody, {tables} tr, {tables} th, {tables} td {{ display: block; width: 100% !important;
    box-sizing: border-box; white-space: normal !important; overflow-wrap: anywhere; }}
  {tables} thead {{ display: none; }}
  {tables} tbody tr {{ border-top: 2px solid #888; padding: 0.3rem 0; }}
  {tables} tbody th {{ font-weight: 700; border: none; }}
  {tables} tbody td {{ border: none; padding: 0.1rem 0.5rem; }}
{labels}}}
</style>"""


def section(evidence: Evidence, figures: pd.DataFrame, mode: str) -> None:
    """The table, period by period: what, open, MISS and the sources (surgeons also see where in them)."""
    st.html(phone_cards(mode))
    st.header(recovery.TITLE, divider="gray")
    st.markdown(plain(recovery.INTRO))
    for period, table in recovery.by_period(evidence, figures, mode):
        st.subheader(plain(period))
        escaped_table(table, key=f"recovery_{period.replace(' ', '_').replace('-', '_').lower()}")


def digest(evidence: Evidence) -> None:
    """Weeks 1, 2, 6 and 12 in a few short lines, near the top of the at-a-glance view."""
    lines = recovery.digest(evidence)
    if not lines:
        return
    with st.container(key="recovery_digest", border=True):
        st.markdown("**What the weeks after surgery are like**")
        st.markdown("\n".join(f"- **{plain(week)}:** {plain(text)}" for week, text in lines))
        st.caption(plain(f"{recovery.BOTH} More on the Recovery page. Sources: {recovery.digest_sources(evidence)}."))


def slide(evidence: Evidence) -> None:
    """The presenter's slide: the digest in room-sized type (the presenter stylesheet sets 36 px)."""
    st.title(recovery.TITLE)
    st.markdown("\n".join(f"- **{plain(week)}:** {plain(text)}" for week, text in recovery.digest(evidence)))
    st.markdown(plain(recovery.BOTH))
    st.container(key="slide_sources").markdown(plain(f"Sources: {recovery.digest_sources(evidence)}"))
