"""The patient screens' reading aids (PEMAT-P, docs/pemat-scoring.md), driven through AppTest: how to use the screens
and how to read the numbers on the overview, the evidence rule a click away, a summary and next steps at its end, and
charts of single studies titled as each study's own numbers; surgeons keep their screens as they were."""

import json

import pytest

from evidence.decision import OPTIONS as NAMES

from components.glance import OPTIONS
from evidence import reading
from evidence.load import SHIPPED_DATA, load_folder
from evidence.summary import RULE, summaries_for
from tests.pages.conftest import open_app

EVIDENCE = load_folder(SHIPPED_DATA)
SUMMARIES = summaries_for(EVIDENCE, EVIDENCE.figures)


def shown(app) -> str:
    """The page's markdown, in page order, without Markdown's escapes."""
    return "\n".join(str(e.value) for e in app.markdown).replace("\\", "")


def chart_titles(app) -> list[str]:
    specs = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    return [str(spec.get("layout", {}).get("title", {}).get("text", "")).replace("<br>", " ") for spec in specs]


def test_patient_overview_says_how_to_use_it_and_how_to_read_the_numbers_before_the_table():
    app = open_app("patient", "glance")
    text = shown(app)
    for step in reading.SCREEN_STEPS:
        assert step in text, step
    assert reading.READING_NUMBERS in text
    options = text.find(OPTIONS[NAMES["miss"]])  # the description of the operations, under the how-to steps
    assert 0 < text.find(reading.SCREEN_STEPS[0]) < options < text.find(reading.READING_NUMBERS)
    assert RULE not in " ".join(c.value for c in app.caption)  # methods a click away, not in the first layer
    assert [e.label for e in app.expander if e.label == "How we chose these numbers"]


def test_patient_overview_ends_with_a_summary_and_what_to_do_next():
    text = shown(open_app("patient", "glance"))
    assert reading.IN_SHORT in text and reading.in_short(list(SUMMARIES.values())) in text
    steps = [text.rfind(step) for step in reading.NEXT_STEPS]
    assert all(place > text.find(reading.READING_NUMBERS) > 0 for place in steps) and steps == sorted(steps)


def test_surgeons_keep_the_rule_and_get_no_patient_steps():
    app = open_app("surgeon", "glance")
    text = shown(app)
    assert RULE in " ".join(c.value for c in app.caption)
    assert reading.SCREEN_STEPS[0] not in text and reading.NEXT_STEPS_TITLE not in text


@pytest.mark.parametrize("mode", ["patient", "surgeon"])
def test_a_chart_of_single_studies_says_its_numbers_are_each_studys_own(mode):
    """'about 260' in the summary and 255 in the one study's chart: the patient's chart says it shows single studies,
    not rounded; the surgeon's keeps the technical title."""
    summary = SUMMARIES["opioid_use"]
    titles = chart_titles(open_app(mode, "pain"))
    studies = reading.studies_chart_title(summary)
    if mode == "patient":
        assert studies in titles
        assert summary.label not in titles or summary.label == summary.patient_label
    else:
        assert studies not in titles
