"""What helps a patient read and use the screens (PEMAT-P, docs/pemat-scoring.md), in patient mode: how to use them,
step by step; how to read the numbers, once; a summary and what to do next at the end. The words are
evidence.reading's, shared with the printed handout (charts of single studies get their plain titles in
evidence.figures.patient_studies_chart)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from evidence import reading
from evidence.load import Evidence
from evidence.summary import RULE, summaries_for
from evidence.wording import plain


def how_to_use(mode: str) -> None:
    """The steps to use the screens, numbered, in a box (patient mode)."""
    if mode != "patient":
        return
    with st.container(border=True, key="how_to_use"):
        st.markdown(f"**{reading.HOW_TO_USE_TITLE.replace('sheet', 'page')}**\n\n" + "\n".join(
            f"{number}. {plain(step)}" for number, step in enumerate(reading.SCREEN_STEPS, start=1)))


def reading_numbers(mode: str) -> None:
    """How to read the table's numbers, once, above it; which evidence we use, a click away (patient mode)."""
    if mode != "patient":
        return
    st.markdown(f"**Reading the numbers:** {plain(reading.READING_NUMBERS)}")
    with st.expander("How we chose these numbers", key="how_chosen"):
        st.markdown(plain(RULE))


def next_steps(evidence: Evidence, figures: pd.DataFrame, mode: str) -> None:
    """The end of the overview: a short summary (both aim at the same result, how sure we are across the measures)
    and what to do next, numbered (patient mode)."""
    if mode != "patient":
        return
    st.header("In short", divider="gray")
    sure = reading.in_short(list(summaries_for(evidence, figures).values()))
    st.markdown(plain(f"{reading.IN_SHORT} {sure}".strip()))
    st.subheader(reading.NEXT_STEPS_TITLE)
    st.markdown("\n".join(f"{number}. {plain(step)}" for number, step in enumerate(reading.NEXT_STEPS, start=1)))
