"""GRADE appraisal and the headline rules: the validator refuses a certainty that does not follow from its
judgements, an effect applied to a typical value that does not fit it, a number that is not a comparison standing in
a cell, and a study counted beside the review that includes it."""

import pandas as pd
import pytest

from evidence.appraisal import best, derived_certainty, reviews_disagree, study_units
from evidence.load import SHIPPED_DATA, load_folder
from tests.layer.test_load import problems, rewrite

EVIDENCE = load_folder(SHIPPED_DATA)


def set_cell(folder, name, key_column, key, column, value):
    rewrite(folder, name, lambda frame: frame.__setitem__(column, frame[column].where(frame[key_column] != key, value)))


def row_of(name, key_column, key):
    frame = pd.read_csv(SHIPPED_DATA / name, dtype=str, keep_default_na=False)
    return int(frame.index[frame[key_column] == key][0]) + 2


@pytest.mark.parametrize("row", EVIDENCE.appraisal.itertuples(), ids=lambda r: r.metric_id)
def test_every_recorded_certainty_follows_from_its_judgements(row):
    assert row.certainty == derived_certainty(pd.Series(row._asdict()))


@pytest.mark.parametrize("start,downs,upgrade,expected", [
    ("randomised", [0, 0, 0, 0, 0], 0, "high"),
    ("randomised", [-1, 0, 0, 0, 0], 0, "moderate"),
    ("randomised", [-1, -1, -1, 0, 0], 0, "very low"),
    ("non-randomised", [0, 0, 0, 0, 0], 0, "low"),
    ("non-randomised", [0, 0, -2, -1, 0], 0, "very low"),  # never below very low
    ("non-randomised", [0, 0, 0, 0, 0], 1, "moderate"),
])
def test_certainty_starts_by_design_and_moves_by_whole_levels(start, downs, upgrade, expected):
    domains = dict(zip(["risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias"], downs))
    assert derived_certainty(pd.Series({"evidence_start": start, "upgrade": upgrade, **domains})) == expected


def test_a_certainty_that_does_not_follow_is_refused(data_copy):
    set_cell(data_copy, "appraisal.csv", "metric_id", "blood_loss", "certainty", "high")
    row = row_of("appraisal.csv", "metric_id", "blood_loss")
    assert any(p.startswith(f"appraisal.csv, row {row}, column certainty: 'high' does not follow") and
               "'moderate'" in p for p in problems(data_copy))


def test_rating_down_without_a_reason_and_rating_up_trials_are_refused(data_copy):
    set_cell(data_copy, "appraisal.csv", "metric_id", "infection", "imprecision_reason", "")
    set_cell(data_copy, "appraisal.csv", "metric_id", "fluoroscopy", "upgrade", "1")
    found = problems(data_copy)
    assert any("column imprecision_reason: a judgement that rates down needs its reason" in p for p in found), found
    assert any("column upgrade: GRADE rates up only non-randomised evidence" in p for p in found), found


def test_a_review_that_pools_a_non_randomised_study_as_a_trial_must_be_rated_down(data_copy):
    set_cell(data_copy, "appraisal.csv", "metric_id", "blood_loss", "risk_of_bias", "0")
    set_cell(data_copy, "appraisal.csv", "metric_id", "blood_loss", "certainty", "high")
    found = problems(data_copy)
    assert any("column risk_of_bias: li2018 pools seng2013 as a trial" in p for p in found), found


def test_an_effect_applied_to_a_typical_value_that_does_not_fit_is_refused(data_copy):
    # the audit's hospital stay: the cohorts' pooled difference applied to one trial's 4.12-day stay
    set_cell(data_copy, "figures.csv", "figure_id", "f030", "typical_open", "yes")
    set_cell(data_copy, "appraisal.csv", "metric_id", "hospital_stay", "headline", "effect")
    found = problems(data_copy)
    assert any("column headline: the results a headline may rest on disagree" in p and "li2018" in p
               for p in found), found
    assert any(p.startswith(f"figures.csv, row {row_of('figures.csv', 'figure_id', 'f030')}, column comparable_as: "
                            "the typical open value is not comparable") for p in found), found


def test_a_typical_value_under_a_range_headline_is_refused(data_copy):
    set_cell(data_copy, "figures.csv", "figure_id", "f033", "typical_open", "yes")
    row = row_of("figures.csv", "figure_id", "f033")
    assert any(p.startswith(f"figures.csv, row {row}, column typical_open: the headline of hospital_stay is 'range'")
               for p in problems(data_copy))


@pytest.mark.parametrize("headline", ["effect", "range"])
def test_evidence_that_does_not_fit_today_cannot_headline_a_number(data_copy, headline):
    set_cell(data_copy, "appraisal.csv", "metric_id", "ambulation", "headline", headline)
    assert any("column headline: evidence rated down two levels for indirectness" in p for p in problems(data_copy))


@pytest.mark.parametrize("figure_id", ["f149", "f150"])  # one surgeon's selected series; MISS patients only
def test_a_selected_series_or_single_arm_number_cannot_fill_a_cell(data_copy, figure_id):
    set_cell(data_copy, "figures.csv", "figure_id", figure_id, "typical_open", "yes")
    row = row_of("figures.csv", "figure_id", figure_id)
    assert any(p.startswith(f"figures.csv, row {row}, column typical_open: a ") and "cannot be the typical value" in p
               for p in problems(data_copy))


