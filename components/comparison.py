"""One comparison (incision, blood loss, …): chart, numbers in words, the article's passage and its studies."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import downloads
from components.evidence_text import glossary, passage, studies
from evidence import figures as charts
from evidence.load import Evidence
from evidence.summaries import (
    conflicting,
    findings_spread,
    figure_table,
    for_metric,
    headline,
    headline_words,
    passages_for,
    terms_in,
)
from evidence.wording import certainty_sentence, plain


def render(evidence: Evidence, figures: pd.DataFrame, comparison_id: str, mode: str) -> None:
    """Draw one comparison view in the given mode."""
    comparison = evidence.comparisons.set_index("comparison_id").loc[comparison_id]
    metrics = evidence.metrics[evidence.metrics.comparison_id == comparison_id].sort_values("order")
    st.title(plain(comparison.title))
    st.subheader(plain(comparison.patient_question))
    presenter = mode == "presenter"
    quoted = passages_for(evidence, list(metrics.metric_id))
    if not presenter:
        words = " ".join([*metrics.label, *metrics.explanation, *quoted.text, *metrics.certainty_reason.fillna("")])
        with st.popover("Words explained", icon=":material/menu_book:"):
            glossary(evidence, terms_in(evidence.glossary, words + " confidence interval meta-analysis"))
    main, side = st.columns([3, 2] if not presenter else [2, 1], gap="large")
    with main:
        for position, metric in enumerate(metrics.itertuples()):
            if presenter and position > 0:
                break
            metric_block(evidence, figures, pd.Series(metric._asdict()), comparison.chart, mode)
    with side:
        st.header("What the article says", divider="gray")
        if quoted.empty:
            st.markdown("The article says nothing specific about this.")
        for _, row in quoted.iterrows():
            passage(row, evidence, with_sources=not presenter)


def metric_block(evidence: Evidence, figures: pd.DataFrame, metric: pd.Series, chart: str, mode: str) -> None:
    """One metric: the chart (with table and studies tabs), its numbers in words and their certainty."""
    rows = for_metric(figures, metric.metric_id)
    st.header(plain(metric.patient_label if mode == "patient" else metric.label), divider="gray")
    if mode != "presenter":
        st.markdown(plain(metric.explanation))
    if rows.empty:
        if for_metric(evidence.figures, metric.metric_id).empty:
            reason = metric.certainty_reason if isinstance(metric.certainty_reason, str) else ""
            st.info(f"No study we found reports this. {plain(reason)}")
        else:
            st.warning("No study in this selection reports this. Clear the filters to see all studies.")
        return
    top = headline(figures, metric.metric_id)
    figure, forest = charts.metric_charts(evidence, tuple(figures.figure_id), metric.metric_id, chart,
                                          with_differences=mode == "surgeon")  # forest plots are for surgeons
    if mode == "presenter":  # the chart first, then the numbers in words: one screen for a room
        if figure is not None:  # a copy in larger type: cached figures are shared and never changed
            large = go.Figure(figure).update_layout(font_size=20)
            st.plotly_chart(large, key=f"chart_{metric.metric_id}", config={"displaylogo": False})
        st.markdown(f"**{plain(headline_words(metric, top))}**")
        st.markdown(f"How sure we are: {plain(certainty_sentence(metric.certainty))}")
        return
    st.markdown(f"**{plain(headline_words(metric, top))}**")
    st.markdown(f"How sure we are: {plain(certainty_sentence(metric.certainty))}")
    if conflicting(rows):
        st.warning("The studies do not agree on this. Each study's result is shown below rather than one average.",
                   icon=":material/compare_arrows:")
    st.markdown(plain(findings_spread(rows)))
    tab_chart, tab_table, tab_studies = st.tabs(["Chart", "Table", "Studies"])
    with tab_chart:
        if figure is None:
            st.markdown("No chart: the studies give only the direction or words, listed in the table.")
        else:
            st.plotly_chart(figure, key=f"chart_{metric.metric_id}", config={"displaylogo": False})
        if forest is not None:
            st.plotly_chart(forest, key=f"diff_{metric.metric_id}", config={"displaylogo": False})
    with tab_table:
        table = figure_table(evidence, tuple(rows.figure_id))
        st.dataframe(table, hide_index=True)
        downloads.buttons(evidence, rows, figure, metric.metric_id)
    with tab_studies:
        studies(evidence, list(rows.source_id))
    if isinstance(metric.certainty_reason, str):
        with st.expander("Why we are this sure"):
            st.markdown(plain(metric.certainty_reason))

