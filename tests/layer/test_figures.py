"""Figure builders return plain plotly Figures whose points are the table's numbers, with a second cue besides colour."""

import pandas as pd
import pytest

from evidence import figures as charts
from evidence.filters import for_metric
from evidence.load import SHIPPED_DATA, load_folder
from evidence.summary import summaries_for


@pytest.fixture(scope="module")
def evidence():
    return load_folder(SHIPPED_DATA)


def metric(evidence, metric_id):
    return evidence.metrics.set_index("metric_id").loc[metric_id].rename(metric_id)


def test_dumbbell_draws_each_studys_open_and_miss_values(evidence):
    rows = for_metric(evidence.figures, "blood_loss")
    fig = charts.dumbbell(rows, metric(evidence, "blood_loss"), evidence.sources)
    paired = rows[rows.open_value.notna() & rows.miss_value.notna()]
    for arm, style in charts.ARMS:
        traces = [t for t in fig.data if t.name == style["name"]]
        assert sorted(x for t in traces for x in t.x) == sorted(paired[f"{arm}_value"])
        assert {t.marker.symbol for t in traces} == {style["symbol"]}
        assert {t.marker.color for t in traces} == {style["color"]}
    assert "mL" in fig.layout.xaxis.title.text
    assert fig.layout.annotations[-1].text.startswith("Sources:")


def test_differences_use_a_log_axis_for_ratios_and_zero_line_for_differences(evidence):
    infection = for_metric(evidence.figures, "infection")
    ratio = charts.differences(infection, metric(evidence, "infection"), evidence.sources)
    assert ratio.layout.xaxis.type == "log"
    stay = for_metric(evidence.figures, "hospital_stay")
    diff = charts.differences(stay, metric(evidence, "hospital_stay"), evidence.sources)
    assert list(diff.data[0].x) == list(stay[stay.effect_value.notna() & (stay.effect_sign == "miss_minus_open")].effect_value)


@pytest.mark.parametrize("open_rate,miss_rate,out_of", [(4.0, 0.6, 1000), (13.0, 4.0, 100)])
def test_icon_array_fills_as_many_icons_as_people(open_rate, miss_rate, out_of):
    fig = charts.icon_array(open_rate, miss_rate, "have it", "Source: test")
    filled = {t.name.split(":")[0]: len(t.x) for t in fig.data if "do not" not in t.name}
    assert filled == {"Open": round(open_rate * out_of / 100), "MISS": round(miss_rate * out_of / 100)}
    assert sum(len(t.x) for t in fig.data) == 2 * out_of
    assert {t.marker.symbol for t in fig.data} == {"circle", "circle-open", "diamond", "diamond-open"}


def test_the_summary_chart_draws_the_summary_numbers(evidence):
    summary = summaries_for(evidence, evidence.figures)["blood_loss"]
    fig = charts.summary_chart(summary)
    assert [t.x[0] for t in fig.data] == [summary.open_value, summary.miss_value]
    assert [t.marker.symbol for t in fig.data] == ["circle", "diamond"]  # shape as well as colour
    miss = fig.data[1].error_x
    assert summary.miss_value + miss.array[0] == pytest.approx(summary.miss_high)


def test_a_risk_summary_becomes_an_icon_array_with_its_numbers(evidence):
    summary = summaries_for(evidence, evidence.figures)["infection"]
    fig = charts.summary_figure(summary)
    filled = {t.name.split(":")[0]: len(t.x) for t in fig.data if "do not" not in t.name}
    assert filled == {"Open": round(summary.open_value * summary.out_of / 100),
                      "MISS": round(summary.miss_value * summary.out_of / 100)}


def test_the_presenter_copy_of_a_chart_has_no_text_below_the_room_size(evidence):
    summary = summaries_for(evidence, evidence.figures)["infection"]
    room = charts.for_room(charts.risk_icons(summary))
    sizes = [room.layout.font.size, *(a.font.size for a in room.layout.annotations)]
    sizes += [t.textfont.size for t in room.data if t.textfont and t.textfont.size]
    assert min(sizes) >= charts.ROOM_FONT
    assert charts.risk_icons(summary).layout.font.size < charts.ROOM_FONT  # the cached original is not changed


def test_data_text_cannot_become_plotly_markup(evidence):
    sources = evidence.sources.copy()
    sources.loc[0, "authors"] = "<a href='https://evil.example'>x</a>"
    label = charts.study_label(pd.Series({"source_id": sources.source_id[0], "design": "<b>RCT</b>"}), sources)
    assert "<a" not in label and "<b>" not in label
    assert "&lt;a" in label and "&lt;b&gt;RCT" in label


def test_one_axis_never_mixes_units(evidence):
    rows = for_metric(evidence.figures, "opioid_use")
    assert rows.unit.nunique() > 1
    fig = charts.dumbbell(rows, metric(evidence, "opioid_use"), evidence.sources)
    drawn = sorted(x for t in fig.data if t.name == "Open" for x in t.x)
    same_unit = rows[(rows.unit == "MME") & rows.open_value.notna() & rows.miss_value.notna()]
    assert drawn == sorted(same_unit.open_value)
