"""Summing up, the deck's last slide and a view of its own: what each option offers (the same weight for both), what
is still uncertain, and questions to ask the surgeon. Never one measure, never a winner."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from evidence.balance import CLOSING_QUESTION, CLOSING_TITLE, closing_sections
from evidence.load import Evidence, selection_of
from evidence.summary import summaries
from evidence.wording import plain


def render(evidence: Evidence, figures: pd.DataFrame, mode: str) -> None:
    """Two rows of two columns: what open offers beside what MISS offers, then what is uncertain beside the
    questions to ask."""
    st.title(CLOSING_TITLE)
    if mode != "presenter":  # a slide keeps its room for the four lists
        st.markdown(CLOSING_QUESTION)
    sections = closing_sections(summaries(evidence, selection_of(figures)))
    for first, row in ((0, sections[:2]), (2, sections[2:])):
        for index, (column, (heading, points)) in enumerate(zip(st.columns(2, gap="large"), row), start=first):
            with column.container(key=f"closing_{index}"):
                st.markdown(f"**{plain(heading)}**\n\n" + "\n".join(f"- {plain(point)}" for point in points))
    if mode == "presenter":
        st.container(key="slide_sources").markdown("Sources: named on each slide and in the hand-out.")
