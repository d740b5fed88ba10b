"""The whole source article with every passage marked and linked to its comparison, then the bibliography."""

from __future__ import annotations

import streamlit as st

from components.evidence_text import VERDICT_BADGES, studies
from evidence.load import Evidence
from evidence.wording import plain


def render(evidence: Evidence) -> None:
    """Article paragraph by paragraph; each passage shows its claim check and a link to its comparison."""
    st.title("The source article, checked")
    st.markdown("The article this tool was made from, shown as it is. Each sentence carries our check of how well "
                "published studies support it.")
    metrics = evidence.metrics.set_index("metric_id")
    titles = evidence.comparisons.set_index("comparison_id").title
    for paragraph, rows in evidence.passages.groupby("paragraph", sort=True):
        with st.container(border=True):
            for row in rows.itertuples():
                icon, color, words = VERDICT_BADGES[row.verdict]
                st.markdown(f"{plain(row.text)}")
                ids = [m.strip() for m in row.metric_ids.split(";") if m.strip() in metrics.index]
                comparisons = list(dict.fromkeys(metrics.loc[ids, "comparison_id"])) if ids else []
                st.badge(words, icon=icon, color=color)
                st.caption(plain(row.verdict_reason))
                for column, comparison_id in zip(st.columns(max(len(comparisons), 1)), comparisons):
                    column.button(f"See {plain(titles[comparison_id])}", key=f"see_{row.passage_id}_{comparison_id}",
                                  on_click=st.session_state.update, kwargs={"view": comparison_id}, type="tertiary",
                                  icon=":material/arrow_forward:")
    st.header("All studies", divider="gray")
    studies(evidence, list(evidence.sources.sort_values(["year", "source_id"]).source_id))
