"""The dashboard, driven through Streamlit's AppTest: every view in every mode, routing, modes and presenter keys."""

import re

import pandas as pd
import pytest

from components.navigation import presenter_steps
from evidence.balance import CLOSING_TITLE, OFFERS, closing_sections, core_harms
from evidence.load import SHIPPED_DATA, load_folder
from evidence.recovery import RECOVERY_STEP
from evidence.recovery import TITLE as RECOVERY_TITLE
from evidence.summary import summaries_for
from tests.pages.conftest import COMPARISONS, DOWNSIDES, MODES, VIEWS, open_app

EVIDENCE = load_folder(SHIPPED_DATA)
SUMMARIES = summaries_for(EVIDENCE, EVIDENCE.figures)


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
    slide = {"slide": app.session_state["slide"]} if mode == "presenter" and view in COMPARISONS else {}
    assert app.query_params == {"mode": mode, "view": view, **slide}


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
    for summary in (SUMMARIES[m] for m in metric_ids):  # each measure names the studies behind its numbers
        for estimate in (summary.effect, summary.typical):
            if estimate is not None:
                assert estimate.study in shown
    rows = EVIDENCE.figures[EVIDENCE.figures.metric_id.isin(metric_ids)]
    paired = (rows.open_value.notna() & rows.miss_value.notna()).any()
    compared = (rows.effect_value.notna() & rows.effect_sign.notna()).any()
    charts = len(app.get("plotly_chart"))
    if paired or (compared and mode == "surgeon"):  # studies' own values, or (for surgeons) their differences
        assert charts >= 1
    elif not compared and rows.open_value.isna().all():
        assert charts == 0
    assert "Claim check" in str([b.proto for b in app.get("badge")]) or "Claim check" in shown
    figures = EVIDENCE.figures[EVIDENCE.figures.metric_id.isin(metric_ids)]
    first = figures.iloc[0]
    app.session_state[f"tabs_{first.metric_id}"] = "Studies"  # the Studies tab is built when opened
    app.run()
    title = EVIDENCE.sources.set_index("source_id").title[first.source_id]
    assert title.replace("\\", "") in text_of(app).replace("\\", "")


def grid_of(app) -> pd.DataFrame:
    return app.table[0].value.reset_index().map(lambda cell: str(cell).replace("\\", ""))


def test_switching_mode_keeps_the_summaries():
    patient, surgeon = (grid_of(open_app(mode, "glance")) for mode in ("patient", "surgeon"))
    assert len(patient) == len(surgeon) == len(SUMMARIES)
    for (_, p_row), (_, s_row), summary in zip(patient.iterrows(), surgeon.iterrows(), SUMMARIES.values()):
        assert (p_row.Open, p_row.MISS) == (summary.open_plain, summary.miss_plain)  # rounded for patients
        assert (s_row.Open, s_row.MISS) == (summary.open_cell, summary.miss_cell)  # exact for surgeons
        assert p_row["What studies found"] == s_row["What studies found"] == summary.agreement_words
    assert any("in 1,000" in cell for cell in patient.Open)


@pytest.mark.parametrize("metric_id", list(SUMMARIES))
def test_each_measure_reads_the_same_on_grid_view_and_slide(metric_id):
    summary = SUMMARIES[metric_id]
    view = text_of(open_app("patient", summary.comparison_id)).replace("\\", "")
    assert summary.open_first in view and summary.miss_first in view and summary.more_plain in view  # in layers
    assert summary.agreement_words in view
    slide = open_app("presenter", summary.comparison_id, slide=metric_id)
    shown = text_of(slide).replace("\\", "") + str([w.proto for w in slide.get("alert")]).replace("\\\\", "")
    assert summary.open_plain in shown and summary.miss_plain in shown and summary.agreement_words in shown


