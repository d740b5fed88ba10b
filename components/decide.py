"""Ready to decide: the knowledge check, trade-offs, where I am leaning, the SURE test, my own infection risk, and the
note for the record (copy, .txt, FHIR JSON). Answers live only in this session's memory: a reload starts blank,
nothing is written on the server. The page never scores, infers or suggests an option from the answers."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import streamlit as st

from components import matters
from components.evidence_text import text_table
from components.handout import marked_choices
from evidence import decision, record, risk, sure
from evidence import figures as charts
from evidence.citations import evidence_searched
from evidence.handout import APP_VERSION, default_measures
from evidence.load import DataError, Evidence
from evidence.summary import summaries_for
from evidence.wording import plain

TITLE = "Ready to decide"
INTRO = ("Check what you took in, say what matters more to you, and where you are leaning. Your answers stay on this "
         "screen only: nothing is saved, and a reload starts blank.")
KEY = "decide_"


def _answers(bank, pairs) -> decision.Answers:
    """This session's answers, read from the widgets' keys."""
    state = st.session_state
    marked = marked_choices()
    return decision.Answers(
        knowledge={q.question_id: state[f"{KEY}q_{q.question_id}"] for q in bank
                   if state.get(f"{KEY}q_{q.question_id}")},
        tradeoffs={p.tradeoff_id: state.get(f"{KEY}t_{p.tradeoff_id}") or decision.NOT_SURE_YET for p in pairs},
        leaning=state.get(f"{KEY}leaning") or decision.NOT_SURE_YET,
        priorities=marked,
        questions=matters.questions(marked),
        notes=state.get("handout_notes") or "",
        sure={item.link_id: state[f"{KEY}{item.link_id}"] for item in sure.SURE_ITEMS
              if state.get(f"{KEY}{item.link_id}")},
    )


def measures_discussed(evidence: Evidence, by_metric) -> tuple:
    """The measures the surgeon chose to print in this session (else the handout's default), in screen order."""
    chosen = st.session_state.get("handout_measures") or default_measures(evidence)
    return tuple(s for m, s in by_metric.items() if m in chosen)


def handout_lines(evidence: Evidence, figures: pd.DataFrame) -> list[tuple[str, str]]:
    """'Where I stand' for the handout, once the patient has answered anything on this page (else nothing)."""
    if not any(k.startswith(KEY) and st.session_state.get(k) for k in list(st.session_state.keys())):
        return []
    by_metric = summaries_for(evidence, figures)
    bank, pairs = decision.question_bank(by_metric), decision.tradeoffs(by_metric)
    return decision.handout_lines(bank, pairs, _answers(bank, pairs))


def render(evidence: Evidence, figures: pd.DataFrame, mode: str) -> None:
    st.title(TITLE)
    st.markdown(INTRO)
    st.info(decision.NO_ADVICE, icon=":material/forum:")
    by_metric = summaries_for(evidence, figures)
    titles = evidence.comparisons.set_index("comparison_id").title
    bank, pairs = decision.question_bank(by_metric), decision.tradeoffs(by_metric)
    answers = _answers(bank, pairs)  # the widgets' values of this run, already in the session

    st.header("What I understood", divider="gray")
    st.markdown(f"{len(bank)} questions. Choose an answer, or 'Not sure'. You will see what the studies found.")
    for number, question in enumerate(bank, start=1):
        choice = st.radio(f"{number}. {plain(question.text)}", question.choices, index=None,
                          key=f"{KEY}q_{question.question_id}", persist_state="session")
        if choice is not None:
            lead = ("Right." if decision.is_right(question, choice) else
                    "That is fine." if choice == decision.NOT_SURE else "Not quite.")
            st.markdown(f"**{lead}** The studies: **{plain(question.answer)}**. {plain(question.explanation)} "
                        f"Read more under *{plain(titles.get(question.read_more, question.read_more))}*.")
    right, total = decision.score(bank, answers.knowledge)
    st.markdown(f"**Your score: {right} of {total}.** This counts facts you took in; it says nothing about which "
                "option is right for you.")

    st.header("What matters more to me", divider="gray")
    st.markdown("Each choice below gives up one thing for another. There is no right answer.")
    for pair in pairs:
        st.subheader(plain(pair.either))
        for label, open_plain, miss_plain in pair.sides:
            st.markdown(f"**{plain(label)}.** Open: {plain(open_plain)}. MISS: {plain(miss_plain)}.")
        st.radio(f"{plain(pair.question)} {plain(pair.either)}", pair.choices,
                 index=pair.choices.index(decision.NOT_SURE_YET), key=f"{KEY}t_{pair.tradeoff_id}",
                 persist_state="session")

    st.header("Where am I leaning?", divider="gray")
    st.radio("Where am I leaning?", decision.LEANINGS, index=decision.LEANINGS.index(decision.NOT_SURE_YET),
             key=f"{KEY}leaning", persist_state="session",
             help="Only you choose this. The page does not set it from your other answers.")

    sure_test(answers.sure)
    risk_lines = own_risk(by_metric.get("infection"), mode)
    note_section(evidence, by_metric, bank, pairs, answers, risk_lines)


def sure_test(answers: dict[str, str]) -> None:
    """The SURE test: its four items as printed, yes or no, starting blank; for each 'no', what to talk through."""
    st.header("Am I SURE?", divider="gray")
    st.markdown(sure.SURE_INTRO)
    for item in sure.SURE_ITEMS:
        st.radio(item.text, (sure.YES, sure.NO), index=None, horizontal=True, key=f"{KEY}{item.link_id}",
                 persist_state="session")
    found = sure.sure_score(answers)
    if found is not None:
        st.markdown(f"**Your answers: {found} of {len(sure.SURE_ITEMS)} yes.** This is about how ready you feel, "
                    "not about which option to choose.")
    noes = sure.sure_noes(answers)
    if noes:
        st.markdown(sure.SURE_LOW + "\n" + "\n".join(f"- **{item.label}:** {item.talk_through}" for item in noes))
    st.caption(f"{sure.SURE_CITATION} Wording as printed by the Health Foundation.")


def own_risk(summary, mode: str) -> tuple[str, ...]:
    """The infection headline for a patient with diabetes, obesity or an earlier spine operation: one row per ticked
    factor with its icon array; the lines go into the note."""
    st.header("My own infection risk" if mode != "surgeon" else "Infection risk for this patient", divider="gray")
    try:
        factors = risk.load()
    except DataError as err:
        st.warning(f"The risk-factor table could not be used: {err.problems[0]}")
        return ()
    if summary is None or not summary.icons:
        st.markdown("No typical infection risk to start from in the studies shown.")
        return ()
    st.markdown(f"The usual figures: {plain(summary.sentence)} If one of these applies, the risk is higher. "
                f"{risk.ESTIMATE}")

    def label(row) -> str:
        return row.label if mode == "surgeon" else f"If this applies to me: {row.patient_label}"

    ticked = [row.factor_id for row in factors.itertuples()
              if st.checkbox(plain(label(row)), key=f"{KEY}risk_{row.factor_id}", persist_state="session")]
    rows = risk.strata(summary, factors, ticked)
    if len(rows) > 1:
        st.warning(risk.SEVERAL, icon=":material/warning:")
    for factor, stratum in rows:
        st.subheader(plain(stratum.patient_label))
        figure = charts.icon_array(stratum.open_value, stratum.miss_value,
                                   f"{summary.patient_label.lower()} with {factor.label.lower()}",
                                   f"Estimate: typical risks times Zhang {int(factor.year)}'s risk ratio")
        st.plotly_chart(figure, key=f"{KEY}icons_{factor.factor_id}", config={"displaylogo": False,
                                                                               "staticPlot": True})
        text_table(pd.DataFrame({"": [stratum.patient_label], "Open": [stratum.open_plain],
                                 "MISS": [stratum.miss_plain]}))
        st.caption(plain(f"{risk.ESTIMATE} {risk.basis(factor)}"))
    return tuple(s.sentence for _, s in rows) + ((risk.SEVERAL,) if len(rows) > 1 else ())


def note_section(evidence: Evidence, by_metric, bank, pairs, answers: decision.Answers, risk_lines) -> None:
    """The note for the record: shown with a copy button, as .txt and as a FHIR R4B Bundle (JSON)."""
    st.header("A note for the record", divider="gray")
    st.markdown("Copy this note, or download it, to share with your surgeon. It is made on this screen; "
                "nothing is sent or saved.")
    context = decision.NoteContext(made_on=dt.date.today().isoformat(), version=APP_VERSION,
                                   evidence_date=evidence_searched(evidence),
                                   measures=measures_discussed(evidence, by_metric), risk_lines=risk_lines)
    labels = {m: s.patient_label for m, s in by_metric.items()}
    note = decision.note_text(bank, pairs, answers, context, labels)
    st.code(note, language=None, wrap_lines=True)
    text, fhir = st.columns(2)
    text.download_button("Note (.txt)", note, "spine-fusion-decision-note.txt", "text/plain", key=f"{KEY}txt",
                         icon=":material/description:", on_click="ignore")
    fhir.download_button("Note for health records (FHIR JSON)",
                         lambda: json.dumps(record.bundle(bank, pairs, answers, note, APP_VERSION), indent=2),
                         "spine-fusion-decision-note.fhir.json", "application/fhir+json", key=f"{KEY}fhir",
                         icon=":material/data_object:", on_click="ignore")
