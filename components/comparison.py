"""One comparison (incision, blood loss, …): each measure's summary, its chart, the article's passage and its studies."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import decide, downloads, recovery_weeks
from components.evidence_text import passage, studies, summary_block
from evidence import figures as charts
from evidence.citations import figure_table, patient_table
from evidence.load import Evidence, Selection, selection_of
from evidence.recovery import RECOVERY_VIEW
from evidence.summary import Summary, summaries
from evidence.views import Measure, comparison
from evidence.wording import ARTICLE_LABEL, plain


def render(evidence: Evidence, figures: pd.DataFrame, comparison_id: str, mode: str) -> None:
    """Draw one comparison view: every measure of it, then what the article says about them."""
    selection = selection_of(figures)
    view = comparison(evidence, selection, comparison_id)
    st.title(view.title)
    st.subheader(view.question)
    words = st.popover("Words explained", icon=":material/menu_book:", key=f"words_{comparison_id}", on_change="rerun")
    if words.open:  # built only when opened
        with words:
            st.markdown(view.glossary)
    by_metric = summaries(evidence, selection)
    main, side = st.columns([3, 2], gap="large")
    with main:
        for measure in view.measures:
            metric_block(evidence, selection, by_metric[measure.metric_id], measure, view.chart, mode)
            if measure.metric_id == "infection":  # the same rows for a patient with a risk factor
                decide.own_risk(by_metric["infection"], mode)
    with side:
        st.markdown("##### The article's claims, checked")  # a rank below the measures' headings
        st.caption(ARTICLE_LABEL)
        if not view.claims:
            st.markdown("The article says nothing specific about this.")
        for claim in view.claims:
            passage(claim)
    if comparison_id == RECOVERY_VIEW:
        recovery_weeks.section(evidence, figures, mode)


def metric_block(evidence: Evidence, selection: Selection, summary: Summary, measure: Measure, chart: str,
                 mode: str) -> None:
    """One measure: its summary in words, then Chart, Table and Studies tabs (only the open tab is built)."""
    st.header(plain(summary.patient_label if mode == "patient" else summary.label), divider="gray")
    st.markdown(measure.explanation)
    summary_block(summary, mode)
    if not measure.rows.ids:
        if measure.reported:
            st.warning("No study in this selection reports this. Clear the filters to see all studies.")
        return
    figure, forest = charts.metric_charts(evidence, selection, measure.metric_id, chart,
                                          with_differences=mode == "surgeon")  # forest plots are for surgeons
    tabs = st.tabs(["Chart", "Table", "Studies"], key=f"tabs_{measure.metric_id}", on_change="rerun")
    if mode == "patient" and figure is not None and not summary.icons and (tabs[0].open or tabs[1].open):
        figure = charts.patient_studies_chart(evidence, selection, measure.metric_id)  # plain words and title
    if tabs[0].open:
        with tabs[0]:
            own = None if summary.kind != "continuous" else \
                (charts.patient_summary_figure if mode == "patient" else charts.summary_figure_for)(
                    evidence, selection, measure.metric_id)
            if figure is None and forest is None and own is None:
                st.markdown("No chart: no study gives numbers for both approaches. The table lists what each says.")
            for name, drawn in (("summary", own), ("chart", figure), ("diff", forest)):
                if drawn is not None:
                    st.plotly_chart(drawn, key=f"{name}_{measure.metric_id}", config={"displaylogo": False})
    if tabs[1].open:
        with tabs[1]:
            table = patient_table(evidence, measure.rows) if mode == "patient" else \
                figure_table(evidence, measure.rows, curator_columns=mode == "surgeon")
            st.dataframe(table, hide_index=True)
            rows = evidence.figures[evidence.figures.figure_id.isin(measure.rows.ids)]
            downloads.buttons(evidence, rows, figure, measure.metric_id)
    if tabs[2].open:
        with tabs[2]:
            studies(evidence, measure.source_ids)
