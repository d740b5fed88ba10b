"""At a glance: the condition and the options, then open and MISS side by side on every measure (an option grid)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import reading_aids, recovery_weeks
from components.evidence_text import escaped_table, notice
from evidence import figures as charts
from evidence.balance import OFFERS
from evidence.decision import OPTIONS as NAMES
from evidence.load import Evidence, selection_of
from evidence.summary import RULE, option_grid, summaries
from evidence.wording import plain

DECISION = (
    "If you and your surgeon have decided on spine fusion: should it be open or minimally invasive (MISS)? "
    "Whether to have fusion at all is an earlier, separate decision."
)
CONDITION = (
    "Spine fusion joins two or more bones of the spine (vertebrae) so that they grow into one. It is done to make the "
    "spine steady and ease pain, for example when a disc has worn down, a bone has slipped forward "
    "(spondylolisthesis) or the space for the nerves has narrowed (stenosis)."
)
OPTIONS = {  # each option named by what it is (NAMES), in the same order and type
    NAMES["open"]: "The surgeon makes one long cut down the middle of the back and moves the muscles aside to see the "
                   "spine. Screws and rods hold the bones still while they grow together.",
    NAMES["miss"]: "The surgeon makes a few short cuts and works through narrow tubes, guided by "
                                        "live X-ray pictures. The same kind of screws and rods are put in, and the "
                                        "muscles are pushed apart rather than moved aside.",
}
DIAGRAM_WORDS = "open, one long cut down the middle; MISS, a few short cuts beside the spine."
SAME_GOAL = "Both aim at the same result: bones that have grown together. Neither is right for everyone."


FOUR_QUESTIONS = {  # what patients ask first, each answered by one measure's summary; its page holds the details
    "How big is the cut?": "incision_length",
    "How much will it hurt?": "early_pain",
    "When can I go home?": "hospital_stay",
    "When can I go back to work?": "return_to_work",
}


def four_answers(evidence: Evidence, figures: pd.DataFrame) -> None:
    """The four questions, each with open and MISS in the summary's words and a button to its page (details a tap
    away): short enough to stand within a phone's first screens, in body type (16 px)."""
    by_metric = summaries(evidence, selection_of(figures))
    comparisons = evidence.metrics.set_index("metric_id").comparison_id
    st.subheader("Your first four questions", divider="gray")
    st.markdown(f"The two operations: **{NAMES['open']}** and **{NAMES['miss']}**.")
    for question, metric_id in FOUR_QUESTIONS.items():
        summary = by_metric.get(metric_id)
        if summary is None:
            continue
        with st.container(key=f"answer_{metric_id}", border=True):
            st.markdown(f"**{question}**  \n**Open:** {plain(summary.open_first)}  \n"
                        f"**MISS:** {plain(summary.miss_first)}"
                        + (f"  \n{plain(summary.more_plain)}" if summary.more_plain else ""))
            st.button(f"More on {summary.patient_label.lower()}", key=f"more_{metric_id}", type="tertiary",
                      on_click=st.session_state.update, kwargs={"view": comparisons[metric_id]},
                      icon=":material/arrow_forward:")


def render(evidence: Evidence, figures: pd.DataFrame, mode: str) -> None:
    """The decision, the condition and the options, then the option grid drawn from the measures' summaries.
    (Presenters see components.presenter.overview instead, and step through the grid one measure a slide.)"""
    st.title("Open or minimally invasive spine fusion?")
    st.markdown(DECISION)
    four_answers(evidence, figures)  # the patient's first questions, then the weeks after surgery: the first screens
    recovery_weeks.digest(evidence)
    notice()
    reading_aids.how_to_use(mode)
    st.header("The condition and the two options", divider="gray")
    words, picture = st.columns([3, 2])
    with words:
        st.markdown(CONDITION)
        st.markdown("\n\n".join(f"**{name}**: {text}" for name, text in OPTIONS.items()))
        st.markdown(SAME_GOAL)
        for column, (heading, points) in zip(st.columns(2), OFFERS.items()):
            column.markdown(f"**{heading}**\n\n" + "\n".join(f"- {point}" for point in points))
    with picture:
        st.plotly_chart(charts.options_diagram(), key="options_diagram", config={"displaylogo": False,
                                                                                 "staticPlot": True})
        st.caption(f"Drawing, not to scale: where the cuts are made. Table alternative: {DIAGRAM_WORDS}")
    st.header("Side by side", divider="gray")
    st.caption("Open: the typical result with open surgery. MISS: the result with minimally invasive surgery, from "
               "the best evidence. Downsides of each option are in the same table. "
               + ("" if mode == "patient" else RULE))  # patients: a click away (reading_aids.reading_numbers)
    reading_aids.reading_numbers(mode)
    grid = option_grid(evidence, selection_of(figures), mode)
    with st.expander(f"Every measure, open and MISS side by side ({len(grid)}, benefits and downsides)",
                     expanded=mode != "patient", icon=":material/table:"):  # a patient taps for the details
        escaped_table(grid, key=f"grid_{mode}")
    reading_aids.next_steps(evidence, figures, mode)
