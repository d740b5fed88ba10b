"""Balance across every output: which comparisons are the downsides (always printed, listed first), what each option
offers, and the closing words of the deck (what each offers, what is uncertain, questions to ask). No Streamlit
but a cache."""

from __future__ import annotations

import streamlit as st

from evidence.load import BY_FINGERPRINT, Evidence
from evidence.summary import Summary, in_screen_order

DOWNSIDES = (  # comparisons.csv ids of the risks, downsides and long-term results, in the app's order
    "risks", "long_term", "xray_time", "suitability",
    "tradeoffs",  # the one page these had before they were split: a data folder of that age keeps its downsides
)
DOWNSIDES_HEADING = "Risks, downsides and long-term results"
ALWAYS_PRINTED = "Printed on every sheet, whatever else is chosen."

OFFERS = {  # each point is a measure's summary, in a few words; both lists have the same weight
    "What open surgery offers": [
        "Less X-ray during the operation.",
        "The usual method: no new skills for the team to learn.",
        "It suits more spines, such as a badly curved one.",
        "A year or more later, results are about the same.",
    ],
    "What MISS offers": [
        "Shorter cuts and less blood loss.",
        "Less strong pain medicine in hospital, in small studies.",
        "In older studies, shorter hospital stays and walking sooner.",
        "A year or more later, results are about the same.",
    ],
}
OFFERS_SHORT = {  # OFFERS in a few words each, for the overview slide, where room is short; the same weight for both
    "What open surgery offers": ["Less X-ray", "The usual method", "Suits more spines"],
    "What MISS offers": ["Shorter cuts, less blood loss", "Less pain medicine (small studies)",
                         "Shorter stays (older studies)"],
}
BOTH_LATER = "A year on, results are about the same for both."
UNCERTAIN = [  # each point is a measure's summary, in a few words
    "Repeat operations: most studies found no clear difference; one review found more after MISS.",
    "How much sooner people walk and go home with today's care: the gains come mostly from older studies.",
    "How much results depend on the surgeon's experience with MISS.",
]
CLOSING_QUESTIONS = [
    "Am I suited to minimally invasive fusion? Why or why not?",
    "How many of each kind of operation have you done?",
    "How often do your patients need a second operation, with each approach?",
    "Which approach would you suggest for me, and why?",
]
CLOSING_NOTE = ("End on both options, not on one measure. Say what each offers, say plainly what is still uncertain, "
                "and hand the questions to the room: the right choice depends on the person and the surgeon.")
CLOSING_TITLE = "Summing up: both options"
CLOSING_QUESTION = "What each option offers, what is still uncertain, and what to ask your surgeon."


def downside_comparisons(evidence: Evidence) -> list[str]:
    """The comparisons of the downsides present in this data, in menu order."""
    comparisons = evidence.comparisons.sort_values("order")
    return [c for c in comparisons.comparison_id if c in DOWNSIDES]


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=BY_FINGERPRINT)
def core_harms(evidence: Evidence) -> list[str]:
    """Every measure of the downsides, in screen order: printed on every patient handout (once per data
    fingerprint: every surgeon's rerun asks for it)."""
    metrics = evidence.metrics[evidence.metrics.comparison_id.isin(downside_comparisons(evidence))]
    return list(in_screen_order(metrics, evidence).metric_id)


def is_downside(summary: Summary) -> bool:
    return summary.comparison_id in DOWNSIDES


def uncertain(summaries: dict[str, Summary]) -> list[str]:
    """What is uncertain: how many measures are rated low or very low, then the fixed points (UNCERTAIN)."""
    rated = [s for s in summaries.values() if s.certainty]
    unsure = [s for s in rated if s.certainty in ("low", "very low")]
    count = f"For {len(unsure)} of the {len(rated)} measures we rated, we are unsure (low or very low certainty)."
    return [count, *UNCERTAIN] if rated else list(UNCERTAIN)


def closing_sections(summaries: dict[str, Summary]) -> list[tuple[str, list[str]]]:
    """The closing slide's and page's sections, in order: what each option offers, what is uncertain, questions."""
    return [*OFFERS.items(), ("What is still uncertain", uncertain(summaries)),
            ("Questions to ask your surgeon", CLOSING_QUESTIONS)]
