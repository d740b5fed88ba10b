"""Mode and view: sidebar widgets bound to the URL (?mode=…&view=…), a phone's topic picker, a new view opened at
its top, presenter step keys, surgeon filters."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.evidence_text import glossary
from evidence.filters import filtered
from evidence.load import BY_FINGERPRINT, Evidence
from evidence.recovery import RECOVERY_STEP, RECOVERY_VIEW
from evidence.summary import in_screen_order
from evidence.wording import plain

MODES = {"patient": "Patient", "surgeon": "Surgeon (consultation)", "presenter": "Presenter"}
EXTRA_VIEWS = {"closing": "Summing up: both options", "matters": "What matters to me", "decide": "Ready to decide",
               "source": "Source article and studies", "method": "How this was made"}


def view_titles(evidence: Evidence) -> dict[str, str]:
    """Every view id with its title, in menu order."""
    comparisons = evidence.comparisons.sort_values("order")
    return {"glance": "At a glance", **dict(zip(comparisons.comparison_id, comparisons.title)), **EXTRA_VIEWS}


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=BY_FINGERPRINT)
def presenter_steps(evidence: Evidence) -> list[str]:
    """What a presenter steps through: the overview, then every measure (benefits and downsides alike), each a slide
    named by its measure id, in screen order; after the recovery measures, the weeks after surgery (RECOVERY_STEP);
    last, the balanced closing slide ('closing')."""
    ranked = in_screen_order(evidence.metrics, evidence)
    steps = list(ranked.metric_id)
    recovery = list(ranked[ranked.comparison_id == RECOVERY_VIEW].metric_id)
    at = steps.index(recovery[-1]) + 1 if recovery else len(steps)
    return ["glance", *steps[:at], RECOVERY_STEP, *steps[at:], "closing"]


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
        words = st.expander("Glossary", icon=":material/menu_book:", key="glossary", on_change="rerun")
        if words.open:  # built only when opened: it is long
            with words:
                glossary(evidence)
        _open_at_top(st.session_state.view)
    params = {"mode": st.session_state.mode, "view": st.session_state.view}
    if st.session_state.mode == "presenter" and st.session_state.view in set(evidence.metrics.comparison_id):
        params["slide"] = current_slide(evidence)
    elif "slide" in st.query_params:
        del st.query_params["slide"]
    st.query_params.update(params)
    return st.session_state.mode, st.session_state.view


def topic_picker(evidence: Evidence) -> None:
    """The view picker in the main area, labelled, for phones (shown by phone.STYLE only on narrow screens, where the
    sidebar's picker is hidden); it sets the same view as the sidebar."""
    titles = view_titles(evidence)
    st.session_state.topic = st.session_state.view
    st.selectbox("Choose a topic", list(titles), format_func=titles.get, key="topic",  # plain text: no escapes
                 on_change=lambda: st.session_state.update(view=st.session_state.topic), filter_mode=None)


def _open_at_top(view: str) -> None:
    """Scroll the main area to the top when the view changes (Streamlit keeps the old scroll position). The view id,
    one of ours, is in the script so that it differs, and runs again, only when the view does."""
    st.html(f"<script>/* {view} */ document.querySelector('[data-testid=stMain]')?.scrollTo(0, 0);</script>",
            unsafe_allow_javascript=True)


def current_slide(evidence: Evidence) -> str:
    """The presenter's slide: 'glance' or a measure of the current view (from the URL on a first run)."""
    view = st.session_state.view
    measures = list(evidence.metrics[evidence.metrics.comparison_id == view].sort_values("order").metric_id)
    allowed = measures + [RECOVERY_STEP] * (view == RECOVERY_VIEW) or ["glance"]
    if st.session_state.get("slide") not in allowed:
        wanted = st.query_params.get("slide")
        st.session_state.slide = wanted if wanted in allowed else allowed[0]
    return st.session_state.slide


def surgeon_filters(figures: pd.DataFrame) -> pd.DataFrame:
    """Sidebar filters by procedure and study design; returns the figures that pass."""
    with st.sidebar:
        st.subheader("Filter the studies")
        procedures = st.multiselect("Procedure", sorted(figures.procedure.unique()), key="procedure", bind="query-params")
        designs = st.multiselect("Study design", sorted(figures.design.unique()), key="design", bind="query-params")
        st.caption("Empty = all. Filters change which studies count, never their numbers.")
    return filtered(figures, procedures, designs)
