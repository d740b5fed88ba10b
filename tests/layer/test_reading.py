"""What makes the printed patient handout understandable and actionable (AHRQ PEMAT-P, docs/pemat-scoring.md), read
from the PDF's own text: the two operations defined, MISS spelled out, before any measure; the steps to use the
sheet; how to read a range, once, before the first; no study tallies in the first layer, which keep a later place;
chart titles in plain words; the words at about grade 8."""

import io
import re

import pytest
import textstat
from pypdf import PdfReader

from components.matters import FACTORS
from components.matters import questions as questions_for
from evidence import handout, reading
from evidence.handout import NOTES_MAX, default_measures, patient_handout
from evidence.load import SHIPPED_DATA, load_folder
from evidence.summary import summaries_for
from tests.layer.test_handout import browser_available, squeezed

EVIDENCE = load_folder(SHIPPED_DATA)
SUMMARIES = summaries_for(EVIDENCE, EVIDENCE.figures)
FOOTER = r"Spine Fusion Compare, version \S+, made on \S+\. Page \d+ of \d+"
ALL_MARKED = {m: "Very important" for m in FACTORS}
WORST = dict(choices=ALL_MARKED, questions=questions_for(ALL_MARKED),
             measures=list(EVIDENCE.metrics.metric_id), notes=("Plan: MISS at L4-L5 next month. " * 30)[:NOTES_MAX])


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, squeezed (no white space), without the running footer."""
    return [squeezed(re.sub(FOOTER, "", page.extract_text())) for page in PdfReader(io.BytesIO(pdf)).pages]


def first_measure_at(text: str, measures) -> int:
    """Where the first printed measure's name stands in the text."""
    places = [text.find(squeezed(SUMMARIES[m].patient_label)) for m in measures]
    places = [p for p in places if p >= 0]
    assert places, "no measure printed on this page"
    return min(places)


@pytest.fixture(scope="module", params=["A4", "Letter"])
def default_sheet(request):
    return patient_handout(EVIDENCE, EVIDENCE.figures, request.param)


def test_both_operations_are_defined_and_miss_spelled_out_before_any_measure(default_sheet):
    first = page_texts(default_sheet)[0]
    before = first[:first_measure_at(first, default_measures(EVIDENCE))]
    assert squeezed("minimally invasive spine surgery (MISS)").lower() in before.lower()
    for name, what in reading.OPERATIONS:
        assert squeezed(f"{name}: {what}") in before, name
    assert squeezed(reading.WHAT_FUSION_IS) in before and squeezed(reading.PURPOSE) in before


@pytest.mark.skipif(not browser_available(), reason="no Chromium for kaleido: apt-get install chromium")
def test_the_drawing_of_the_two_operations_is_on_the_first_page_with_its_title(default_sheet):
    pages = PdfReader(io.BytesIO(default_sheet)).pages
    assert len(pages[0].images) >= 1 and min(pages[0].images[0].image.size) > 200
    assert squeezed(reading.DRAWING_TITLE) in page_texts(default_sheet)[0]


def test_the_steps_to_use_the_sheet_come_before_any_measure(default_sheet):
    first = page_texts(default_sheet)[0]
    before = first[:first_measure_at(first, default_measures(EVIDENCE))]
    assert squeezed(reading.HOW_TO_USE_TITLE) in before
    for number, step in enumerate(reading.HOW_TO_USE, start=1):
        assert squeezed(f"{number}. {step}") in before, step


def test_a_range_is_explained_once_before_the_first_one(default_sheet):
    text = "".join(page_texts(default_sheet))
    first_range = re.search(r"\(\d[\d.,]*to\d", text)  # '(1 to 12)', squeezed
    assert first_range, "no range printed"
    assert 0 <= text.find(squeezed(reading.READING_NUMBERS)) < first_range.start()
    assert text.count(squeezed(reading.READING_NUMBERS)) == 1


def test_no_study_tallies_on_the_first_page_and_a_later_about_these_numbers(default_sheet):
    texts = page_texts(default_sheet)
    for summary in SUMMARIES.values():
        assert squeezed(summary.agreement_words) not in texts[0], summary.agreement_words
    for tally in ("studies agree", "studies that compared them", "Most studies (", "What studies found"):
        assert squeezed(tally).lower() not in texts[0].lower(), tally
    last = texts[-1]
    assert squeezed(f"{reading.ABOUT_TITLE}:") in last or squeezed(reading.ABOUT_TITLE) in last


