"""Ready to decide, in the evidence layer: the knowledge check and trade-offs come from the summaries, the note for
the record is the same in text and in FHIR (which validates as R4B), and the own-risk rows follow their table."""

import base64
import dataclasses
import datetime as dt
import io
import re

import pandas as pd
import pytest
import textstat
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.documentreference import DocumentReference
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from pypdf import PdfReader

from components import decide, method
from evidence import decision, record, risk, sure
from evidence.load import SHIPPED_DATA, DataError, load_folder
from evidence.summary import summaries_for
from evidence.wording import count_words, per

EVIDENCE = load_folder(SHIPPED_DATA)
BY_METRIC = summaries_for(EVIDENCE, EVIDENCE.figures)
BANK = decision.question_bank(BY_METRIC)
PAIRS = decision.tradeoffs(BY_METRIC)
SOURCE = (SHIPPED_DATA.parent / "evidence" / "decision.py").read_text()


def test_five_to_eight_questions_each_with_not_sure():
    assert 5 <= len(BANK) <= 8
    for question in BANK:
        assert question.choices[-1] == decision.NOT_SURE
        assert question.answer in question.choices[:-1]
        assert len(set(question.choices)) == len(question.choices)


def test_no_number_is_typed_into_the_question_bank():
    """Every digit in the bank's source is code (indexes, limits), never a figure: the strings have none."""
    strings = re.findall(r'"([^"\n]*)"', SOURCE)
    assert not [s for s in strings if re.search(r"\d", s) and not s.startswith(("%", "{"))]


def test_each_right_answer_equals_its_summary():
    for question in BANK:
        summary = BY_METRIC[question.metric_id]
        assert question.explanation in (summary.sentence, summary.certainty_words)
        if question.question_id.startswith("compare_"):
            expected = {"favours_miss": "Less with MISS" if summary.better == "lower" else "More with MISS",
                        "favours_open": "More with MISS" if summary.better == "lower" else "Less with MISS",
                        "no_significant_difference": "About the same"}[summary.effect.finding]
            assert question.answer == expected
        elif question.question_id.startswith("count_"):
            open_count = count_words(per(summary.open_value, summary.out_of))
            miss_count = count_words(per(summary.miss_value, summary.out_of))
            assert question.answer == f"About {open_count} with open surgery and about {miss_count} with MISS"
            assert f"about {open_count} in {summary.out_of:,}" in summary.open_plain
            assert f"about {miss_count} in {summary.out_of:,}" in summary.miss_plain
        elif question.question_id.startswith("sure_"):
            assert summary.certainty_words.startswith(question.answer + ":")
        else:
            pytest.fail(f"a question of unknown kind: {question.question_id}")


def test_blood_loss_answer_follows_the_summary_when_it_changes():
    """The right answer is computed, not stored: a summary that found no difference gives 'About the same'."""
    summary = BY_METRIC["blood_loss"]
    changed = dataclasses.replace(summary, effect=dataclasses.replace(summary.effect,
                                                                      finding="no_significant_difference"))
    bank = decision.question_bank({**BY_METRIC, "blood_loss": changed})
    assert next(q for q in bank if q.metric_id == "blood_loss").answer == "About the same"


def test_score_counts_only_right_answers():
    right = {q.question_id: q.answer for q in BANK}
    assert decision.score(BANK, right) == (len(BANK), len(BANK))
    assert decision.score(BANK, {q.question_id: decision.NOT_SURE for q in BANK}) == (0, len(BANK))
    assert decision.score(BANK, {}) == (0, len(BANK))


def test_tradeoffs_are_built_from_the_summaries():
    assert 2 <= len(PAIRS) <= 3
    for pair in PAIRS:
        metrics = next(sides for tid, _, *sides in decision.TRADEOFF_PAIRS if tid == pair.tradeoff_id)
        for (metric, label), (shown, open_plain, miss_plain) in zip(metrics, pair.sides):
            assert (shown, open_plain, miss_plain) == (label, BY_METRIC[metric].open_plain,
                                                      BY_METRIC[metric].miss_plain)
        assert pair.choices[-1] == decision.NOT_SURE_YET


