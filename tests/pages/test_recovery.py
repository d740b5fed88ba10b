"""The weeks after surgery on screen: the Recovery page's table in patient and surgeon modes, the digest at a glance,
and the presenter's slide, all with text from data/recovery.csv, escaped."""

import pytest

from components.glance import SAME_GOAL

from evidence import recovery
from evidence.load import SHIPPED_DATA, load_folder
from tests.pages.conftest import open_app
from tests.pages.test_dashboard import text_of

EVIDENCE = load_folder(SHIPPED_DATA)
ROWS = EVIDENCE.recovery


def tables_text(app) -> str:
    return "\n".join(t.value.reset_index().to_csv(index=False) for t in app.table).replace("\\", "")


@pytest.mark.parametrize("mode", ["patient", "surgeon"])
def test_the_recovery_page_shows_every_row_from_the_csv(mode):
    app = open_app(mode, "recovery")
    assert not app.exception, app.exception
    assert recovery.TITLE in [h.value for h in app.header]
    assert set(recovery.PERIODS) <= {s.value.replace("\\", "") for s in app.subheader}
    shown = tables_text(app)
    for row in ROWS.itertuples():
        assert row.activity in shown, row.row_id
        if isinstance(row.open_text, str):
            assert row.open_text in shown, row.row_id
    assert recovery.SAME in shown
    assert ("Where in the source" in shown) == (mode == "surgeon")
    assert "Rushton 2015" in shown and "Ma 2021" in shown


@pytest.mark.parametrize("mode", ["patient", "surgeon"])
def test_at_a_glance_opens_with_weeks_1_2_6_and_12(mode):
    app = open_app(mode, "glance")
    assert not app.exception, app.exception
    shown = text_of(app).replace("\\", "")
    for week, words in recovery.digest(EVIDENCE):
        assert f"{week}:** {words}" in shown, week
    digest = next(i for i, m in enumerate(app.markdown) if "Week 1:" in m.value)
    options = next(i for i, m in enumerate(app.markdown) if m.value == SAME_GOAL)
    assert digest < options  # in the first layer, before the options in detail (the browser test measures where)


def test_the_presenter_steps_onto_the_weeks_slide():
    app = open_app("presenter", "recovery", slide="long_term_disability")
    app.button(key="next").click().run()
    assert not app.exception, app.exception
    assert app.session_state["slide"] == recovery.RECOVERY_STEP and app.query_params["slide"] == recovery.RECOVERY_STEP
    assert app.title[0].value == recovery.TITLE
    shown = text_of(app).replace("\\", "")
    assert all(words in shown for _, words in recovery.digest(EVIDENCE))
    app.button(key="next").click().run()
    assert app.session_state["slide"] != recovery.RECOVERY_STEP and not app.exception
