"""The loader accepts the shipped data and refuses bad data with messages naming file, row and column."""

from pathlib import Path

import pandas as pd
import pytest

from evidence.__main__ import main as cli
from evidence.load import SHIPPED_DATA, DataError, load_folder


def rewrite(folder: Path, name: str, change) -> None:
    """Apply `change` to a table as text-typed DataFrame and write it back."""
    path = folder / name
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(frame)
    frame.to_csv(path, index=False)


def problems(folder: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_folder(folder)
    return [str(p) for p in caught.value.problems]


def test_shipped_data_loads_into_typed_tables():
    evidence = load_folder(SHIPPED_DATA)
    assert evidence.figures.open_value.dtype == "float64"
    assert evidence.figures.typical_open.dtype == bool
    assert evidence.sources.checked_on.dtype.kind == "M"
    assert len(evidence.passages) > 10 and evidence.article.startswith("Minimally Invasive")


BAD_CELLS = [
    # (file, data row index, column, value, words expected in the message)
    ("figures.csv", 0, "open_value", "-5", "0 or more"),
    ("figures.csv", 0, "open_value", "abc", "not a number"),
    ("figures.csv", 0, "open_value", "inf", "finite"),
    ("figures.csv", 0, "metric_id", "no_such_metric", "unknown metric"),
    ("figures.csv", 0, "source_id", "nobody2020", "unknown source"),
    ("figures.csv", 0, "spread_type", "sometimes", "is not allowed; use one of"),
    ("figures.csv", 0, "effect_sign", "miss_over_open", "a weighted mean difference runs miss_minus_open"),
    ("figures.csv", 0, "note", "=HYPERLINK(\"http://x\")", "formula"),
    ("figures.csv", 0, "note", "x" * 2500, "2000"),
    ("sources.csv", 0, "year", "twenty", "whole number"),
    ("sources.csv", 0, "doi", "not-a-doi", "10.xxxx"),
    ("sources.csv", 0, "url", "javascript:alert(1)", "http"),
    ("metrics.csv", 0, "comparison_id", "nowhere", "unknown comparison"),
    ("passages.csv", 0, "text", "A sentence the article never said.", "not in source-article.txt"),
    ("passages.csv", 0, "metric_ids", "general;nonsense", "unknown metric"),
    ("passages.csv", 0, "verdict", "probably", "is not allowed; use one of"),
]


@pytest.mark.parametrize("name,row,column,value,words", BAD_CELLS)
def test_bad_cell_is_named_by_file_row_and_column(data_copy, name, row, column, value, words):
    rewrite(data_copy, name, lambda frame: frame.__setitem__(column, frame[column].where(frame.index != row, value)))
    found = problems(data_copy)
    assert any(p.startswith(f"{name}, row {row + 2}, column {column}:") and words in p for p in found), found


def test_rate_over_100_percent_is_refused(data_copy):
    figures = pd.read_csv(data_copy / "figures.csv", dtype=str, keep_default_na=False)
    row = figures.index[figures.unit == "%"][0]
    rewrite(data_copy, "figures.csv", lambda f: f.__setitem__("open_value", f.open_value.where(f.index != row, "140")))
    assert any(f"row {row + 2}, column open_value: a percentage cannot be over 100" in p for p in problems(data_copy))


def test_interval_that_misses_its_estimate_is_refused(data_copy):
    figures = pd.read_csv(data_copy / "figures.csv", dtype=str, keep_default_na=False)
    row = figures.index[(figures.effect_value != "") & (figures.effect_low != "")][0]
    rewrite(data_copy, "figures.csv", lambda f: f.__setitem__("effect_value", f.effect_value.where(f.index != row, "999999")))
    assert any(f"row {row + 2}, column effect_value: 999999 lies outside its own interval" in p for p in problems(data_copy))


def test_duplicate_id_is_refused(data_copy):
    def duplicate(frame):
        frame.loc[1, "figure_id"] = frame.loc[0, "figure_id"]
    rewrite(data_copy, "figures.csv", duplicate)
    assert any("figures.csv, row 3, column figure_id: duplicate value" in p for p in problems(data_copy))


def test_second_typical_open_value_for_a_metric_is_refused(data_copy):
    def second(frame):
        first = frame.index[frame.typical_open == "yes"][0]
        other = frame.index[(frame.metric_id == frame.metric_id[first]) & (frame.index != first)
                            & (frame.open_value != "")][0]
        frame.loc[other, "typical_open"] = "yes"
    rewrite(data_copy, "figures.csv", second)
    assert any("more than one typical open value" in p for p in problems(data_copy))


def test_a_typical_open_risk_without_its_time_window_is_refused(data_copy):
    metrics = pd.read_csv(data_copy / "metrics.csv", dtype=str)
    risks = set(metrics[metrics.kind == "risk"].metric_id)

    def no_window(frame):
        row = frame.index[(frame.typical_open == "yes") & frame.metric_id.isin(risks)][0]
        frame.loc[row, "follow_up"] = ""
    rewrite(data_copy, "figures.csv", no_window)
    assert any("column follow_up: the typical open risk needs its time window" in p for p in problems(data_copy))


def test_a_placeholder_citation_is_refused(data_copy):
    rewrite(data_copy, "sources.csv", lambda f: f.loc.__setitem__((0, "authors"), "not shown on the page we read"))
    assert any("sources.csv, row 2, column authors: must be the citation as printed" in p for p in problems(data_copy))


def claim_problems(data_copy, passage_id: str, **cells) -> list[str]:
    def change(frame):
        for column, value in cells.items():
            frame.loc[frame.passage_id == passage_id, column] = value
    rewrite(data_copy, "passages.csv", change)
    return problems(data_copy)


def test_supported_needs_moderate_or_high_certainty_on_every_measure(data_copy):
    found = claim_problems(data_copy, "P09", verdict="supported")  # pain medicine: low certainty
    assert any("passages.csv, row 10, column verdict: 'supported' needs moderate or high certainty" in p
               for p in found), found


def test_no_evidence_found_needs_measures_without_figures(data_copy):
    found = claim_problems(data_copy, "P08", verdict="no evidence found")
    assert any("row 9, column verdict: 'no evidence found', but figures.csv has" in p for p in found), found


def test_a_claim_check_may_only_cite_studies_of_its_measures(data_copy):
    found = claim_problems(data_copy, "P11", source_ids="hockley2019")  # pain-medicine study on the X-ray claim
    assert any("source 'hockley2019' reports on none of this claim's measures" in p for p in found), found


def test_missing_and_extra_columns_are_named(data_copy):
    rewrite(data_copy, "sources.csv", lambda f: f.rename(columns={"doi": "DOI"}, inplace=True))
    found = problems(data_copy)
    assert "sources.csv, row 1, column doi: required column is missing" in found
    assert any(p.startswith("sources.csv, row 1, column DOI: unknown column") for p in found)


@pytest.mark.parametrize("content,words", [
    (b"", "file is empty"),
    (b"term,definition\n", "header row but no data rows"),
    ("term;definition\nfusion;joining bones\n".encode(), "uses ';' between columns"),
    ("term,definition\nfusion,caf\u00e9 bones\n".encode("latin-1"), "not UTF-8"),
])
def test_unreadable_files_are_refused(data_copy, content, words):
    (data_copy / "glossary.csv").write_bytes(content)
    assert any(p.startswith("glossary.csv") and words in p for p in problems(data_copy))


def test_byte_order_mark_is_accepted(data_copy):
    path = data_copy / "glossary.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_folder(data_copy).glossary) > 5


def test_missing_file_and_folder_are_named(data_copy, tmp_path):
    (data_copy / "sources.csv").unlink()
    assert "sources.csv: file is missing" in problems(data_copy)
    assert any("is not a folder" in p for p in problems(tmp_path / "nowhere"))


def test_command_line_exit_codes(data_copy, capsys):
    assert cli(["check", str(SHIPPED_DATA)]) == 0
    assert "valid" in capsys.readouterr().out
    rewrite(data_copy, "figures.csv", lambda f: f.__setitem__("open_value", f.open_value.where(f.index != 0, "-1")))
    assert cli(["check", str(data_copy)]) == 1
    assert "figures.csv, row 2, column open_value" in capsys.readouterr().err