def test_leaning_offers_both_options_named_by_what_they_are_and_not_sure():
    assert decision.LEANINGS == (decision.OPTIONS["open"], decision.OPTIONS["miss"], decision.NOT_SURE_YET)
    assert "one long cut" in decision.OPTIONS["open"] and "short cuts through tubes" in decision.OPTIONS["miss"]
    assert decision.Answers().leaning == decision.NOT_SURE_YET


MIXED_SURE = {"sure-s": sure.YES, "sure-u": sure.NO, "sure-r": sure.YES, "sure-e": sure.NO}


def _filled(sure_answers: dict[str, str] = MIXED_SURE) -> tuple[decision.Answers, str]:
    answers = decision.Answers(sure=dict(sure_answers),
        knowledge={q.question_id: q.answer for q in BANK[:3]} | {BANK[3].question_id: decision.NOT_SURE},
        tradeoffs={PAIRS[0].tradeoff_id: PAIRS[0].sides[1][0]}, leaning=decision.OPTIONS["open"],
        priorities={"infection": "Very important"}, questions=["How many of each do you do?"],
        notes="Seen today; café — über ✓")
    context = decision.NoteContext("2026-12-07", "9.9.9", "2026-12-02", (BY_METRIC["infection"],),
                                   risk_lines=("a risk line",))
    labels = {m: s.patient_label for m, s in BY_METRIC.items()}
    return answers, decision.note_text(BANK, PAIRS, answers, context, labels)


def test_note_says_everything_the_record_needs():
    answers, note = _filled()
    for part in ("2026-12-07", "version 9.9.9", "Evidence last searched: 2026-12-02", BY_METRIC["infection"].open_plain,
                 "Wound infection: very important", PAIRS[0].either, "Where the patient is leaning: Open surgery",
                 f"Knowledge check: 3 of {len(BANK)} right.", "a risk line", "How many of each do you do?",
                 "café — über ✓", "no recommendation"):
        assert part in note, part
    assert "SURE test: 2 of 4 yes (under 4: something to talk through first)." in note
    for item in sure.SURE_ITEMS:
        assert f"- {item.text} {MIXED_SURE[item.link_id]}." in note
        talk = f"To talk through ({item.label}): {item.talk_through}"
        assert (talk in note) == (MIXED_SURE[item.link_id] == sure.NO), item.link_id
    assert "Can Fam Physician 2010;56(8):e308-14" in note and "10.1177/0272989X13491463" in note


def test_fhir_bundle_validates_as_r4b_and_carries_the_note():
    answers, note = _filled()
    bundle = record.bundle(BANK, PAIRS, answers, note, "9.9.9", when=dt.datetime(2026, 12, 7, 9, 30,
                                                                                 tzinfo=dt.timezone.utc))
    parsed = Bundle.model_validate(bundle)
    kinds = [entry.resource.get_resource_type() for entry in parsed.entry]
    assert kinds == ["Questionnaire", "QuestionnaireResponse", "DocumentReference"]
    questionnaire, response, document = (entry.resource for entry in parsed.entry)
    assert isinstance(questionnaire, Questionnaire) and isinstance(response, QuestionnaireResponse)
    assert isinstance(document, DocumentReference)
    assert response.questionnaire == questionnaire.url
    coding = document.type.coding[0]
    assert (coding.system, coding.code) == ("http://loinc.org", "11488-4")
    assert document.content[0].attachment.data.decode("utf-8") == note  # the model decodes base64
    assert base64.b64decode(bundle["entry"][2]["resource"]["content"][0]["attachment"]["data"]).decode() == note
    assert Bundle.model_validate_json(parsed.model_dump_json()).entry[2].resource.content[0].attachment.data == \
        note.encode("utf-8")  # round trip through JSON
    assert record.note_of(bundle) == note
    knowledge = {item.linkId: item for item in response.item[0].item}
    assert [knowledge[q.question_id].answer[0].valueString for q in BANK[:3]] == [q.answer for q in BANK[:3]]
    assert not knowledge[BANK[-1].question_id].answer  # unanswered stays unanswered
    assert response.item[2].answer[0].valueString == decision.OPTIONS["open"]
    asked = {item.linkId: [o.valueString for o in item.answerOption] for item in questionnaire.item[0].item}
    assert asked == {q.question_id: list(q.choices) for q in BANK}
    sure_asked = next(item for item in questionnaire.item if item.linkId == "sure").item
    assert [(i.linkId, i.text, i.type) for i in sure_asked[:4]] == [
        (f"sure-{letter}", printed, "boolean") for letter, printed in zip("sure", sure.SURE_PRINTED)]
    assert "Légaré F" in questionnaire.copyright and "Ferron Parayre A" in questionnaire.copyright
    sure_given = {i.linkId: i for i in next(item for item in response.item if item.linkId == "sure").item}
    assert {k: sure_given[k].answer[0].valueBoolean for k in MIXED_SURE} == {
        k: v == sure.YES for k, v in MIXED_SURE.items()}
    assert sure_given["sure-score"].answer[0].valueInteger == 2


