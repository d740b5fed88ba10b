"""At a glance: open and MISS side by side on every measure (an option grid), with small charts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.evidence_text import notice, text_table
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
    st.header("The six comparisons in charts", divider="gray")
    metrics = evidence.metrics.set_index("metric_id")
    columns = st.columns(2)
    shown = [m for m in evidence.comparisons.sort_values("order").comparison_id if m != "tradeoffs"]
    for i, comparison_id in enumerate(shown):
        metric_id = evidence.metrics[evidence.metrics.comparison_id == comparison_id].sort_values("order").metric_id.iloc[0]
        rows = for_metric(figures, metric_id)
        with columns[i % 2]:
            if headline(figures, metric_id) is None:
                st.markdown(f"**{metrics.loc[metric_id, 'label']}**: no figures for both approaches in this selection.")
                continue
            small, _ = charts.metric_charts(evidence, tuple(rows[rows.headline].figure_id), metric_id, "dumbbell",
                                            with_differences=False)
            st.plotly_chart(small, key=f"glance_{metric_id}", config={"displaylogo": False})
