"""Once per server process, in the background: what no visitor should wait for, done before anyone asks.

Chromium is started for the chart images and the default handouts are built (so the first handout a surgeon asks
for is as quick as the next), every view's summaries, texts and figures are built into the shared caches, and then
the long-lived objects (libraries, evidence, caches) are frozen out of the garbage collector's sight: Streamlit runs a
full collection after every script run, and it then scans only what that run made.
"""

from __future__ import annotations

import gc
import threading
import time

import streamlit as st
from streamlit.logger import get_logger
from streamlit.runtime.scriptrunner import add_script_run_ctx

from components.navigation import MODES, presenter_steps
from evidence import figures as charts
from evidence.handout import patient_handout, presenter_handout
from evidence.load import Evidence, selection_of
from evidence.summary import option_grid, summaries
from evidence.views import all_studies, claims, comparison, glossary_text, studies_text

log = get_logger(__name__)
FINISHED = "warm-up finished"  # benchmarks wait for this line in the server's log


@st.cache_resource(show_spinner=False)
def start(_evidence: Evidence) -> threading.Thread:
    """Start the warm-up once per process (the evidence of the first run: the published one)."""
    thread = threading.Thread(target=prepare, args=(_evidence,), name="warm-up", daemon=True)
    add_script_run_ctx(thread)  # the caches it fills are the server's own
    thread.start()
    return thread


def prepare(evidence: Evidence) -> None:
    """Build what the views and handouts draw for the published evidence, then freeze the long-lived heap."""
    began = time.perf_counter()
    try:
        build_views(evidence)
        patient_handout(evidence, evidence.figures, "A4")  # the default leaves its charts out (no room)
        presenter_handout(evidence, evidence.figures, presenter_steps(evidence))  # starts Chromium, keeps the charts
    except Exception:  # noqa: BLE001 - a failed warm-up only means the first visitor builds it instead
        log.warning("warm-up stopped early", exc_info=True)
    gc.collect()
    gc.freeze()
    log.info("%s in %.1f s", FINISHED, time.perf_counter() - began)


def build_views(evidence: Evidence) -> None:
    """Every view's ready text and figures for all the published figures, in every mode."""
    selection = selection_of(evidence.figures)
    summaries(evidence, selection)
    claims(evidence)
    glossary_text(evidence)
    studies_text(evidence, all_studies(evidence))
    studies_text(evidence, all_studies(evidence), patient=True)  # the article view in patient mode
    charts.options_diagram()
    charts.options_diagram(*charts.ROOM_DIAGRAM)
    for mode in MODES:
        option_grid(evidence, selection, mode)
    for comparison_id in evidence.comparisons.comparison_id:
        view = comparison(evidence, selection, comparison_id)
        for measure in view.measures:
            studies_text(evidence, measure.source_ids)
            charts.summary_figure_for(evidence, selection, measure.metric_id)
            charts.slide_chart(evidence, selection, measure.metric_id, view.chart)
            for surgeon in (False, True):
                charts.metric_charts(evidence, selection, measure.metric_id, view.chart, with_differences=surgeon)
