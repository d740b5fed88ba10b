"""The weeks after surgery (data/recovery.csv): validated like every table, bad rows named by file, row and column,
drawn from one place (evidence.recovery) in plain words, with a measure's words taken from its summary."""

import pandas as pd
import pytest
import textstat

from components.navigation import presenter_steps
from evidence import recovery
from evidence.load import NO_SOURCE, SHIPPED_DATA, DataError, load_folder
from evidence.summary import summaries_for
from tests.layer.test_load import problems, rewrite

EVIDENCE = load_folder(SHIPPED_DATA)
ROWS = EVIDENCE.recovery.reset_index(drop=True)


def index_of(row_id: str) -> int:
    return int(ROWS.index[ROWS.row_id == row_id][0])


LINKED = index_of("rec01")  # days in hospital: words from the hospital_stay summary
OWN = index_of("rec03")  # getting up: its own text, one source, differs no
NONE_FOUND = index_of("rec11")  # lifting and heavy work: no source, says so

BAD_CELLS = [
    # (row index, {column: value}, column named, words expected in the message)
    (LINKED, {"metric_id": "no_such_measure"}, "metric_id", "unknown metric"),
    (LINKED, {"open_text": "About 2 days"}, "open_text", "come from its summary"),
    (LINKED, {"compared_by": "ma2021"}, "compared_by", "has no comparison of open and MISS on hospital_stay"),
    (LINKED, {"compared_by": ""}, "compared_by", "no study that compared open and MISS"),
    (LINKED, {"digest": "About 3 days in hospital."}, "digest", "no digits"),
    (OWN, {"differs": "yes", "miss_text": "Sooner.", "compared_by": "nobody2020"}, "compared_by", "unknown source"),
    (OWN, {"differs": "yes"}, "miss_text", "say what MISS is like"),
    (OWN, {"miss_text": "The same."}, "miss_text", "write one text for both in open_text"),
    (OWN, {"source_ids": "rushton2015;nobody2020"}, "source_ids", "unknown source"),
    (OWN, {"source_ids": ""}, "source_ids", NO_SOURCE),
    (NONE_FOUND, {"open_text": "Ask your surgeon."}, "source_ids", NO_SOURCE),
    (OWN, {"open_text": ""}, "open_text", "must not be empty"),
    (OWN, {"period": "Week 3"}, "period", "is not allowed; use one of"),
    (OWN, {"differs": "maybe"}, "differs", "is not allowed; use one of"),
    (OWN, {"milestone": "3"}, "milestone", "must be week 1, 2, 6 or 12"),
    (OWN, {"digest": ""}, "digest", "needs its short digest line"),
    (OWN, {"digest": "x" * 130}, "digest", "longer than 120"),
    (OWN, {"open_text": "=HYPERLINK(\"http://x\")"}, "open_text", "formula"),
    (OWN, {"row_id": "rec01"}, "row_id", "duplicate value"),
]


@pytest.mark.parametrize("row,cells,column,words", BAD_CELLS)
def test_a_bad_recovery_row_is_named_by_file_row_and_column(data_copy, row, cells, column, words):
    def change(frame):
        for name, value in cells.items():
            frame.loc[row, name] = value
    rewrite(data_copy, "recovery.csv", change)
    found = problems(data_copy)
    assert any(p.startswith(f"recovery.csv, row {row + 2}, column {column}:") and words in p for p in found), found


def test_a_missing_recovery_file_or_column_is_refused(data_copy):
    rewrite(data_copy, "recovery.csv", lambda f: f.drop(columns=["differs"], inplace=True))
    assert "recovery.csv, row 1, column differs: required column is missing" in problems(data_copy)
    (data_copy / "recovery.csv").unlink()
    with pytest.raises(DataError) as caught:
        load_folder(data_copy)
    assert "recovery.csv: file is missing" in [str(p) for p in caught.value.problems]


