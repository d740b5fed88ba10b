"""One summary per measure (Cochrane Summary of Findings): the rule that picks the evidence, the arithmetic, the one
agree/disagree verdict, and cells that always say something."""

import re

import pandas as pd
import pytest

from evidence.filters import filtered
from evidence.load import SHIPPED_DATA, load_folder
from evidence.summary import (
    GRID_COLUMNS,
    agreement,
    best,
    corresponding_risk,
    grid,
    level,
    numeric_rows,
    range_differences,
    recent_pair,
    summaries_for,
)

EVIDENCE = load_folder(SHIPPED_DATA)
SUMMARIES = summaries_for(EVIDENCE, EVIDENCE.figures)
METRICS = EVIDENCE.metrics.set_index("metric_id")
SOURCES = EVIDENCE.sources.set_index("source_id")


def test_odds_and_risk_ratios_become_the_risk_with_miss():
    assert corresponding_risk("odds ratio", 0.3, 1.3) == pytest.approx(100 * 0.3 * 0.013 / (1 - 0.013 + 0.3 * 0.013))
    assert corresponding_risk("risk ratio", 0.5, 10.0) == pytest.approx(5.0)
    assert corresponding_risk("odds ratio", 1.0, 13.8) == pytest.approx(13.8)


def test_every_measure_has_one_summary_in_screen_order():
    order = EVIDENCE.comparisons.set_index("comparison_id").order
    expected = sorted(METRICS.index, key=lambda m: (order[METRICS.comparison_id[m]], METRICS.order[m]))
    assert list(SUMMARIES) == expected


@pytest.mark.parametrize("metric_id", list(SUMMARIES))
def test_the_effect_comes_from_the_best_evidence_that_gives_a_number(metric_id):
    summary = SUMMARIES[metric_id]
    rows = EVIDENCE.figures[EVIDENCE.figures.metric_id == metric_id]
    candidates = numeric_rows(rows, METRICS.loc[metric_id].rename(metric_id))
    if candidates.empty or summary.headline != "effect":
        assert summary.effect is None
        return
    used = rows.set_index("figure_id").loc[summary.effect.figure_id]
    assert level(used.design) == min(candidates.design.map(level))


@pytest.mark.parametrize("metric_id", list(SUMMARIES))
def test_every_cell_says_something(metric_id):
    summary = SUMMARIES[metric_id]
    for cell in (summary.open_cell, summary.miss_cell, summary.open_plain, summary.miss_plain):
        assert len(cell) > 5 and cell.strip("—- ") == cell.strip(), cell
    assert summary.agreement in ("agree", "mostly", "disagree", "none") and summary.agreement_words
    assert summary.basis


@pytest.mark.parametrize("metric_id", [m for m in SUMMARIES if SUMMARIES[m].icons])
def test_risks_are_natural_frequencies_with_one_denominator_and_a_time_window(metric_id):
    summary = SUMMARIES[metric_id]
    out_of = f"in {summary.out_of:,}"
    assert out_of in summary.open_plain and out_of in summary.miss_plain
    assert summary.window and summary.window in summary.sentence
    assert "do not" in summary.sentence  # both frames


def test_patients_see_rounded_numbers_and_surgeons_exact_ones():
    for summary in SUMMARIES.values():
        for cell in (summary.open_plain, summary.miss_plain):
            assert not re.search(r"\d\.\d\d", cell), cell  # never two decimals for a patient
    stay = SUMMARIES["hospital_stay"]
    assert stay.open_cell != stay.open_plain and "about" in stay.open_plain


def test_a_pooled_difference_is_never_subtracted_past_zero():
    for summary in SUMMARIES.values():
        if summary.kind == "continuous" and summary.miss_value is not None:
            assert summary.miss_value > 0


