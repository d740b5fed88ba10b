"""How this was made: the search, which evidence counts, how certainty is rated, who made it, funding, updates."""

from __future__ import annotations

import streamlit as st

from evidence.load import Evidence
from evidence.summaries import evidence_searched
from evidence.summary import AGREEMENT_RULE, RULE
from evidence.wording import CERTAINTY_PLAIN, FUNDING

SEARCH = (
    "We looked for studies that compare open with minimally invasive fusion of the lower back. We looked most for "
    "reviews that pool many studies, for fair tests (randomised trials) and for large studies. We read the journals' "
    "own pages and took every number from them. We also note where in the paper each number stands. Most pages "
    "showed only the summary (the abstract), so many tables were out of reach. Where a number was missing, we left "
    "it out and said so."
)
CERTAINTY = (
    "For each measure we judged how sure we can be, in the way of the GRADE method. Reviews of randomised trials start "
    "high and other studies start low. We rated down when studies disagreed, when they were small or few, when "
    "they measured the thing in different ways, or when they came from one place only."
)
MADE_BY = (
    "Made by the Spine Fusion Compare team. Nobody who sells implants, devices or surgery took part. "
)
UPDATES = (
    "We search again at least once a year, and soon after a large new trial or review appears. The date of the last "
    "search is at the foot of every page."
)


def render(evidence: Evidence) -> None:
    """The method in plain words."""
    st.title("How this was made")
    sections = {
        "How we found the studies": SEARCH,
        "Which evidence we use": RULE,
        "How we say whether studies agree": AGREEMENT_RULE,
        "How sure we are": CERTAINTY + "\n\n" + "\n".join(f"- {text}" for text in CERTAINTY_PLAIN.values()),
        "Who made it, and who paid": MADE_BY + FUNDING,
        "When it is updated": f"{UPDATES} Last search: {evidence_searched(evidence)}.",
    }
    for heading, text in sections.items():
        st.header(heading, divider="gray")
        st.markdown(text)
