"""Uploads: every case in the broken-file corpus gets a clear message; valid data joins the published evidence."""

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.load import SHIPPED_DATA, DataError, load_folder
from evidence.uploads import add_own_data, unpack
from tests.fixtures.broken import BROKEN, COLUMNS, VALID, csv, own_row

PUBLISHED = load_folder(SHIPPED_DATA)


def load_upload(name: str, data: bytes):
    return add_own_data(PUBLISHED, unpack(name, data))


@pytest.mark.parametrize("case", list(VALID))
def test_valid_uploads_join_the_published_figures_marked_as_own(case):
    merged = load_upload(*VALID[case])
    mine = merged.figures[merged.figures.own]
    assert len(mine) == 1 and len(merged.figures) == len(PUBLISHED.figures) + 1
    assert not mine.typical_open.any()
    assert PUBLISHED.figures.own.sum() == 0  # the published tables are untouched


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_uploads_are_refused_with_a_message_naming_what_is_wrong(case):
    name, data, words = BROKEN[case]
    with pytest.raises(DataError) as caught:
        load_upload(name, data)
    messages = [str(p) for p in caught.value.problems]
    assert any(words in m for m in messages), messages
    assert all(m.startswith(("figures.csv", "sources.csv", name)) for m in messages)


def test_own_sources_can_be_cited_by_own_figures():
    sources = pd.read_csv(SHIPPED_DATA / "sources.csv", dtype=str, keep_default_na=False).head(1)
    sources.loc[0, ["source_id", "authors", "title"]] = ["ourunit2024", "Our spine unit", "Audit of fusions 2024"]
    merged = add_own_data(PUBLISHED, {"sources.csv": sources.to_csv(index=False).encode(),
                                      "figures.csv": csv(own_row(source_id="ourunit2024"))})
    assert "ourunit2024" in set(merged.figures.source_id) and "ourunit2024" in set(merged.sources.source_id)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(column=st.sampled_from(COLUMNS), value=st.text(max_size=60))
def test_any_cell_value_is_either_accepted_or_named_never_a_crash(column, value):
    data = csv(own_row(**{column: value.replace("\x00", "")}))
    try:
        merged = load_upload("figures.csv", data)
    except DataError as err:
        assert err.problems and all(str(p).startswith("figures.csv") for p in err.problems)
    else:
        assert merged.figures.own.sum() == 1


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash_the_loader(data):
    for name in ("figures.csv", "x.zip"):
        try:
            load_upload(name, data)
        except DataError as err:
            assert err.problems