def test_every_row_is_drawn_with_its_sources_and_a_measure_in_its_summarys_words():
    drawn = recovery.activities(EVIDENCE, EVIDENCE.figures)
    assert len(drawn) == len(ROWS) >= 12
    by_metric = summaries_for(EVIDENCE, EVIDENCE.figures)
    by_activity = {a.activity: a for a in drawn}
    for row in ROWS.itertuples():
        shown = by_activity[row.activity]
        if isinstance(row.metric_id, str):
            summary = by_metric[row.metric_id]
            assert (shown.open, shown.miss) == (summary.open_plain, summary.miss_plain)
        elif row.differs == "no":  # one text for both, said to be the same (or not known for either)
            assert shown.open == row.open_text and shown.miss in (recovery.SAME, recovery.UNKNOWN)
        assert shown.sources or NO_SOURCE in shown.open.lower(), row.row_id
    assert [a.period for a in drawn] == sorted((a.period for a in drawn), key=recovery.PERIODS.index)
    asked = {"Days in hospital", "First walk", "Wound care and showering", "Driving", "Back to work", "Back brace",
             "Physiotherapy", "Help at home", "The scar", "Lifting, and manual or heavy work"}
    assert asked <= set(by_activity)


def test_a_difference_is_shown_only_where_a_comparison_supports_it():
    comparative = EVIDENCE.figures[EVIDENCE.figures.arm_basis == "comparative"]
    for row in ROWS[ROWS.differs == "yes"].itertuples():
        studies = set(row.compared_by.split(";"))
        assert studies and studies <= set(comparative.source_id), row.row_id
    for activity in recovery.activities(EVIDENCE, EVIDENCE.figures):
        if not activity.differs and activity.miss in (recovery.SAME, recovery.UNKNOWN):
            assert "MISS" not in activity.miss


def test_the_digest_speaks_of_weeks_1_2_6_and_12_with_its_sources():
    weeks = dict(recovery.digest(EVIDENCE))
    assert list(weeks) == ["Week 1", "Week 2", "Week 6", "Week 12"]
    assert all(len(text) <= 2 * 120 for text in weeks.values())
    assert "Rushton 2015" in recovery.digest_sources(EVIDENCE) and "Scott 2015" in recovery.digest_sources(EVIDENCE)


def test_surgeons_see_where_in_each_source_patients_do_not():
    patient = recovery.by_period(EVIDENCE, EVIDENCE.figures, "patient")
    surgeon = recovery.by_period(EVIDENCE, EVIDENCE.figures, "surgeon")
    assert [p for p, _ in patient] == recovery.PERIODS
    assert all("Where in the source" not in t.columns for _, t in patient)
    assert all("Where in the source" in t.columns for _, t in surgeon)
    assert all(t.index.name == "What" for _, t in patient)  # escaped for st.table, the first column as index
    assert sum(len(t) for _, t in patient) == len(ROWS)


def test_recovery_text_reads_at_grade_8():
    own = [t for t in pd.concat([ROWS.open_text, ROWS.miss_text, ROWS.digest]).dropna()]
    texts = [*own, recovery.INTRO, recovery.SAME, recovery.UNKNOWN, recovery.BOTH, recovery.TITLE]
    assert textstat.flesch_kincaid_grade(" ".join(texts)) <= 8
    assert max(textstat.flesch_kincaid_grade(t) for t in texts if len(t.split()) >= 8) <= 10
    for word in ("you should have", "we recommend", "choose MISS", "choose open"):
        assert word not in " ".join(texts).lower()


def test_the_presenter_shows_the_weeks_after_the_recovery_measures():
    steps = presenter_steps(EVIDENCE)
    metrics = EVIDENCE.metrics.sort_values("order")
    recovery_measures = list(metrics[metrics.comparison_id == "recovery"].metric_id)
    at = steps.index(recovery.RECOVERY_STEP)
    assert steps[at - len(recovery_measures):at] == recovery_measures and steps.count(recovery.RECOVERY_STEP) == 1
