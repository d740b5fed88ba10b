"""What helps a patient read and use the screens (PEMAT-P, docs/pemat-scoring.md), in patient mode: how to use them,
step by step; how to read the numbers, once; a summary and what to do next at the end; plain titles on charts of
single studies. The words are evidence.reading's, shared with the printed handout."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from evidence import reading
from evidence.load import Evidence
from evidence.summary import RULE, Summary, summaries_for
from evidence.wording import plain, plain_unit, plotly_text

TITLE_CHARACTERS, LINE_PX = 40, 22  # a chart title's line on a 375 px phone, and the room each more line takes


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


def studies_chart(figure: go.Figure | None, summary: Summary, mode: str) -> go.Figure | None:
    """A chart of single studies as a patient sees it: titled in plain words that say its numbers are each study's
    own, not rounded (so 255 in a study never seems to contradict 'about 260' above it), the axis in plain words.
    Other charts and other modes are returned as they are. Charts are shared between sessions: this is a copy."""
    if mode != "patient" or figure is None or summary.kind == "risk":
        return figure
    word, explained = plain_unit(summary.unit)
    better = {"lower": "(lower is better)", "higher": "(higher is better)"}.get(summary.better, "")
    fig = go.Figure(figure)
    lines = textwrap.wrap(reading.studies_chart_title(summary), TITLE_CHARACTERS)  # a phone's width
    extra = LINE_PX * (len(lines) - 1)
    fig.update_layout(title_text="<br>".join(plotly_text(line) for line in lines), title_pad_t=LINE_PX // 2,
                      margin_t=(fig.layout.margin.t or 0) + extra, height=(fig.layout.height or 450) + extra)
    axis = textwrap.wrap(f"{word}{explained}", TITLE_CHARACTERS) + ([better] if better else [])
    fig.update_xaxes(title_text="<br>".join(plotly_text(line) for line in axis))
    return fig