def test_agreement_counts_each_study_once_and_names_the_split():
    rows = pd.DataFrame({
        "source_id": ["a", "a", "b", "c", "d"], "finding": ["favours_miss", "no_significant_difference",
                                                             "favours_miss", "no_significant_difference",
                                                             "direction_only"],
        "design": ["RCT", "retrospective cohort", "RCT", "RCT", "RCT"], "own": False,
        "effect_low": float("nan"), "effect_high": float("nan"), "spread_type": "none",
        "n_patients": [10, 10, 10, 10, 10], "n_studies": 1, "figure_id": ["f1", "f2", "f3", "f4", "f5"],
        "arm_basis": "comparative",
    })
    sources = pd.DataFrame({"same_study_as": [None] * 4, "includes": [None] * 4, "design": "RCT"},
                           index=["a", "b", "c", "d"])
    verdict, words = agreement(rows, sources)
    assert verdict == "mostly" and words.startswith("Mostly better with MISS: 2 of 3 single studies")  # a once
    sources.loc["b", "same_study_as"] = "a"  # b reports a's cohort again: now one each way
    assert agreement(rows, sources)[0] == "disagree"


def test_where_reviews_disagree_both_sides_are_shown():
    rows = EVIDENCE.figures[(EVIDENCE.figures.metric_id == "hospital_stay") & EVIDENCE.figures.design.map(
        lambda d: level(d) <= 2)]
    assert len(set(rows[rows.finding != "direction_only"].finding)) > 1
    stay = SUMMARIES["hospital_stay"]  # a range: the span itself runs from one side to the other
    assert "from no difference to 3 days less" in stay.miss_plain and "no clear difference" in stay.miss_plain
    infection = SUMMARIES["infection"]  # an effect: any review on the other side is named beside it
    assert infection.headline == "effect" and infection.also == ()  # (here none found otherwise)


def test_a_filter_changes_the_summary_it_is_built_from():
    trials = filtered(EVIDENCE.figures, None, ["RCT"])
    summary = summaries_for(EVIDENCE, trials)["blood_loss"]
    assert summary.effect is None or summary.effect.basis.startswith("one randomised trial")
    assert "No comparison" not in summary.agreement_words or summary.agreement == "none"


@pytest.mark.parametrize("mode", list(GRID_COLUMNS))
def test_the_grid_is_drawn_from_the_summaries(mode):
    table = grid(EVIDENCE, SUMMARIES, mode)
    assert list(table.columns) == GRID_COLUMNS[mode]
    exact = mode == "surgeon"
    for (_, row), summary in zip(table.iterrows(), SUMMARIES.values()):
        assert row.Open == (summary.open_cell if exact else summary.open_plain)
        assert row.MISS == (summary.miss_cell if exact else summary.miss_plain)
        assert row["What studies found"] == summary.agreement_words


def test_the_best_row_prefers_an_interval_then_size():
    rows = pd.DataFrame({
        "figure_id": ["small_ci", "big_no_ci"], "design": ["meta-analysis of RCTs"] * 2,
        "effect_low": [-3.0, float("nan")], "effect_high": [-1.0, float("nan")], "spread_type": ["none", "none"],
        "n_patients": [100, 5000], "n_studies": [5, 20],
    })
    assert best(rows).figure_id == "small_ci"


PROCESS_WORDS = re.compile(r"\babstracts?\b|\bwe (could )?read\b|\bthe page\b|\bcurator\b|\bCONVERTED\b|"
                           r"\b[a-z]+20\d\d[a-z]*\b|\b(f|rsk|con|mus|inc|app)\d{2,3}\b|_", re.IGNORECASE)
EXTREME = re.compile(r"\b(0|100) in 100\b|\b(0|1,000) in 1,000\b")
RELATIVE_ONLY = re.compile(r"for every 100 with open|odds ratio|risk ratio|times (the|as)", re.IGNORECASE)


def patient_texts(summary) -> list[str]:
    """Everything a patient reads of a summary, on any screen, slide or handout."""
    return [summary.open_plain, summary.miss_plain, summary.sentence, summary.agreement_words,
            summary.certainty_words, summary.certainty_reason, summary.basis, summary.not_for, *summary.also,
            *summary.background]