def test_mode_radio_changes_mode_and_url():
    app = open_app("patient", "blood_loss")
    app.sidebar.radio(key="mode").set_value("surgeon").run()
    assert app.query_params["mode"] == "surgeon" and app.query_params["view"] == "blood_loss"
    assert app.sidebar.multiselect(key="procedure") is not None


def test_unknown_url_values_fall_back_to_the_overview():
    app = open_app("hacker", "<script>")
    assert not app.exception
    assert app.session_state["mode"] == "patient" and app.session_state["view"] == "glance"


def test_presenter_steps_through_every_measure_forward_and_back():
    app = open_app("presenter", "glance")
    seen = []
    slides = presenter_steps(EVIDENCE)[1:-1]  # then the closing slide
    for _ in range(len(slides)):
        app.button(key="next" if len(seen) % 2 else "page_down").click().run()
        seen.append(app.session_state["slide"])
        weeks = seen[-1] == RECOVERY_STEP  # the weeks after surgery, after the recovery measures
        assert app.query_params["slide"] == seen[-1]
        assert app.query_params["view"] == ("recovery" if weeks else SUMMARIES[seen[-1]].comparison_id)
        assert app.title[0].value.replace("\\", "") == (RECOVERY_TITLE if weeks else SUMMARIES[seen[-1]].patient_label)
    assert seen == slides and set(SUMMARIES) < set(seen)  # every measure, benefits and downsides alike, in order
    assert [SUMMARIES[m].comparison_id for m in seen[:len(core_harms(EVIDENCE))]] == sorted(
        [SUMMARIES[m].comparison_id for m in core_harms(EVIDENCE)], key=DOWNSIDES.index)
    app.button(key="next").click().run()  # the balanced closing slide ends the deck, not one measure
    assert app.session_state["view"] == "closing" and app.query_params["view"] == "closing"
    assert app.title[0].value == CLOSING_TITLE
    shown = text_of(app).replace("\\", "")
    for heading, points in closing_sections(SUMMARIES):
        assert heading in shown and all(point in shown for point in points)
    assert "End of the slides" in shown
    app.button(key="next").click().run()  # the deck ends here: no wrap to the overview
    assert app.session_state["view"] == "closing"
    app.button(key="prev").click().run()
    app.button(key="page_up").click().run()
    assert app.session_state["slide"] == seen[-2]
    assert "End of the slides" not in text_of(app)


def test_presenter_first_slide_does_not_step_back_to_the_last():
    app = open_app("presenter", "glance")
    app.button(key="prev").click().run()
    app.button(key="page_up").click().run()
    assert app.session_state["view"] == "glance"


def test_a_slide_link_reopens_that_slide():
    app = open_app("presenter", "suitability", slide="learning_curve")
    assert app.session_state["slide"] == "learning_curve"
    assert app.title[0].value.replace("\\", "") == SUMMARIES["learning_curve"].patient_label


def test_surgeon_filter_by_design_narrows_the_studies():
    app = open_app("surgeon", "hospital_stay")
    app.session_state["tabs_hospital_stay"] = "Table"  # the Table tab is built when opened
    app.run()
    everything = app.dataframe[0].value
    app.sidebar.multiselect(key="design").select("meta-analysis of RCTs").run()
    trials_only = app.dataframe[0].value
    assert 0 < len(trials_only) < len(everything)
    assert set(trials_only["Design"]) == {"meta-analysis of RCTs"}


def test_what_matters_turns_factors_into_questions_without_a_winner():
    app = open_app("patient", "matters")
    assert {s.value for s in app.select_slider} == {"Not sure yet"}  # every factor starts neutral
    assert {s.key for s in app.select_slider} >= {"matters_return_to_work", "matters_fluoroscopy"}
    app.select_slider(key="matters_fluoroscopy").set_value("Very important").run()
    shown = text_of(app).replace("\\", "")
    assert "X-ray" in shown and "Question to ask your surgeon" in shown
    assert SUMMARIES["fluoroscopy"].sentence in shown
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


