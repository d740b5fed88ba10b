"""Mode and view: sidebar widgets bound to the URL (?mode=…&view=…), presenter step keys, surgeon filters."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.evidence_text import glossary
from evidence.load import Evidence
from evidence.summaries import filtered
from evidence.wording import plain

MODES = {"patient": "Patient", "surgeon": "Surgeon (consultation)", "presenter": "Presenter"}
EXTRA_VIEWS = {"matters": "What matters to me", "source": "Source article and studies"}


def view_titles(evidence: Evidence) -> dict[str, str]:
    """Every view id with its title, in menu order."""
    comparisons = evidence.comparisons.sort_values("order")
    return {"glance": "At a glance", **dict(zip(comparisons.comparison_id, comparisons.title)), **EXTRA_VIEWS}


def presenter_steps(evidence: Evidence) -> list[str]:
    """What a presenter steps through: the overview, then each comparison."""
    return ["glance", *evidence.comparisons.sort_values("order").comparison_id]


def _seed_from_url(key: str, allowed: list[str]) -> None:
    """On a session's first run take the value from the URL, if it is one we know; else the first option."""
    if st.session_state.get(key) not in allowed:
        wanted = st.query_params.get(key)
        st.session_state[key] = wanted if wanted in allowed else allowed[0]


def sidebar(evidence: Evidence) -> tuple[str, str]:
    """Draw the mode and view pickers and keep the URL in step, so a copied link reopens the same screen."""
    titles = view_titles(evidence)
    _seed_from_url("mode", list(MODES))
    _seed_from_url("view", list(titles))
    with st.sidebar:
        st.radio("Who is using this?", list(MODES), format_func=MODES.get, key="mode")
        st.radio("Show", list(titles), format_func=lambda view: plain(titles[view]), key="view")
        with st.expander("Glossary", icon=":material/menu_book:"):
            glossary(evidence)
    st.query_params.update(mode=st.session_state.mode, view=st.session_state.view)
    return st.session_state.mode, st.session_state.view


def _step(steps: list[str], delta: int) -> None:
    current = st.session_state.get("view", steps[0])
    index = steps.index(current) if current in steps else -delta
    st.session_state.view = steps[(index + delta) % len(steps)]


def presenter_controls(evidence: Evidence) -> None:
    """Previous / next for a room: arrow keys, PageUp/PageDown (a clicker) or the two buttons."""
    steps = presenter_steps(evidence)
    current = st.session_state.get("view")
    position = steps.index(current) + 1 if current in steps else 0
    left, middle, right, leave = st.columns([2, 3, 2, 2], vertical_alignment="center")
    left.button("← Previous", on_click=_step, args=(steps, -1), shortcut="Left", key="prev", width="stretch")
    middle.markdown(f"**{position} of {len(steps)}**", text_alignment="center")
    right.button("Next →", on_click=_step, args=(steps, 1), shortcut="Right", key="next", width="stretch")
    leave.button("Leave presenter mode", on_click=lambda: st.session_state.update(mode="surgeon"), key="leave")
    with st.container(key="clicker_keys"):
        st.button("Previous slide", on_click=_step, args=(steps, -1), shortcut="PageUp", key="page_up")
        st.button("Next slide", on_click=_step, args=(steps, 1), shortcut="PageDown", key="page_down")


def surgeon_filters(figures: pd.DataFrame) -> pd.DataFrame:
    """Sidebar filters by procedure and study design; returns the figures that pass."""
    with st.sidebar:
        st.subheader("Filter the studies")
        procedures = st.multiselect("Procedure", sorted(figures.procedure.unique()), key="procedure", bind="query-params")
        designs = st.multiselect("Study design", sorted(figures.design.unique()), key="design", bind="query-params")
        st.caption("Empty = all. Filters change which studies count, never their numbers.")
    return filtered(figures, procedures, designs)
