"""Exports are the very numbers on screen: CSV round-trips to the chart's table; charts export as PNG and SVG."""

import io

import pandas as pd
import pytest

from evidence import figures as charts
from evidence.export import chart_image, figures_csv
from evidence.filters import for_metric
from evidence.load import SHIPPED_DATA, load_folder

EVIDENCE = load_folder(SHIPPED_DATA)


@pytest.mark.parametrize("metric_id", ["blood_loss", "infection", "hospital_stay"])
def test_csv_download_reads_back_as_the_table_behind_the_chart(metric_id):
    rows = for_metric(EVIDENCE.figures, metric_id)
    back = pd.read_csv(io.BytesIO(figures_csv(rows, EVIDENCE.sources)))
    assert list(back.figure_id) == list(rows.figure_id)
    for column in ("open_value", "miss_value", "effect_value", "effect_low", "effect_high"):
        pd.testing.assert_series_equal(back[column].astype(float), rows[column].reset_index(drop=True), check_names=False)
    assert back.doi.notna().any() and back.url.notna().all()  # the citation travels with the numbers


def test_csv_cells_cannot_run_as_spreadsheet_formulas():
    rows = for_metric(EVIDENCE.figures, "blood_loss").head(1).assign(note='=HYPERLINK("http://x","y")')
    back = pd.read_csv(io.BytesIO(figures_csv(rows, EVIDENCE.sources)))
    assert back.note[0].startswith("'=")


def test_chart_exports_as_png_and_svg():
    metric = EVIDENCE.metrics.set_index("metric_id").loc["blood_loss"].rename("blood_loss")
    figure = charts.dumbbell(for_metric(EVIDENCE.figures, "blood_loss"), metric, EVIDENCE.sources)
    assert chart_image(figure, "png").startswith(b"\x89PNG")
    assert b"<svg" in chart_image(figure, "svg")[:500]
