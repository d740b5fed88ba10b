"""What matters to me: the patient weighs every factor and gets questions to ask, never a winner."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from evidence.load import Evidence
from evidence.summary import said, summaries_for
from evidence.wording import plain

FACTORS = {  # metric_id: (what a patient may care about, a question for the surgeon)
    "incision_length": ("A smaller scar", "How long will my scar be with each approach?"),
    "muscle_damage": ("Less harm to the back muscles", "How much are the back muscles disturbed in each approach?"),
    "blood_loss": ("Less blood loss", "How much blood do your patients usually lose, and how often is a transfusion needed?"),
    "infection": ("A lower chance of wound infection", "What is the infection rate in your own patients for each approach?"),
    "opioid_use": ("Less strong pain medicine", "How much pain medicine do your patients need after each approach?"),
    "early_pain": ("Less back pain in the first days", "How much pain should I expect in the first week?"),
    "hospital_stay": ("A shorter hospital stay", "How many nights do your patients usually stay after each approach?"),
    "same_day_discharge": ("Going home the same day", "Could I go home on the day of surgery?"),
    "ambulation": ("Walking again soon", "When will I get up and walk after each approach?"),
    "return_to_work": ("Getting back to work soon", "When could I go back to my kind of work after each approach?"),
    "long_term_disability": ("Good results years later", "How do people do a year or more later with each approach?"),
    "fluoroscopy": ("Less X-ray radiation", "How much X-ray is used in each approach, and does it matter for me?"),
    "operative_time": ("A shorter operation", "How long will my operation take with each approach?"),
    "complications": ("Fewer problems from surgery", "Which problems do you see most often after each approach?"),
    "fusion_rate": ("Bones that grow together", "How often do the bones fail to grow together with each approach?"),
    "reoperation": ("Not needing another operation", "How often do your patients need a second operation?"),
    "conversion_to_open": ("No switch to open surgery during the operation",
                           "How often do you need to switch to open surgery during the operation?"),
    "learning_curve": ("A surgeon with plenty of experience", "How many of each kind of operation have you done?"),
    "candidacy": ("Being suited to the approach", "Am I suited to minimally invasive fusion? Why or why not?"),
}
LEVELS = ["Not sure yet", "Not important", "A little", "Very important"]
MARKED = LEVELS[2:]
DISCLAIMER = (
    "This is a conversation aid for your visit, not a recommendation. It does not add up a score or pick an option."
)


def render(evidence: Evidence, figures: pd.DataFrame, mode: str) -> None:
    """A slider for each factor, then the summaries and questions for the factors marked important."""
    st.title("What matters to me")
    st.info(DISCLAIMER, icon=":material/forum:")
    st.markdown("Move each slider to show how much it matters to you. Leave it at 'Not sure yet' if you do not know.")
    by_metric = summaries_for(evidence, figures)
    choices = {}
    for metric_id, summary in by_metric.items():
        if metric_id in FACTORS:
            choices[metric_id] = st.select_slider(FACTORS[metric_id][0], LEVELS, value=LEVELS[0],
                                                  key=f"matters_{metric_id}", persist_state="session")
    st.header("What the studies say on what you marked", divider="gray")
    marked = ranked(choices)
    if not marked:
        st.markdown("Mark one or more factors above as 'A little' or 'Very important' to see them here.")
        return
    for metric_id in marked:
        label, question = FACTORS[metric_id]
        st.subheader(f"{plain(label)} ({choices[metric_id].lower()})")
        st.markdown(plain(said(by_metric[metric_id])))
        st.markdown(f"Question to ask your surgeon: *{plain(question)}*")


def ranked(choices: dict[str, str]) -> list[str]:
    """The factors marked as mattering, most important first."""
    marked = [m for m, level in choices.items() if level in MARKED]
    return sorted(marked, key=lambda m: -LEVELS.index(choices[m]))


def questions(choices: dict[str, str]) -> list[str]:
    """The questions that follow from the factors marked important, most important first."""
    return [FACTORS[m][1] for m in ranked(choices) if m in FACTORS]