CODE_LIKE = re.compile(r"\b[a-z]+_[a-z_0-9]+\b|\bn\.d\.|not shown|pubmed\d|pmid\d")


def readable_text(app) -> str:
    """Everything a person reads: text elements, alerts, badges, tables and data frames."""
    parts = [text_of(app)]
    parts += [e.proto.body for e in app.get("alert")] + [e.proto.label for e in app.get("badge")]
    parts += [e.label for e in app.expander] + [t.label for t in app.tabs]
    parts += [t.value.to_csv() for t in app.table] + [d.value.to_csv() for d in app.dataframe]
    return re.sub(r":material/[a-z_]+:", "", "\n".join(parts).replace("\\", ""))  # icons are not text


@pytest.mark.parametrize("mode", ["patient", "surgeon"])
@pytest.mark.parametrize("view", VIEWS)
def test_nobody_reads_program_internals(mode, view):
    app = open_app(mode, view)
    for key in [k for k in list(app.session_state) if str(k).startswith(("sure_", "why_"))]:
        app.session_state[key] = True  # the lazy expanders too
    app.run()
    text = readable_text(app)
    for key in [k for k in list(app.session_state) if str(k).startswith("tabs_")]:
        for label in ("Table", "Studies"):  # the lazy tabs too
            app.session_state[key] = label
            app.run()
            text += readable_text(app)
    ids = set(EVIDENCE.sources.source_id) | set(EVIDENCE.figures.figure_id)
    found = set(CODE_LIKE.findall(text)) | {i for i in ids if re.search(rf"\b{re.escape(i)}\b", text)}
    assert not found, found
    for row in grid_of(app).itertuples() if view == "glance" else ():
        assert row.Open.strip("—- ") and row.MISS.strip("—- ")


@pytest.mark.parametrize("mode", ["patient", "surgeon"])
def test_the_reason_for_the_certainty_is_one_click_away_and_surgeons_see_the_grade_table(mode):
    summary = SUMMARIES["blood_loss"]
    app = open_app(mode, "blood_loss")
    assert summary.certainty_reason not in text_of(app).replace("\\", "")  # built only when opened
    app.session_state["sure_blood_loss"] = True
    app.run()
    assert summary.certainty_reason in text_of(app).replace("\\", "")
    grades = [t.value for t in app.table if t.value.index.name == "Domain"]
    if mode == "surgeon":
        assert len(grades) == 1 and grades[0].loc["Certainty", "Rating"] == summary.certainty
        assert list(grades[0].index[1:6]) == ["Risk of bias", "Inconsistency", "Indirectness", "Imprecision",
                                              "Publication bias"]
    else:
        assert not grades


def test_how_this_was_made_gives_each_measures_evidence_and_grade_table_when_opened():
    app = open_app("patient", "method")
    app.session_state["why_hospital_stay"] = True
    app.run()
    text = text_of(app).replace("\\", "")
    summary = SUMMARIES["hospital_stay"]
    assert summary.headline_reason in text and summary.not_for in text
    assert [t.value.loc["Certainty", "Rating"] for t in app.table if t.value.index.name == "Domain"] == ["very low"]


@pytest.mark.parametrize("mode", ["patient", "surgeon"])
def test_picker_labels_show_no_escape_characters(mode):
    """Select boxes and multiselects print their options as plain text: a Markdown escape would show as a backslash
    ('long\\-term'). (Radio options are Markdown: there the escape is what keeps data text literal.)"""
    app = open_app(mode, "glance")
    options = [o for kind in ("selectbox", "multiselect", "select_slider") for widget in app.get(kind)
               for o in widget.options]
    assert options and not [o for o in options if "\\" in o]
    titles = dict(zip(EVIDENCE.comparisons.comparison_id, EVIDENCE.comparisons.title))
    assert set(titles.values()) <= set(app.selectbox(key="topic").options)


