"""The dashboard, driven through Streamlit's AppTest: every view in every mode, routing, modes and presenter keys."""

import pytest

from evidence.load import SHIPPED_DATA, load_folder
from tests.pages.conftest import COMPARISONS, MODES, VIEWS, open_app

EVIDENCE = load_folder(SHIPPED_DATA)


def text_of(app) -> str:
    parts = [e.value for kind in ("markdown", "title", "header", "subheader", "caption", "info", "warning")
             for e in app.get(kind)]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("view", VIEWS)
def test_every_view_runs_in_every_mode(mode, view):
    app = open_app(mode, view)
    assert not app.exception, app.exception
    assert app.session_state["view"] == view and app.session_state["mode"] == mode
    assert app.query_params == {"mode": mode, "view": view}


@pytest.mark.parametrize("mode", ["patient", "surgeon"])
@pytest.mark.parametrize("comparison_id", COMPARISONS)
def test_comparison_shows_chart_passage_and_citations(mode, comparison_id):
    app = open_app(mode, comparison_id)
    title = EVIDENCE.comparisons.set_index("comparison_id").title[comparison_id]
    assert app.title[0].value.replace("\\", "") == title
    metric_ids = set(EVIDENCE.metrics[EVIDENCE.metrics.comparison_id == comparison_id].metric_id)
    passages = EVIDENCE.passages[EVIDENCE.passages.metric_ids.map(lambda c: bool(metric_ids & set(c.split(";"))))]
    shown = text_of(app).replace("\\", "")
    assert passages.text.iloc[0] in shown
    figure_sources = EVIDENCE.figures[EVIDENCE.figures.metric_id.isin(metric_ids)].source_id.unique()
    first_source = EVIDENCE.sources.set_index("source_id").loc[figure_sources[0]]
    assert first_source.title.replace("\\", "") in shown
    has_numbers = EVIDENCE.figures[EVIDENCE.figures.metric_id.isin(metric_ids)].open_value.notna().any()
    charts = len(app.get("plotly_chart"))
    assert charts >= 1 if has_numbers else charts == 0
    assert "Claim check" in str([b.proto for b in app.get("badge")]) or "Claim check" in shown


def numbers_in_grid(app) -> list:
    grid = app.dataframe[0].value if app.dataframe else app.table[0].value.reset_index()
    return grid[["Open", "MISS"]].map(lambda cell: cell.replace("\\", "")).values.tolist()


def test_switching_mode_keeps_the_numbers():
    patient, surgeon, presenter = (numbers_in_grid(open_app(mode, "glance")) for mode in MODES)
    assert patient == surgeon
    assert presenter and all(row in patient for row in presenter)  # the room sees fewer rows, never other numbers
    assert any("in 1000" in cell for row in patient for cell in row)


def test_mode_radio_changes_mode_and_url():
    app = open_app("patient", "blood_loss")
    app.sidebar.radio(key="mode").set_value("surgeon").run()
    assert app.query_params["mode"] == "surgeon" and app.query_params["view"] == "blood_loss"
    assert app.sidebar.multiselect(key="procedure") is not None


def test_unknown_url_values_fall_back_to_the_overview():
    app = open_app("hacker", "<script>")
    assert not app.exception
    assert app.session_state["mode"] == "patient" and app.session_state["view"] == "glance"


def test_presenter_steps_forward_and_back_through_the_comparisons():
    app = open_app("presenter", "glance")
    app.button(key="next").click().run()
    assert app.session_state["view"] == "incision"
    app.button(key="page_down").click().run()
    assert app.session_state["view"] == "blood_loss"
    app.button(key="prev").click().run()
    app.button(key="page_up").click().run()
    assert app.session_state["view"] == "glance"
    app.button(key="prev").click().run()
    assert app.session_state["view"] == "tradeoffs" and app.query_params["view"] == "tradeoffs"


def test_surgeon_filter_by_design_narrows_the_studies():
    app = open_app("surgeon", "hospital_stay")
    everything = app.dataframe[0].value
    app.sidebar.multiselect(key="design").select("meta-analysis of RCTs").run()
    trials_only = app.dataframe[0].value
    assert 0 < len(trials_only) < len(everything)
    assert set(trials_only["Design"]) == {"meta-analysis of RCTs"}


def test_what_matters_turns_factors_into_questions_without_a_winner():
    app = open_app("patient", "matters")
    app.select_slider(key="matters_fluoroscopy").set_value("Very important").run()
    shown = text_of(app)
    assert "X-ray" in shown and "Question to ask your surgeon" in shown
    assert "not a recommendation" in shown
    for verdict in ("you should choose", "better option is", "we recommend"):
        assert verdict not in shown.lower()


def test_invalid_data_folder_shows_problems_and_keeps_serving(tmp_path, monkeypatch):
    (tmp_path / "figures.csv").write_text("figure_id\nx\n")
    monkeypatch.setenv("SPINE_DATA_DIR", str(tmp_path))
    app = open_app("patient", "glance")
    assert not app.exception
    assert any("could not be used" in e.label for e in app.sidebar.expander)
    assert "metrics.csv: file is missing" in "\n".join(t.value for t in app.sidebar.text)
    assert app.table[0].value.shape[0] == len(EVIDENCE.metrics)


def test_decision_and_notice_are_on_the_overview():
    shown = text_of(open_app("patient", "glance"))
    assert "Whether to have fusion at all is an earlier, separate decision" in shown
    assert "not medical advice" in shown and "Funding: none" in shown and "Evidence last searched" in shown


@pytest.mark.parametrize("view", ["glance", "infection", "source"])
def test_patient_handout_is_one_click_away_on_every_view(view):
    app = open_app("surgeon", view)
    labels = [b.proto.label for b in app.get("download_button")]
    assert "Patient handout (A4 PDF)" in labels and "Patient handout (US Letter PDF)" in labels


def test_presenter_gets_the_presenter_handout():
    labels = [b.proto.label for b in open_app("presenter", "blood_loss").get("download_button")]
    assert labels == ["Presenter hand-out (PDF)"]


def test_what_matters_answers_survive_a_change_of_view():
    app = open_app("patient", "matters")
    app.select_slider(key="matters_hospital_stay").set_value("Very important").run()
    app.sidebar.radio(key="view").set_value("blood_loss").run()
    app.sidebar.radio(key="view").set_value("matters").run()
    assert app.select_slider(key="matters_hospital_stay").value == "Very important"