def test_fhir_leaves_unanswered_sure_items_and_score_empty():
    answers, note = _filled({"sure-s": sure.NO})
    parsed = Bundle.model_validate(record.bundle(BANK, PAIRS, answers, note, "9.9.9"))
    given = {i.linkId: i for i in next(it for it in parsed.entry[1].resource.item if it.linkId == "sure").item}
    assert given["sure-s"].answer[0].valueBoolean is False
    assert not given["sure-u"].answer and not given["sure-score"].answer
    assert "SURE test: 1 of 4 answered." in note and record.note_of(parsed.model_dump(mode="json")) == note


# ---------------------------------------------------------------- the SURE test

PRINTED_ON_THE_PAGE = (  # improve.bmj.com, The Health Foundation, 'Tools to measure patient experience of shared
    # decision making', section 1 (SURE), as read with the search tool on 2026-12-07
    "Sure of myself: Do you feel SURE about the best choice for you?",
    "Understanding information: Do you know the benefits and risks of each option?",
    "Risk – benefit ratio: Are you clear about which benefits and risks matter to you most?",
    "Encouragement: Do you have enough support and advice to make a choice?",
)


def test_sure_items_are_the_printed_wording():
    assert sure.SURE_PRINTED == PRINTED_ON_THE_PAGE
    assert [item.text for item in sure.SURE_ITEMS] == list(sure.SURE_PRINTED)
    assert [item.link_id for item in sure.SURE_ITEMS] == ["sure-s", "sure-u", "sure-r", "sure-e"]
    assert [item.label[0] for item in sure.SURE_ITEMS] == list("SURE")
    assert "improve.bmj.com" in sure.SURE_WORDING_FROM and "2026-12-07" in sure.SURE_WORDING_FROM
    assert set(sure.TALK_THROUGH) == {item.link_id for item in sure.SURE_ITEMS}


def test_sure_score_counts_yes_and_needs_all_four():
    every = [item.link_id for item in sure.SURE_ITEMS]
    assert sure.sure_score({k: sure.YES for k in every}) == 4
    assert sure.sure_score({k: sure.NO for k in every}) == 0
    assert sure.sure_score(MIXED_SURE) == 2
    assert sure.sure_score({**MIXED_SURE, "sure-e": None}) is None
    assert sure.sure_score({}) is None
    assert [item.link_id for item in sure.sure_noes(MIXED_SURE)] == ["sure-u", "sure-e"]
    assert sure.sure_noes({k: sure.YES for k in every}) == []
    assert sure.sure_summary({k: sure.YES for k in every}) == "4 of 4 yes."
    assert "under 4" in sure.sure_summary({**MIXED_SURE, "sure-u": sure.YES})


def test_sure_answers_never_touch_the_leaning():
    answers, _ = _filled({k: sure.NO for k in MIXED_SURE})
    assert answers.leaning == decision.OPTIONS["open"]
    assert decision.Answers(sure={k: sure.YES for k in MIXED_SURE}).leaning == decision.NOT_SURE_YET


def test_handout_lines_give_leaning_tradeoffs_and_score():
    answers, _ = _filled()
    lines = dict(decision.handout_lines(BANK, PAIRS, answers))
    assert lines["Where I am leaning: "] == decision.OPTIONS["open"]
    assert lines[f"{PAIRS[0].either} "] == PAIRS[0].sides[1][0]
    assert lines["Knowledge check: "] == f"3 of {len(BANK)} right."
    assert lines["SURE test: "].startswith("2 of 4 yes (under 4")
    assert "Understanding information: no; Risk – benefit ratio: yes" in lines["SURE test: "]
    assert lines["To talk through (Encouragement): "] == sure.TALK_THROUGH["sure-e"]
    assert "To talk through (Sure of myself): " not in lines
    blank = dict(decision.handout_lines(BANK, PAIRS, decision.Answers()))
    assert "SURE test: " not in blank