@pytest.mark.parametrize("metric_id", list(SUMMARIES))
def test_patient_text_has_no_process_words_extreme_frequencies_or_relative_only_risks(metric_id):
    for text in patient_texts(SUMMARIES[metric_id]):
        assert not PROCESS_WORDS.search(text), text
        assert not EXTREME.search(text), text
        assert not RELATIVE_ONLY.search(text), text


def test_the_patient_text_check_catches_what_the_audit_found():
    assert EXTREME.search("about 100 in 100 are back at work") and EXTREME.search("0 in 1,000")
    assert RELATIVE_ONLY.search("About 39 for every 100 with open")
    assert PROCESS_WORDS.search("No typical rate found in the abstracts we read")
    assert PROCESS_WORDS.search("see mueller2018b") and not PROCESS_WORDS.search("Li 2018")


def test_a_relative_effect_without_a_typical_risk_reaches_patients_as_words():
    summary = SUMMARIES["medical_complications"]
    assert summary.miss_plain == "Fewer with MISS; how many fewer is not known"
    assert "risk ratio 0.39" in summary.miss_cell  # surgeons keep the number


def test_where_trials_and_other_studies_disagree_the_grid_gives_the_range_and_the_trials():
    summary = SUMMARIES["hospital_stay"]
    assert summary.headline == "range" and summary.effect is None and summary.typical is None
    # each option's days from one study of both (the most recent: one population, one era), not a difference alone
    assert summary.recent.study == "Chan 2023" and (summary.open_recent, summary.miss_recent) == (3.3, 2.9)
    assert summary.open_plain.startswith("about 3 days in the latest study that compared both")
    assert summary.miss_plain.startswith("about 3 days in that study; in all studies, from no difference to 3 days "
                                         "less")
    assert "trials differ: 1 found no clear difference, 1 found about 4 vs 2 days (not tested)" in summary.miss_plain


def test_a_selected_series_is_background_never_a_cell():
    summary = SUMMARIES["same_day_discharge"]
    assert "73" not in summary.open_plain + summary.miss_plain
    assert any("Eckman 2014" in line and "selected patients" in line for line in summary.background)


def test_rates_for_any_approach_are_labelled_so():
    for metric_id in ("complications", "reoperation"):
        assert "any fusion of the lower back (open and MISS together)" in SUMMARIES[metric_id].open_plain


def test_confounding_by_stay_is_said_with_the_opioid_totals():
    assert "per day the amounts were close" in SUMMARIES["opioid_use"].miss_plain


def test_certainty_comes_from_the_appraisal_with_its_table():
    appraisal = EVIDENCE.appraisal.set_index("metric_id")
    for metric_id, summary in SUMMARIES.items():
        if metric_id in appraisal.index:
            assert summary.certainty == appraisal.certainty[metric_id]
            assert summary.grade[-1]["Rating"] == summary.certainty and len(summary.grade) >= 7
        else:
            assert summary.certainty == "" and summary.certainty_words == "Not rated."


def test_curated_patient_words_have_no_process_words():
    texts = [*EVIDENCE.passages.verdict_reason, *EVIDENCE.metrics.explanation, *EVIDENCE.metrics.open_words.dropna(),
             *EVIDENCE.metrics.miss_words.dropna(), *EVIDENCE.appraisal.main_reason, *EVIDENCE.appraisal.caveat.dropna(),
             *EVIDENCE.appraisal.not_for.dropna()]
    found = [text for text in texts if PROCESS_WORDS.search(text)]
    assert not found, found


def _made_up(**columns):
    """A small made-up table of one measure's results (days), with the columns the summary rules read."""
    n = len(columns["source_id"])
    base = {"figure_id": [f"x{i}" for i in range(n)], "design": ["retrospective cohort"] * n,
            "effect_measure": ["none"] * n, "effect_value": [float("nan")] * n, "effect_low": [float("nan")] * n,
            "effect_high": [float("nan")] * n, "spread_type": ["none"] * n, "n_patients": [100.0] * n,
            "n_studies": [1.0] * n, "open_value": [float("nan")] * n, "miss_value": [float("nan")] * n,
            "unit": ["days"] * n, "arm_basis": ["comparative"] * n, "finding": ["favours_miss"] * n, "own": False}
    base.update(columns)
    rows = pd.DataFrame(base)
    sources = pd.DataFrame({"same_study_as": None, "includes": None, "design": rows.design.values,
                            "authors": [f"{s.title()} A" for s in rows.source_id], "year": columns.get(
                                "year", [2010 + i for i in range(n)])}, index=rows.source_id.values)
    return rows.drop(columns=["year"], errors="ignore"), sources


