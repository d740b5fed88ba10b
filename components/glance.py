"""At a glance: open and MISS side by side on every measure (an option grid), with small charts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.evidence_text import notice, text_table
from evidence.wording import plain
from evidence import figures as charts
from evidence.load import Evidence
from evidence.summaries import for_metric, glance_table, headline

DECISION = (
    "If you and your surgeon have decided on spine fusion: should it be open or minimally invasive (MISS)? "
    "Whether to have fusion at all is an earlier, separate decision."
)


def render(evidence: Evidence, figures: pd.DataFrame, mode: str) -> None:
    """The option grid and one small chart per core comparison."""
    st.title("Open or minimally invasive spine fusion?")
    st.markdown(DECISION)
    if mode != "presenter":
        notice()
    table = glance_table(evidence, figures, mode)
    if mode == "presenter":  # one line per comparison, readable from the back of a room
        first = evidence.metrics.sort_values("order").drop_duplicates("comparison_id").label
        table = table[table.Measure.isin(first)]
    st.header("Side by side", divider="gray")
    st.caption("Open and MISS: one typical study's result (— where no study gives both). What studies found: how the "
               "comparisons split, counted, not averaged. Downsides of each option are in the same table.")
    text_table(table)
    if mode == "presenter":
        return
    st.header("The comparisons in charts", divider="gray")
    metrics = evidence.metrics.set_index("metric_id")
    columns = st.columns(2)
    firsts = evidence.metrics.sort_values("order").drop_duplicates("comparison_id").set_index("comparison_id")
    comparisons = evidence.comparisons.sort_values("order")
    shown = [(c.comparison_id, c.chart) for c in comparisons.itertuples() if c.comparison_id in firsts.index]
    for i, (comparison_id, chart) in enumerate(shown):
        metric_id = firsts.metric_id[comparison_id]
        rows = for_metric(figures, metric_id)
        with columns[i % 2]:
            if headline(figures, metric_id) is None:
                st.markdown(f"**{plain(metrics.loc[metric_id, 'label'])}**: no figures for both approaches in this selection.")
                continue
            small, _ = charts.metric_charts(evidence, tuple(rows[rows.headline].figure_id), metric_id,
                                            "dumbbell" if chart == "timeline" else chart, with_differences=False)
            st.plotly_chart(small, key=f"glance_{metric_id}", config={"displaylogo": False})