# ---------------------------------------------------------------- own risk


FACTORS = risk.load(SHIPPED_DATA)


def test_risk_rows_are_the_baseline_times_the_published_ratio():
    infection = BY_METRIC["infection"]
    table = pd.read_csv(SHIPPED_DATA / risk.FILE)
    assert set(table.factor_id) == {"diabetes", "obesity", "previous_surgery"}
    for factor, stratum in risk.strata(infection, FACTORS, list(FACTORS.factor_id)):
        assert stratum.open_value == pytest.approx(infection.open_value * factor.effect_value)
        assert stratum.miss_value == pytest.approx(infection.miss_value * factor.effect_value)
        assert risk.ESTIMATE in stratum.sentence
        assert "not a validated calculator" in stratum.sentence
        words = f"about {per(stratum.open_value, stratum.out_of)} in {stratum.out_of:,}"
        assert stratum.open_plain.startswith(words)
        assert str(factor.effect_value) in risk.basis(factor) and factor.doi in risk.basis(factor)


def test_several_factors_are_never_multiplied():
    infection = BY_METRIC["infection"]
    rows = risk.strata(infection, FACTORS, ["diabetes", "obesity"])
    assert len(rows) == 2
    product = infection.open_value * FACTORS.effect_value.prod()
    assert all(s.open_value != pytest.approx(product) for _, s in rows)
    assert "do not simply add up or multiply" in risk.SEVERAL


def test_every_risk_row_cites_its_study_with_a_locator():
    for _, row in FACTORS.iterrows():
        assert row.doi and row.locator.startswith("abstract") and str(row.effect_value) in row.locator
        assert f"{row.effect_low}-{row.effect_high}" in row.locator
        assert row.checked_on == pd.Timestamp("2026-12-07")


def test_a_bad_risk_table_names_file_row_and_column():
    raw = (SHIPPED_DATA / risk.FILE).read_bytes().replace(b",2.19,1.43,", b",0.5,1.43,", 1)
    with pytest.raises(DataError) as err:
        risk.validated(raw)
    assert any(p.file == risk.FILE and p.row == 2 and p.column == "effect_value" for p in err.value.problems)


def test_decision_text_reads_at_grade_8():
    texts = [decision.NO_ADVICE, method.NAMING, decide.INTRO, risk.ESTIMATE, risk.SEVERAL, *(q.text for q in BANK),
             *(p.either for p in PAIRS), sure.SURE_INTRO, sure.SURE_LOW, *sure.TALK_THROUGH.values()]
    assert textstat.flesch_kincaid_grade(" ".join(texts)) <= 8


@pytest.mark.parametrize("page", ["A4", "Letter"])
def test_worst_case_handout_with_where_i_stand_stays_one_legible_sheet(page):
    """Every measure, every factor marked, the longest notes and every decision line: still two pages, body 11 pt."""
    from evidence.handout import patient_handout
    from tests.layer.test_handout import ALL_MARKED, LONGEST_NOTES, assert_legible, cells, questions_for, squeezed

    answers, _ = _filled({k: sure.NO for k in MIXED_SURE})  # every SURE 'no': the most lines
    lines = decision.handout_lines(BANK, PAIRS, answers)
    assert len(lines) == len(PAIRS) + 3 + len(sure.SURE_ITEMS)
    measures = list(EVIDENCE.metrics.metric_id)
    questions = questions_for(ALL_MARKED)
    pdf = patient_handout(EVIDENCE, EVIDENCE.figures, page, choices=ALL_MARKED, questions=questions,
                          measures=measures, notes=LONGEST_NOTES, decision=lines)
    sizes = assert_legible(pdf, [*cells(EVIDENCE, EVIDENCE.figures, measures), *questions, LONGEST_NOTES,
                                 *(f"{lead}{text}" for lead, text in lines)])
    text = squeezed(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    for lead, answer in lines:
        assert squeezed(f"{lead}{answer}") in text
    print(page, sizes)
