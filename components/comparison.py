"""One comparison (incision, blood loss, …): chart, numbers in words, the article's passage and its studies."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import downloads
from components.evidence_text import glossary, passage, studies
from evidence import figures as charts
from evidence.load import Evidence
from evidence.summaries import (
    conflicting,
    findings_spread,
    for_metric,
    headline,
    headline_words,
    passages_for,
    terms_in,
    timeline_table,
)
from evidence.wording import certainty_sentence, effect_text, plain, short_name, spread

TABLE_COLUMNS = {
    "procedure": "Procedure", "design": "Design", "n_studies": "Studies", "n_patients": "Patients",
    "open_value": "Open", "open_spread": "Open spread", "miss_value": "MISS", "miss_spread": "MISS spread",
    "effect": "Difference (MISS vs open)", "p_value": "p", "finding": "Finding", "unit": "Unit",
    "study": "Study", "locator": "Where in the paper", "note": "Note",
}


def render(evidence: Evidence, figures: pd.DataFrame, comparison_id: str, mode: str) -> None:
    """Draw one comparison view in the given mode."""
    comparison = evidence.comparisons.set_index("comparison_id").loc[comparison_id]
    metrics = evidence.metrics[evidence.metrics.comparison_id == comparison_id].sort_values("order")
    st.title(comparison.title)
    st.subheader(comparison.patient_question)
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
    st.header(metric.patient_label if mode == "patient" else metric.label, divider="gray")
    st.markdown(plain(metric.explanation))
    if rows.empty:
        st.warning("No study in this selection reports this. Clear the filters to see all studies.")
        return
    top = headline(figures, metric.metric_id)
    st.markdown(f"**{plain(headline_words(metric, top))}**")
    st.markdown(f"How sure we are: {plain(certainty_sentence(metric.certainty))}")
    if conflicting(rows):
        st.warning("The studies do not agree on this. Each study's result is shown below rather than one average.",
                   icon=":material/compare_arrows:")
    st.markdown(plain(findings_spread(rows)))
    figure = metric_figure(evidence, figures, metric, chart, top)
    if mode == "presenter":
        if figure is not None:
            st.plotly_chart(figure, key=f"chart_{metric.metric_id}", config={"displaylogo": False})
        return
    tab_chart, tab_table, tab_studies = st.tabs(["Chart", "Table", "Studies"])
    with tab_chart:
        if figure is None:
            st.markdown("No chart: the studies give only the direction or words, listed in the table.")
        else:
            st.plotly_chart(figure, key=f"chart_{metric.metric_id}", config={"displaylogo": False})
        if rows.effect_value.notna().any() and metric.kind != "text":
            st.plotly_chart(charts.differences(rows, metric, evidence.sources),
                            key=f"diff_{metric.metric_id}", config={"displaylogo": False})
    with tab_table:
        table = figure_table(rows, evidence)
        st.dataframe(table, hide_index=True)
        downloads.buttons(evidence, rows, figure, metric.metric_id)
    with tab_studies:
        studies(evidence, list(rows.source_id))
    if isinstance(metric.certainty_reason, str):
        with st.expander("Why we are this sure"):
            st.markdown(plain(metric.certainty_reason))


def metric_figure(evidence: Evidence, figures: pd.DataFrame, metric: pd.Series, chart: str, top: pd.Series | None):
    """The chart that suits the measure, or None when no study gives numbers for both approaches."""
    rows = for_metric(figures, metric.metric_id)
    if metric.kind == "risk" and top is not None and chart == "icon_array":
        caption = f"{charts.source_caption(top.to_frame().T, evidence.sources)}; {top.design}; {top.procedure}"
        return charts.icon_array(top.open_value, top.miss_value, f"have a {metric.patient_label.lower()}", caption)
    if chart == "timeline" and metric.order == 1:
        milestones = timeline_table(figures, evidence)
        if not milestones.empty:
            shown = figures[figures.headline & figures.metric_id.isin(milestones.metric_id)]
            return charts.recovery_timeline(milestones, charts.source_caption(shown, evidence.sources))
    if (rows.open_value.notna() & rows.miss_value.notna()).any():
        return charts.dumbbell(rows, metric, evidence.sources)
    return None


def figure_table(rows: pd.DataFrame, evidence: Evidence) -> pd.DataFrame:
    """The same figures as the chart, as a table a screen reader can read."""
    sources = evidence.sources.set_index("source_id")
    table = rows.assign(
        study=[("Your data: " if own else "") + short_name(sources.loc[s]) for s, own in zip(rows.source_id, rows.own)],
        open_spread=[spread(r, "open") for _, r in rows.iterrows()],
        miss_spread=[spread(r, "miss") for _, r in rows.iterrows()],
        effect=[effect_text(r) for _, r in rows.iterrows()],
    )
    return table[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
