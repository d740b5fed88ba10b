"""The whole source article with every passage marked and linked to its comparison, then the bibliography."""

from __future__ import annotations

from itertools import groupby

import streamlit as st

from components.evidence_text import VERDICT_BADGES, studies
from evidence.load import Evidence
from evidence.views import all_studies, claims
from evidence.wording import ARTICLE_LABEL, plain


def render(evidence: Evidence) -> None:
    """Article paragraph by paragraph; each passage shows its claim check and a link to its comparison."""
    st.title("The source article, checked")
    st.markdown(f"{ARTICLE_LABEL} It is shown as it is, and each sentence carries our check of how well published "
                "studies support it.")
    titles = evidence.comparisons.set_index("comparison_id").title
    for _, paragraph in groupby(sorted(claims(evidence), key=lambda c: c.paragraph), key=lambda c: c.paragraph):
        with st.container(border=True):
            for claim in paragraph:
                icon, color, words = VERDICT_BADGES[claim.verdict]  # our own words and icons, never data
                st.markdown(f"{claim.text}\n\n:{color}-badge[{icon} {words}]\n\n{claim.reason}")
                for column, comparison_id in zip(st.columns(max(len(claim.comparison_ids), 1)),
                                                 claim.comparison_ids):
                    column.button(f"See {plain(titles[comparison_id])}", key=f"see_{claim.passage_id}_{comparison_id}",
                                  on_click=st.session_state.update, kwargs={"view": comparison_id}, type="tertiary",
                                  icon=":material/arrow_forward:")
    st.header("All studies", divider="gray")
    studies(evidence, all_studies(evidence))
