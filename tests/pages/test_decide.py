"""Ready to decide, driven through AppTest: a patient answers everything; the answers reach the handout PDF and the
note; a fresh session starts blank; surgeon mode shows the diabetes stratum."""

import io
import re

import pytest
from pypdf import PdfReader

from components import handout as handout_buttons
from evidence import decision, record, risk, sure
from evidence.load import SHIPPED_DATA, load_folder
from evidence.summary import summaries_for
from tests.pages.conftest import open_app
from tests.pages.test_dashboard import readable_text

EVIDENCE = load_folder(SHIPPED_DATA)
BY_METRIC = summaries_for(EVIDENCE, EVIDENCE.figures)
BANK = decision.question_bank(BY_METRIC)
PAIRS = decision.tradeoffs(BY_METRIC)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\\", "").replace("**", ""))


@pytest.fixture
def builders(monkeypatch):
    """The handout builders the sidebar made in the last run (page -> the PDF's maker), to build the very PDF a
    click would download."""
    made = {}
    real = handout_buttons._builder

    def spy(evidence, figures, page, *args, **kwargs):
        made[page] = real(evidence, figures, page, *args, **kwargs)
        return made[page]

    monkeypatch.setattr(handout_buttons, "_builder", spy)
    return made


def test_a_fresh_session_starts_blank():
    app = open_app("patient", "decide")
    assert not app.exception, app.exception
    assert all(app.radio(key=f"decide_q_{q.question_id}").value is None for q in BANK)
    assert all(app.radio(key=f"decide_t_{p.tradeoff_id}").value == decision.NOT_SURE_YET for p in PAIRS)
    assert app.radio(key="decide_leaning").value == decision.NOT_SURE_YET
    assert all(app.radio(key=f"decide_{item.link_id}").value is None for item in sure.SURE_ITEMS)
    assert not any(box.value for box in app.checkbox)
    note = app.code[0].value
    assert f"Knowledge check: 0 of {len(BANK)} right." in note
    assert f"Where the patient is leaning: {decision.NOT_SURE_YET}" in note
    assert "SURE test: 0 of 4 answered." in note and "To talk through" not in note


def test_patient_answers_the_sure_items_and_they_reach_handout_and_note(builders):
    app = open_app("patient", "decide")
    answers = {"sure-s": sure.YES, "sure-u": sure.NO, "sure-r": sure.YES, "sure-e": sure.YES}
    for item in sure.SURE_ITEMS:
        radio = app.radio(key=f"decide_{item.link_id}")
        assert radio.label == item.text and item.text in sure.SURE_PRINTED  # the items as printed
        assert list(radio.options) == [sure.YES, sure.NO]
        radio.set_value(answers[item.link_id])
    app.run()
    assert not app.exception, app.exception
    shown = flat(readable_text(app))
    assert "Your answers: 3 of 4 yes." in shown
    understanding = sure.SURE_ITEMS[1]
    assert flat(f"{understanding.label}: {understanding.talk_through}") in shown  # the 'no' and its talk-through
    assert not any(item.talk_through in shown for item in sure.SURE_ITEMS if item is not understanding)
    assert "Can Fam Physician 2010;56(8):e308-14" in shown
    assert app.radio(key="decide_leaning").value == decision.NOT_SURE_YET  # nothing inferred from the answers

    note = app.code[0].value
    assert "SURE test: 3 of 4 yes (under 4: something to talk through first)." in note
    for item in sure.SURE_ITEMS:
        assert f"- {item.text} {answers[item.link_id]}." in note
    assert f"To talk through ({understanding.label}): {understanding.talk_through}" in note

    pdf = builders["A4"]()
    text = flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2
    for part in ("SURE test: 3 of 4 yes", "Understanding information: no; Risk – benefit ratio: yes",
                 f"To talk through ({understanding.label}): {understanding.talk_through}"):
        assert flat(part) in text, (part, text[text.find("Where I am"):][:800])

    app.radio(key="decide_sure-u").set_value(sure.YES).run()
    assert "Your answers: 4 of 4 yes." in flat(readable_text(app))
    assert understanding.talk_through not in flat(readable_text(app))