def test_each_of_the_four_answers_on_the_glance_opens_its_page():
    from components.glance import FOUR_QUESTIONS

    app = open_app("patient", "glance")
    shown = text_of(app).replace("\\", "")
    views = EVIDENCE.metrics.set_index("metric_id").comparison_id
    for question, metric_id in FOUR_QUESTIONS.items():
        summary = SUMMARIES[metric_id]
        assert question in shown and f"Open: {summary.open_first}" in shown.replace("*", "")
        assert f"MISS: {summary.miss_first}" in shown.replace("*", "") and summary.more_plain in shown
    app.button(key="more_hospital_stay").click().run()
    assert app.session_state["view"] == views["hospital_stay"]
    assert app.query_params["view"] == views["hospital_stay"]


def test_presenter_is_told_when_the_qr_code_points_at_this_computer(monkeypatch):
    monkeypatch.delenv("SPINE_PUBLIC_URL", raising=False)
    warnings = [w.value for w in open_app("presenter", "glance").warning]
    assert any("SPINE" in w and "PUBLIC" in w and "localhost" in w for w in warnings), warnings
    monkeypatch.setenv("SPINE_PUBLIC_URL", "https://spine.example.org")
    assert not [w.value for w in open_app("presenter", "glance").warning if "localhost" in w.value]


def test_the_menu_gives_the_downsides_pages_of_their_own_first():
    app = open_app("patient", "glance")
    options = [option.replace("\\", "") for option in app.sidebar.radio(key="view").options]
    titles = EVIDENCE.comparisons.set_index("comparison_id").title
    downsides = [titles[c] for c in DOWNSIDES]
    assert options[1:1 + len(DOWNSIDES)] == downsides  # right after the overview, before the six benefits
    assert "Summing up: both options" in options
    for comparison_id in DOWNSIDES:  # each page holds its own measures
        measures = EVIDENCE.metrics[EVIDENCE.metrics.comparison_id == comparison_id]
        assert 2 <= len(measures) <= 3, comparison_id


def walk(node):
    """The elements under a node in the order they are drawn: (type, text)."""
    children = getattr(node, "children", None)
    if children:
        for key in sorted(children):
            yield from walk(children[key])
    else:
        proto = getattr(node, "proto", None)
        yield node.type, str(getattr(proto, "label", "") or getattr(node, "value", ""))


@pytest.mark.parametrize("mode, view, slide", [("patient", "xray_time", None), ("surgeon", "risks", None),
                                               ("presenter", "xray_time", "fluoroscopy")])
def test_the_article_passage_comes_after_its_verdict_and_under_no_heading_of_the_evidences_rank(mode, view, slide):
    app = open_app(mode, view, **({"slide": slide} if slide else {}))
    drawn = list(walk(app.main))
    badges = [i for i, (kind, text) in enumerate(drawn) if kind in ("badge", "markdown") and "Claim check" in text]
    quotes = [i for i, (kind, text) in enumerate(drawn) if kind == "caption" and "\u201c" in text]
    assert badges and quotes and len(badges) == len(quotes)
    assert all(badge < quote for badge, quote in zip(badges, quotes))  # each quotation beneath its verdict
    assert not any("article" in h.value.lower() for h in app.header)  # never a heading of the measures' rank


def test_the_overview_slide_says_what_each_option_offers():
    shown = text_of(open_app("presenter", "glance"))
    for heading in OFFERS:
        assert heading in shown


def test_the_upload_box_is_at_the_foot_of_the_sidebar_in_every_mode():
    """A patient's menu starts with who is using it and the topics, not with adding data (PEMAT-P item 2)."""
    for mode in ("patient", "surgeon", "presenter"):
        labels = [expander.label for expander in open_app(mode, "glance").sidebar.expander]
        assert labels[-1] == "Add your own data" and labels.count("Add your own data") == 1, (mode, labels)
