"""Download buttons for the PDF take-aways; each PDF is built only when its button is clicked."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from components import matters
from components.navigation import presenter_steps
from evidence.balance import core_harms
from evidence.handout import APP_VERSION, NOTES_MAX, default_measures, patient_handout, presenter_handout
from evidence.load import Evidence
from evidence.summary import summaries_for

PAGES = {"A4": "Patient handout (A4 PDF)", "Letter": "Patient handout (US Letter PDF)"}


def marked_choices() -> dict[str, str]:
    """What the patient marked under 'What matters to me' (this session), most important first. The sliders keep
    their values for the whole session (persist_state), so the handout finds them from any view."""
    choices = {m: st.session_state.get(f"matters_{m}") for m in matters.FACTORS}
    marked = {m: level for m, level in choices.items() if level in matters.MARKED}
    return dict(sorted(marked.items(), key=lambda item: -matters.LEVELS.index(item[1])))


PRESETS = {  # one tap: which measures print besides the downsides, which every sheet carries
    "main": "The main six",
    "discussed": "Only what we discussed",
    "all": "Every measure",
}


def discussed(evidence: Evidence) -> list[str]:
    """The benefit measures of the comparisons opened in this session (remembered in session state only), in screen
    order: what was discussed."""
    seen = set(st.session_state.get("handout_seen", ()))
    comparison_of = evidence.metrics.set_index("metric_id").comparison_id
    core = set(core_harms(evidence))
    return [m for m in presenter_steps(evidence) if m in comparison_of.index and comparison_of[m] in seen
            and m not in core]


def preset_measures(evidence: Evidence, preset: str | None) -> list[str] | None:
    """The benefit measures a preset prints (the downsides print anyway), or None for the surgeon's own pick."""
    core = set(core_harms(evidence))
    if preset == "main":
        return [m for m in default_measures(evidence) if m not in core]
    if preset == "discussed":
        return discussed(evidence)
    if preset == "all":
        return [m for m in evidence.metrics.metric_id if m not in core]
    return None


def _remember_view() -> None:
    """Note the view on screen, so that 'Only what we discussed' knows what was opened (session only)."""
    view = st.session_state.get("view")
    seen = st.session_state.setdefault("handout_seen", [])
    if view and view not in seen:
        seen.append(view)


def surgeon_choices(evidence: Evidence, figures: pd.DataFrame, box) -> tuple[list[str], str]:
    """The surgeon's measures to print and notes for the patient: one tap on a preset, then chips to add or remove
    benefits. Every downside prints on every sheet, so no choice can leave them out. The notes live in this
    session's memory only (kept across views and modes): never written to disk, logged or put in the URL."""
    core = core_harms(evidence)
    labels = {m: s.patient_label for m, s in summaries_for(evidence, figures).items() if m not in core}
    preset = st.session_state.setdefault("handout_preset", "main")
    wanted = preset_measures(evidence, preset)
    if wanted is not None:  # a preset decides the chips until the surgeon edits them
        st.session_state["handout_measures"] = wanted
    box.segmented_control("Print", list(PRESETS), format_func=PRESETS.get, key="handout_preset",
                          persist_state="session", help="Each choice adds to the downsides, which every sheet prints.")
    measures = box.multiselect("Measures to print, besides the downsides", list(labels), format_func=labels.get,
                               key="handout_measures", persist_state="session",
                               on_change=lambda: st.session_state.update(handout_preset=None),
                               help="Tap a choice above, or add and remove measures here.")
    box.caption(f"Always printed: the {len(core)} downsides and what each option offers.")
    notes = box.text_area("Your notes for the patient (printed)", max_chars=NOTES_MAX, key="handout_notes",
                          persist_state="session", placeholder="For example: which approach, why, what happens next.",
                          help="Printed on the handout. Kept only while this tab is open; never saved.")
    return [*measures, *core], notes


def buttons(evidence: Evidence, figures: pd.DataFrame, mode: str, questions: list[str] | None = None,
            choices: dict[str, str] | None = None, decision: list[tuple[str, str]] | None = None) -> None:
    """Patient and surgeon modes: the patient handout (one sheet, two pages at most), A4 and US Letter, in the
    sidebar on every view; in surgeon mode with the measures and notes the surgeon chose.
    `figures` are the figures on screen (filtered in surgeon mode); `decision`: 'Where I stand' lines from
    components.decide.handout_lines."""
    if mode == "presenter":  # the presenter's bar has its own button (presenter_button)
        return
    _remember_view()
    choices = marked_choices() if choices is None else choices
    questions = matters.questions(choices) if questions is None else questions
    sidebar = st.sidebar.container()
    sidebar.subheader("Take home")
    if mode == "surgeon":
        measures, notes = surgeon_choices(evidence, figures, sidebar)
    else:  # what the surgeon chose in this session, if anything
        measures, notes = st.session_state.get("handout_measures"), st.session_state.get("handout_notes") or ""
    for page, label in PAGES.items():
        sidebar.download_button(
            label, _builder(evidence, figures, page, choices, questions, measures, notes, decision),
            f"spine-fusion-handout-{page}.pdf", "application/pdf", key=f"handout_{page}",
            icon=":material/picture_as_pdf:", on_click="ignore",
            help="One sheet (two pages) to take home: the comparisons, the downsides, your questions, "
                 "your surgeon's notes.",
        )
    sidebar.caption(f"Spine Fusion Compare, version {APP_VERSION}. Handout made on {dt.date.today().isoformat()}.")


def presenter_button(evidence: Evidence) -> None:
    """The presenter hand-out: one page per slide, in the order presented."""
    steps = presenter_steps(evidence)
    st.download_button(
        "Presenter hand-out (PDF)", lambda: presenter_handout(evidence, evidence.figures, steps),
        "spine-fusion-presenter-handout.pdf", "application/pdf", key="handout_presenter",
        icon=":material/picture_as_pdf:", on_click="ignore",
        help="One page per slide: chart, numbers in words, the article's claims, sources.",
    )


def _builder(evidence: Evidence, figures: pd.DataFrame, page: str, choices: dict[str, str], questions: list[str],
             measures: list[str] | None = None, notes: str = "", decision: list[tuple[str, str]] | None = None):
    return lambda: patient_handout(evidence, figures, page, choices=choices, questions=questions, measures=measures,
                                   notes=notes, decision=decision)
