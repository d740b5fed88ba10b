"""Download buttons for the PDF take-aways; each PDF is built only when its button is clicked."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import matters
from components.navigation import presenter_steps
from evidence.handout import patient_handout, presenter_handout
from evidence.load import Evidence

PAGES = {"A4": "Patient handout (A4 PDF)", "Letter": "Patient handout (US Letter PDF)"}


def marked_choices() -> dict[str, str]:
    """What the patient marked under 'What matters to me' (this session), most important first. The sliders keep
    their values for the whole session (persist_state), so the handout finds them from any view."""
    choices = {m: st.session_state.get(f"matters_{m}") for m in matters.FACTORS}
    marked = {m: level for m, level in choices.items() if level in matters.MARKED}
    return dict(sorted(marked.items(), key=lambda item: -matters.LEVELS.index(item[1])))


def buttons(evidence: Evidence, figures: pd.DataFrame, mode: str, questions: list[str] | None = None,
            choices: dict[str, str] | None = None) -> None:
    """Patient and surgeon modes: the one-page patient handout, A4 and US Letter, in the sidebar on every view.
    `figures` are the figures on screen (filtered in surgeon mode)."""
    if mode == "presenter":  # the presenter's bar has its own button (presenter_button)
        return
    choices = marked_choices() if choices is None else choices
    questions = matters.questions(choices) if questions is None else questions
    sidebar = st.sidebar.container()
    sidebar.subheader("Take home")
    for page, label in PAGES.items():
        sidebar.download_button(
            label, _builder(evidence, figures, page, choices, questions), f"spine-fusion-handout-{page}.pdf",
            "application/pdf", key=f"handout_{page}", icon=":material/picture_as_pdf:", on_click="ignore",
            help="One page to take home: the comparisons, two charts, your questions, room for your surgeon's notes.",
        )


def presenter_button(evidence: Evidence) -> None:
    """The presenter hand-out: one page per slide, in the order presented."""
    steps = presenter_steps(evidence)
    st.download_button(
        "Presenter hand-out (PDF)", lambda: presenter_handout(evidence, evidence.figures, steps),
        "spine-fusion-presenter-handout.pdf", "application/pdf", key="handout_presenter",
        icon=":material/picture_as_pdf:", on_click="ignore",
        help="One page per slide: chart, numbers in words, the article's claims, sources.",
    )


def _builder(evidence: Evidence, figures: pd.DataFrame, page: str, choices: dict[str, str], questions: list[str]):
    return lambda: patient_handout(evidence, figures, page, choices=choices, questions=questions)
