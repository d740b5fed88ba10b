"""Presenter mode: one measure a slide, benefits and downsides alike, each fitting one screen; a clicker steps."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import handout
from components.evidence_text import VERDICT_BADGES
from components.navigation import presenter_steps
from evidence import figures as charts
from evidence.load import Evidence, selection_of
from evidence.summary import summaries
from evidence.views import claims_on, comparison
from evidence.wording import plain


def _go(evidence: Evidence, step: str) -> None:
    """Show a step: the overview or a measure (its comparison becomes the view)."""
    metrics = evidence.metrics.set_index("metric_id")
    st.session_state.slide = step
    st.session_state.view = "glance" if step == "glance" else metrics.comparison_id[step]


def _step(evidence: Evidence, delta: int) -> None:
    steps = presenter_steps(evidence)
    here = st.session_state.get("slide") if st.session_state.get("view") != "glance" else "glance"
    index = steps.index(here) if here in steps and st.session_state.get("view") not in ("matters", "source",
                                                                                         "method") else -delta
    _go(evidence, steps[(index + delta) % len(steps)])


def controls(evidence: Evidence) -> None:
    """Previous / next for a room: arrow keys, PageUp/PageDown (a clicker) or the two buttons; the hand-out."""
    steps = presenter_steps(evidence)
    here = "glance" if st.session_state.get("view") == "glance" else st.session_state.get("slide")
    position = steps.index(here) + 1 if here in steps else 0
    with st.container(key="presenter_bar", horizontal=True, vertical_alignment="center"):
        st.button("← Previous", on_click=_step, args=(evidence, -1), shortcut="Left", key="prev")
        st.markdown(f"**{position} of {len(steps)}**")
        st.button("Next →", on_click=_step, args=(evidence, 1), shortcut="Right", key="next")
        st.button("Leave presenter mode", on_click=lambda: st.session_state.update(mode="surgeon"), key="leave")
        handout.presenter_button(evidence)
    with st.container(key="clicker_keys"):
        st.button("Previous slide", on_click=_step, args=(evidence, -1), shortcut="PageUp", key="page_up")
        st.button("Next slide", on_click=_step, args=(evidence, 1), shortcut="PageDown", key="page_down")


def slide(evidence: Evidence, figures: pd.DataFrame, metric_id: str) -> None:
    """One measure for a room: the chart in large type beside its summary, and the article's claim on it."""
    selection = selection_of(figures)
    summary = summaries(evidence, selection)[metric_id]
    view = comparison(evidence, selection, summary.comparison_id)
    st.title(plain(summary.patient_label))
    left, right = st.columns([3, 2], gap="large")
    with left:
        figure = charts.slide_chart(evidence, selection, metric_id, view.chart)
        if figure is not None:
            st.plotly_chart(figure, key=f"slide_{metric_id}", config={"displaylogo": False, "staticPlot": True})
        else:
            st.markdown(next(m.explanation for m in view.measures if m.metric_id == metric_id))
    with right:
        st.markdown(f"**Open:** {plain(summary.open_plain)}")
        st.markdown(f"**MISS:** {plain(summary.miss_plain)}")
        if summary.agreement == "disagree":
            st.warning(plain(summary.agreement_words), icon=":material/compare_arrows:")
        else:
            st.markdown(plain(summary.agreement_words))
        st.markdown(f"How sure we are: **{plain(summary.certainty_words.split(':')[0])}**")
        claims = claims_on(evidence, [metric_id])
        if claims:  # the claim most about this measure: the one naming the fewest others
            first = min(claims, key=lambda claim: len(claim.metric_ids))
            icon, color, words = VERDICT_BADGES[first.verdict]
            st.badge(f"The article: {words}", icon=icon, color=color)
            st.caption("\u201c" + first.text + "\u201d")