def _make_room(monkeypatch):
    """A sheet from a data folder without downsides or recovery weeks: room for the parts that give way first (with the
    shipped data every sheet prints all the downsides, so the tallies and charts give way)."""
    monkeypatch.setattr(handout, "core_harms", lambda evidence: [])
    monkeypatch.setattr(handout.recovery, "digest", lambda evidence: [])


def test_with_room_the_tallies_print_under_about_these_numbers_after_every_measure(monkeypatch):
    _make_room(monkeypatch)
    measures = ["hospital_stay", "ambulation"]  # no chart of their own to take the room
    text = "".join(page_texts(patient_handout(EVIDENCE, EVIDENCE.figures, "A4", measures=measures)))
    about = text.find(squeezed(reading.ABOUT_TITLE))
    assert about > 0
    for metric_id in measures:
        summary = SUMMARIES[metric_id]
        tally = text.find(squeezed(f"{summary.patient_label}: {summary.agreement_words}"))
        assert tally > about, metric_id
        assert text.count(squeezed(summary.agreement_words)) == 1, metric_id


@pytest.mark.skipif(not browser_available(), reason="no Chromium for kaleido: apt-get install chromium")
def test_chart_titles_say_in_plain_words_what_they_show(monkeypatch):
    _make_room(monkeypatch)
    pdf = patient_handout(EVIDENCE, EVIDENCE.figures, "A4", measures=["infection", "blood_loss"])
    text = "".join(page_texts(pdf))
    for metric_id in ("infection", "blood_loss"):
        assert squeezed(reading.chart_title(SUMMARIES[metric_id])) in text, metric_id
    assert squeezed("how many people out of 1,000") in text


@pytest.mark.parametrize("page", ["A4", "Letter"])
def test_short_of_room_the_operations_and_steps_still_come_first(page):
    pdf = patient_handout(EVIDENCE, EVIDENCE.figures, page, **WORST)
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2
    first = page_texts(pdf)[0]
    before = first[:first_measure_at(first, WORST["measures"])]
    assert squeezed("Minimally invasive spine surgery (MISS):") in before and squeezed("Open surgery:") in before
    short = squeezed("".join(name + what for name, what in reading.INTRODUCTION_SHORT))
    assert short in before or squeezed(reading.HOW_TO_USE[0]) in before
    for summary in SUMMARIES.values():
        assert squeezed(summary.agreement_words) not in first, summary.metric_id


def test_studies_chart_title_says_the_numbers_are_not_rounded():
    """The summary rounds (255 MME in the one study printed 'about 260'); the chart of single studies says so."""
    summary = SUMMARIES["opioid_use"]
    assert "260" in summary.open_plain
    assert "not rounded" in reading.studies_chart_title(summary)


def test_reading_aids_read_at_grade_8_and_never_advise():
    texts = [reading.PURPOSE, reading.WHAT_FUSION_IS, *(f"{n}: {w}" for n, w in reading.OPERATIONS),
             *reading.HOW_TO_USE, *reading.SCREEN_STEPS, reading.READING_NUMBERS, reading.ABOUT_POINTER,
             reading.ABOUT_INTRO, *reading.NEXT_STEPS, reading.IN_SHORT, reading.in_short(list(SUMMARIES.values()))]
    assert textstat.flesch_kincaid_grade(" ".join(texts)) <= 8
    assert max(textstat.flesch_kincaid_grade(t) for t in texts if len(t.split()) >= 8) <= 10
    words = " ".join(texts).lower()
    for advice in ("you should choose", "we recommend", "the better option", "choose miss", "choose open"):
        assert advice not in words


def test_in_short_counts_the_unsure_measures_from_the_summaries():
    summaries = list(SUMMARIES.values())
    rated = [s for s in summaries if s.certainty]
    unsure = [s for s in rated if s.certainty in ("low", "very low")]
    assert f"For {len(unsure)} of the {len(rated)} measures" in reading.in_short(summaries)
    assert reading.in_short([]) == ""
