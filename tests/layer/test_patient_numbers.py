"""Numbers a patient can use: where no study gives one, the product says so once, with what to ask instead; a fact
of the technique is not graded as a study result; technical terms get plain words beside them."""

import pandas as pd
import pytest

from evidence.load import SHIPPED_DATA, load_folder
from evidence.summary import grid, summaries_for
from evidence.wording import (
    CERTAINTY_PLAIN,
    DESIGN_PLAIN,
    DESIGN_SHORT,
    NOT_COMPARED,
    certainty_words,
    explained,
    plain_design,
)

EVIDENCE = load_folder(SHIPPED_DATA)
SUMMARIES = summaries_for(EVIDENCE, EVIDENCE.figures)
NO_NUMBER = ["incision_length", "early_pain", "return_to_work"]  # searched again on 2026-12-07: nothing citable


@pytest.mark.parametrize("metric_id", NO_NUMBER)
def test_a_missing_number_is_said_once_with_what_to_ask_the_surgeon(metric_id):
    summary = SUMMARIES[metric_id]
    cells = f"{summary.open_plain} | {summary.miss_plain}".lower()
    assert cells.count("ask your surgeon") == 1, cells
    assert cells.count("not measured") + cells.count("no pain scores") + cells.count("no typical time") == 1, cells
    assert not any(word in cells for word in ("no reliable", "no numbers given", "no lengths are given"))


def test_the_cut_is_a_fact_of_the_technique_not_a_graded_result():
    summary = SUMMARIES["incision_length"]
    assert "by design" in summary.miss_plain
    assert summary.certainty == "very low"  # surgeons still see the GRADE level, about how much shorter
    assert summary.certainty_words == NOT_COMPARED
    assert "Shorter cuts are how MISS is done" in summary.certainty_reason
    patient = grid(EVIDENCE, SUMMARIES, "patient").set_index("What you may wonder")
    assert patient.loc[summary.patient_label, "How sure we are"] == "Not compared"
    assert grid(EVIDENCE, SUMMARIES, "surgeon").set_index("Measure").loc[summary.label, "Certainty"] == "very low"


def test_only_a_rated_measure_without_any_comparison_reads_not_compared():
    assert certainty_words("very low", compared=False) == NOT_COMPARED
    assert certainty_words("low", compared=True) == CERTAINTY_PLAIN["low"]
    assert certainty_words("", compared=False) == "Not rated."
    compared = [s for s in SUMMARIES.values() if s.agreement != "none"]
    assert compared and all(s.certainty_words in CERTAINTY_PLAIN.values() for s in compared if s.certainty)


def test_one_small_study_without_an_interval_is_rated_down_for_imprecision():
    opioids = EVIDENCE.appraisal.set_index("metric_id").loc["opioid_use"]
    assert int(opioids.imprecision) == -1 and "172 people" in opioids.imprecision_reason
    assert SUMMARIES["opioid_use"].certainty == "very low"


def test_every_design_shown_has_curated_plain_words():
    designs = set(EVIDENCE.figures.design) | set(EVIDENCE.sources.design.dropna())
    assert designs <= set(DESIGN_PLAIN) and designs <= set(DESIGN_SHORT), designs - set(DESIGN_PLAIN)
    assert "(retrospective cohort)" in plain_design("retrospective cohort")  # the technical name is kept


@pytest.mark.parametrize(("text", "expected"), [
    ("a retrospective cohort", "a retrospective cohort (looking back at records)"),
    ("It is less fair than an RCT.", "It is less fair than an RCT (randomised trial)."),
    ("Time to ambulation", "Time to ambulation (walking)"),
    ("a randomised controlled trial (RCT)", "a randomised controlled trial (RCT)"),  # already in plain words
    ("odds ratio 0.3", "odds ratio (how the chances compare: below 1 means fewer with MISS) 0.3"),
    ("RCT, then RCT", "RCT (randomised trial), then RCT"),  # said once, not at every use
    ("Blood lost during surgery", "Blood lost during surgery"),
])
def test_explained_puts_plain_words_beside_a_term_once(text, expected):
    assert explained(text) == expected


def test_patient_figure_table_has_plain_designs_and_units():
    from evidence.citations import patient_table
    from evidence.load import selection_of

    rows = EVIDENCE.figures[EVIDENCE.figures.metric_id == "opioid_use"]
    table = patient_table(EVIDENCE, selection_of(rows))
    assert isinstance(table, pd.DataFrame) and "p" not in table.columns and "Note" not in table.columns
    assert table.Design.str.contains("looked back at records").any()
    assert table.Unit.str.contains("milligrams of morphine").any()


def test_the_new_patient_words_read_at_grade_8():
    import textstat

    appraisal = EVIDENCE.appraisal.set_index("metric_id")
    texts = [NOT_COMPARED, *(f"{words}." for words in DESIGN_PLAIN.values()),
             *(appraisal.loc[m, column] for m in ("incision_length", "opioid_use")
               for column in ("main_reason", "caveat", "headline_reason") if isinstance(appraisal.loc[m, column], str)),
             *(SUMMARIES[m].sentence for m in NO_NUMBER)]
    assert textstat.flesch_kincaid_grade(" ".join(texts)) <= 8
    assert max(textstat.flesch_kincaid_grade(t) for t in texts if len(t.split()) >= 8) <= 10
