"""What matters to me: the patient weighs factors and gets questions to ask, never a winner."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from evidence.load import Evidence
from evidence.summaries import headline, headline_words
from evidence.wording import plain

FACTORS = {
    "incision_length": ("A smaller scar", "How long will my scar be with each approach?"),
    "opioid_use": ("Less strong pain medicine", "How much pain medicine do your patients need after each approach?"),
    "hospital_stay": ("A shorter hospital stay", "How many nights do your patients usually stay after each approach?"),
    "fluoroscopy": ("Less X-ray radiation", "How much X-ray is used in each approach, and does it matter for me?"),
    "long_term_disability": ("Proven long-term results", "How do people do a year or more later with each approach?"),
    "infection": ("A lower chance of infection", "What is the infection rate in your own patients for each approach?"),
    "operative_time": ("A shorter operation", "How long will my operation take with each approach?"),
    "candidacy": ("Being a good candidate", "Am I a good candidate for minimally invasive fusion? Why or why not?"),
}
LEVELS = ["Not important", "A little", "Very important"]
DISCLAIMER = (
    "This is a conversation aid for your visit, not a recommendation. It does not add up a score or pick an option."
)


def render(evidence: Evidence, figures: pd.DataFrame, mode: str) -> None:
    """Sliders for each factor, then the differences and questions for the factors marked important."""
    st.title("What matters to me")
    st.info(DISCLAIMER, icon=":material/forum:")
    metrics = evidence.metrics.set_index("metric_id")
    choices = {}
    for metric_id, (label, _) in FACTORS.items():
        if metric_id in metrics.index:
            choices[metric_id] = st.select_slider(label, LEVELS, value=LEVELS[0], key=f"matters_{metric_id}",
                                                  persist_state="session")
    important = [m for m, level in choices.items() if level != LEVELS[0]]
    important.sort(key=lambda m: -LEVELS.index(choices[m]))
    st.header("Where the options differ on what you marked", divider="gray")
    if not important:
        st.markdown("Mark one or more factors above to see them here.")
        return
    for metric_id in important:
        label, question = FACTORS[metric_id]
        metric = metrics.loc[metric_id].rename(metric_id)
        st.subheader(f"{label} ({choices[metric_id].lower()})")
        st.markdown(plain(headline_words(metric, headline(figures, metric_id))))
        st.markdown(f"Question to ask your surgeon: *{question}*")


def questions(choices: dict[str, str]) -> list[str]:
    """The questions that follow from the factors marked important, most important first."""
    marked = sorted((m for m, level in choices.items() if level != LEVELS[0]), key=lambda m: -LEVELS.index(choices[m]))
    return [FACTORS[m][1] for m in marked]