def test_a_study_counted_beside_the_review_that_includes_it_is_refused(data_copy):
    # blood loss: Li 2018 includes Seng 2013, so 14 independent studies, not 15
    set_cell(data_copy, "appraisal.csv", "metric_id", "blood_loss", "studies_counted", "15")
    assert any("column studies_counted: 14 independent studies compared the two, not 15" in p and "seng2013" in p
               for p in problems(data_copy))


def test_a_review_cannot_include_an_unknown_study(data_copy):
    set_cell(data_copy, "sources.csv", "source_id", "li2018", "includes", "seng2013;nobody2020")
    row = row_of("sources.csv", "source_id", "li2018")
    assert f"sources.csv, row {row}, column includes: includes unknown source 'nobody2020'" in problems(data_copy)


def test_a_study_inside_a_review_among_the_rows_casts_no_vote_of_its_own():
    rows = EVIDENCE.figures[(EVIDENCE.figures.metric_id == "blood_loss")]
    units = study_units(rows, EVIDENCE.sources)
    assert units[rows.source_id == "seng2013"].isna().all()
    alone = rows[rows.source_id == "seng2013"]
    assert study_units(alone, EVIDENCE.sources).tolist() == ["seng2013"]  # without the review it counts
    registry = EVIDENCE.figures[EVIDENCE.figures.source_id.isin(["chan2023", "qod_tlif_neurosurgery"])]
    assert set(study_units(registry, EVIDENCE.sources)) == {"qod_tlif_neurosurgery"}  # one cohort, two papers


def _rows(**columns):
    """A small made-up table of results, with the columns the rules read."""
    n = len(next(iter(columns.values())))
    base = {"figure_id": [f"x{i}" for i in range(n)], "design": ["meta-analysis of cohort studies"] * n,
            "effect_low": [float("nan")] * n, "effect_high": [float("nan")] * n, "spread_type": ["none"] * n,
            "n_patients": [float("nan")] * n, "n_studies": [float("nan")] * n, "arm_basis": ["comparative"] * n,
            "finding": ["favours_miss"] * n}
    base.update(columns)
    return pd.DataFrame(base)


def test_a_tie_break_uses_only_what_every_candidate_prints():
    # two reviews at one level, both with an interval: one prints 830 patients in 12 studies, the other no patient
    # count but 40 studies. A blank count must not lose by being blank: compare what both print (studies).
    rows = _rows(figure_id=["small", "blank"], effect_low=[-20.0, 15.0], effect_high=[20.0, 26.0],
                 n_patients=[830, float("nan")], n_studies=[12, 40])
    assert best(rows).figure_id == "blank"
    rows.loc[1, "n_patients"] = 500  # now both print patients: the most patients wins
    assert best(rows).figure_id == "small"


def test_reviews_that_disagree_are_found_whatever_the_measure():
    rows = _rows(finding=["no_significant_difference", "favours_open", "favours_open"],
                 design=["meta-analysis of cohort studies", "meta-analysis of cohort studies", "RCT"])
    one, other = reviews_disagree(rows)
    assert {one.finding, other.finding} == {"no_significant_difference", "favours_open"}
    agreeing = _rows(finding=["favours_open", "favours_open", "no_significant_difference"],
                     design=["meta-analysis of cohort studies", "meta-analysis of RCTs", "RCT"])
    assert reviews_disagree(agreeing) is None  # a single trial against agreeing reviews does not block an effect


def test_an_effect_headline_where_the_reviews_disagree_is_refused(data_copy):
    # operating time: Sun 2013 (no clear difference) and Park 2018 (21 minutes longer) are both reviews
    set_cell(data_copy, "appraisal.csv", "metric_id", "operative_time", "headline", "effect")
    row = row_of("appraisal.csv", "metric_id", "operative_time")
    assert any(p.startswith(f"appraisal.csv, row {row}, column headline: the results a headline may rest on disagree")
               for p in problems(data_copy))


def test_one_result_of_a_study_cannot_vote_under_two_measures(data_copy):
    # Zhao 2019 printed one p-value for complications and repeat surgery together: give its operating-time row the
    # same exact p and it votes twice
    set_cell(data_copy, "figures.csv", "figure_id", "f044", "p_value", "0.632")
    rows = {row_of("figures.csv", "figure_id", f) for f in ("f044", "f062")}
    assert any(p.startswith(f"figures.csv, row {row}, column metric_id: zhao2019's result p = 0.632 already votes")
               for p in problems(data_copy) for row in rows)


def test_a_score_on_another_scale_cannot_vote(data_copy):
    set_cell(data_copy, "figures.csv", "figure_id", "f116", "unit", "points (VAS 0-10)")
    row = row_of("figures.csv", "figure_id", "f116")
    assert any(p.startswith(f"figures.csv, row {row}, column unit: a result on 'points (VAS 0-10)' cannot vote")
               for p in problems(data_copy))


def test_two_reports_from_one_registry_vote_once():
    registry = EVIDENCE.figures[EVIDENCE.figures.source_id.isin(["mooney2022", "qod_tlif_neurosurgery"])]
    assert set(study_units(registry, EVIDENCE.sources)) == {"qod_tlif_neurosurgery"}