def test_patient_answers_everything_and_it_reaches_handout_and_note(builders):
    app = open_app("patient", "decide")
    for question in BANK[:-1]:
        app.radio(key=f"decide_q_{question.question_id}").set_value(question.answer)
    app.radio(key=f"decide_q_{BANK[-1].question_id}").set_value(decision.NOT_SURE)
    app.radio(key=f"decide_t_{PAIRS[0].tradeoff_id}").set_value(PAIRS[0].sides[0][0])
    app.radio(key=f"decide_t_{PAIRS[1].tradeoff_id}").set_value(decision.SAME_TO_ME)
    app.radio(key="decide_leaning").set_value(decision.OPTIONS["miss"])
    app.run()
    assert not app.exception, app.exception
    shown = flat(readable_text(app))
    assert f"Your score: {len(BANK) - 1} of {len(BANK)}" in shown
    for question in BANK[:-1]:  # feedback after each: the right answer in words and numbers
        assert flat(f"The studies: {question.answer}. {question.explanation}") in shown
    # the leaning is the patient's own: nothing set it from the other answers
    assert app.radio(key="decide_leaning").value == decision.OPTIONS["miss"]

    note = app.code[0].value
    score = f"Knowledge check: {len(BANK) - 1} of {len(BANK)} right."
    for part in (score, f"Where the patient is leaning: {decision.OPTIONS['miss']}",
                 f"{PAIRS[0].either} {PAIRS[0].sides[0][0]}", f"{PAIRS[1].either} {decision.SAME_TO_ME}"):
        assert part in note
    labels = [b.proto.label for b in app.get("download_button")]
    assert "Note (.txt)" in labels and "Note for health records (FHIR JSON)" in labels

    pdf = builders["A4"]()
    text = flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2
    for part in (f"Where I am leaning: {decision.OPTIONS['miss']}",
                 f"Knowledge check: {len(BANK) - 1} of {len(BANK)} right.", flat(PAIRS[0].either)):
        assert part in text, part


def test_answers_survive_a_change_of_view_and_reach_the_handout_from_there(builders):
    app = open_app("patient", "decide")
    app.radio(key="decide_leaning").set_value(decision.OPTIONS["open"])
    app.radio(key=f"decide_q_{BANK[0].question_id}").set_value(BANK[0].answer).run()
    app.sidebar.radio(key="view").set_value("blood_loss").run()
    assert not app.exception, app.exception
    pdf = builders["Letter"]()
    text = flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert f"Where I am leaning: {decision.OPTIONS['open']}" in text
    assert f"Knowledge check: 1 of {len(BANK)} right." in text
    app.sidebar.radio(key="view").set_value("decide").run()
    assert app.radio(key="decide_leaning").value == decision.OPTIONS["open"]
    assert app.radio(key=f"decide_q_{BANK[0].question_id}").value == BANK[0].answer


def test_fhir_note_equals_the_text_note_shown():
    app = open_app("patient", "decide")
    app.radio(key="decide_leaning").set_value(decision.OPTIONS["open"])
    app.radio(key="decide_sure-e").set_value(sure.NO).run()
    note = app.code[0].value
    assert "To talk through (Encouragement)" in note
    answers = decision.Answers(leaning=decision.OPTIONS["open"], sure={"sure-e": sure.NO},
                               tradeoffs={p.tradeoff_id: decision.NOT_SURE_YET for p in PAIRS})
    assert record.note_of(record.bundle(BANK, PAIRS, answers, note, "1.0.0")) == note


def test_surgeon_ticks_diabetes_and_sees_the_stratum():
    app = open_app("surgeon", "decide")
    app.checkbox(key="decide_risk_diabetes").check().run()
    assert not app.exception, app.exception
    factors = risk.load()
    diabetes = factors.set_index("factor_id").loc["diabetes"].rename("diabetes")
    stratum = risk.stratum(BY_METRIC["infection"], diabetes)
    shown = flat(readable_text(app))
    assert flat(stratum.open_plain) in shown and flat(stratum.miss_plain) in shown
    assert "an estimate from averages, not a validated calculator" in shown
    assert len(app.get("plotly_chart")) == 1
    assert stratum.sentence in app.code[0].value
    app.checkbox(key="decide_risk_obesity").check().run()
    assert "do not simply add up or multiply" in flat(readable_text(app))
    assert len(app.get("plotly_chart")) == 2


def test_surgeon_ticks_diabetes_in_the_infection_view_too():
    app = open_app("surgeon", "infection")
    app.checkbox(key="decide_risk_diabetes").check().run()
    assert not app.exception, app.exception
    diabetes = risk.load().set_index("factor_id").loc["diabetes"].rename("diabetes")
    stratum = risk.stratum(BY_METRIC["infection"], diabetes)
    shown = flat(readable_text(app))
    assert flat(stratum.open_plain) in shown and "not a validated calculator" in shown
    app.sidebar.radio(key="view").set_value("decide").run()  # the tick is kept for the note
    assert stratum.sentence in app.code[0].value