def test_a_range_runs_over_every_comparison_including_those_that_found_no_clear_difference():
    rows, sources = _made_up(source_id=["a", "b", "c"], open_value=[5.0, float("nan"), float("nan")],
                             miss_value=[3.0, float("nan"), float("nan")],
                             finding=["favours_miss", "no_significant_difference", "favours_miss"])
    metric = pd.Series({"unit": "days", "kind": "continuous"}, name="stay")
    found = range_differences(rows, metric, sources)
    assert found == {"a": [-2.0], "b": [0.0]}  # b found no clear difference and printed no number: no difference
    # c found a difference but printed no number: it is not in the span (the words count it)


def test_each_option_gets_its_value_from_the_latest_study_of_both():
    rows, sources = _made_up(source_id=["old", "new", "review"], open_value=[9.0, 3.3, 8.0],
                             miss_value=[6.0, 2.9, 5.0], year=[2010, 2023, 2024],
                             design=["retrospective cohort", "prospective cohort", "systematic review"])
    metric = pd.Series({"unit": "days", "kind": "continuous"}, name="stay")
    pair = recent_pair(rows, metric, sources)
    assert pair.source_id == "new"  # a review's averages of arms are not one population


def test_every_risk_is_per_thousand():
    for summary in SUMMARIES.values():
        if summary.out_of:
            assert summary.out_of == 1000
        for line in summary.background:
            assert not re.search(r"\d%", line) or summary.kind != "risk", line


def test_agreement_never_adds_reviews_to_single_studies():
    for summary in SUMMARIES.values():
        words = summary.agreement_words
        assert not re.search(r"\b\d+ studies that compared them\b", words) or "review" not in words, words
    stay = SUMMARIES["hospital_stay"].agreement_words
    assert "of 9 reviews" in stay and "of 3 single studies" in stay


def test_patients_study_table_gives_a_ratio_in_words():
    from evidence.citations import figure_table
    from evidence.load import selection_of
    table = figure_table(EVIDENCE, selection_of(EVIDENCE.figures), curator_columns=False)
    effects = " ".join(table["Difference (MISS vs open)"])
    assert "risk ratio" not in effects and "odds ratio" not in effects
    assert "how many fewer depends on the risk with open surgery" in effects
    surgeons = figure_table(EVIDENCE, selection_of(EVIDENCE.figures))
    assert "risk ratio 0.39" in " ".join(surgeons["Difference (MISS vs open)"])  # surgeons keep the number


def test_layered_cells_give_one_value_for_each_option_then_the_rest():
    """PEMAT-P item 6: where a plain cell holds more than one set of numbers (a range headline) or an aside (a
    caveat), the first layer gives one value for each option and the rest follows in sentences; nothing is lost."""
    stay = SUMMARIES["hospital_stay"]
    assert (stay.open_first, stay.miss_first) == ("about 3 days", "about 3 days")
    assert stay.more_plain.startswith("Both from the latest study that compared them. In all studies: from no "
                                      "difference to 3 days less with MISS.")
    assert "1 found about 4 vs 2 days (not tested)" in stay.more_plain
    for summary in SUMMARIES.values():
        assert summary.open_plain.startswith(summary.open_first) and summary.miss_plain.startswith(summary.miss_first)
        if summary.open_first == summary.open_plain and summary.miss_first == summary.miss_plain:
            assert not summary.more_plain, summary.metric_id
        else:
            assert summary.more_plain.endswith("."), summary.metric_id
    assert SUMMARIES["fluoroscopy"].more_plain == "One surgeon used 2 to 3 minutes of X-ray per MISS operation " \
                                                  "(Kumar 2019)."
