"""One comparison (incision, blood loss, …): each measure's summary, its chart, the article's passage and its studies."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import downloads
from components.evidence_text import glossary, passage, studies, summary_block
from evidence import figures as charts
from evidence.load import Evidence
from evidence.summaries import figure_table, for_metric, passages_for, terms_in
from evidence.summary import Summary, summaries_for
from evidence.wording import plain


def render(evidence: Evidence, figures: pd.DataFrame, comparison_id: str, mode: str) -> None:
    """Draw one comparison view: every measure of it, then what the article says about them."""
    comparison = evidence.comparisons.set_index("comparison_id").loc[comparison_id]
    metrics = evidence.metrics[evidence.metrics.comparison_id == comparison_id].sort_values("order")
    st.title(plain(comparison.title))
    st.subheader(plain(comparison.patient_question))
    quoted = passages_for(evidence, list(metrics.metric_id))
    words = " ".join([*metrics.label, *metrics.explanation, *quoted.text, *metrics.certainty_reason.fillna("")])
    with st.popover("Words explained", icon=":material/menu_book:"):
        glossary(evidence, terms_in(evidence.glossary, words + " confidence interval meta-analysis"))
    by_metric = summaries_for(evidence, figures)
    main, side = st.columns([3, 2], gap="large")
    with main:
        for metric in metrics.itertuples():
            metric_block(evidence, figures, by_metric[metric.metric_id], pd.Series(metric._asdict()),
                         comparison.chart, mode)
    with side:
        st.header("What the article says", divider="gray")
        if quoted.empty:
            st.markdown("The article says nothing specific about this.")
        for _, row in quoted.iterrows():
            passage(row, evidence)


def metric_block(evidence: Evidence, figures: pd.DataFrame, summary: Summary, metric: pd.Series, chart: str,
                 mode: str) -> None:
    """One measure: its summary in words, then Chart, Table and Studies tabs (only the open tab is built)."""
    rows = for_metric(figures, metric.metric_id)
    st.header(plain(summary.patient_label if mode == "patient" else summary.label), divider="gray")
    st.markdown(plain(metric.explanation))
    summary_block(summary, mode)
    if rows.empty:
        if not for_metric(evidence.figures, metric.metric_id).empty:
            st.warning("No study in this selection reports this. Clear the filters to see all studies.")
        return
    figure, forest = charts.metric_charts(evidence, tuple(figures.figure_id), metric.metric_id, chart,
                                          with_differences=mode == "surgeon")  # forest plots are for surgeons
    tabs = st.tabs(["Chart", "Table", "Studies"], key=f"tabs_{metric.metric_id}", on_change="rerun")
    if tabs[0].open:
        with tabs[0]:
            own = charts.summary_figure_for(evidence, tuple(figures.figure_id), metric.metric_id) \
                if summary.kind == "continuous" else None
            if figure is None and forest is None and own is None:
                st.markdown("No chart: no study gives numbers for both approaches. The table lists what each says.")
            for name, drawn in (("summary", own), ("chart", figure), ("diff", forest)):
                if drawn is not None:
                    st.plotly_chart(drawn, key=f"{name}_{metric.metric_id}", config={"displaylogo": False})
    if tabs[1].open:
        with tabs[1]:
            st.dataframe(figure_table(evidence, tuple(rows.figure_id)), hide_index=True)
            downloads.buttons(evidence, rows, figure, metric.metric_id)
    if tabs[2].open:
        with tabs[2]:
            studies(evidence, list(rows.source_id))
