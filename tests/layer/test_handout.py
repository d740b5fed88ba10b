"""The PDF take-aways: the patient handout is one page carrying every measure, its numbers and the DOIs behind them;
the presenter hand-out has one page per step. Opened with pypdf and rendered with pdftoppm as a reader would."""

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader

from evidence import handout
from evidence.handout import (
    DECISION,
    FUNDING,
    NOTICE,
    cited_sources,
    evidence_searched,
    grid_table,
    patient_handout,
    presenter_handout,
)
from evidence.load import SHIPPED_DATA, load_folder
from evidence.summaries import filtered
from evidence.summary import said, summaries_for

CHOICES = {"infection": "Very important", "hospital_stay": "A little"}
QUESTIONS = ["What is the infection rate in your own patients for each approach?"]
POINTS_PER_MM = 72 / 25.4


def browser_available() -> bool:
    return Path(os.environ.get("BROWSER_PATH", "/usr/bin/chromium")).exists() or bool(shutil.which("chromium"))


@pytest.fixture(scope="module")
def evidence():
    return load_folder(SHIPPED_DATA)


@pytest.fixture(scope="module")
def patient_pdf(evidence) -> bytes:
    return patient_handout(evidence, evidence.figures, "A4", choices=CHOICES, questions=QUESTIONS, version="9.9.9")


def squeezed(text: str) -> str:
    """Text with all white space removed, so a phrase wrapped over two lines or table cells still matches."""
    return "".join(text.split())


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def assert_carries_the_evidence(pdf: bytes, evidence, figures) -> str:
    """One page with every measure's plain label, the grid's numbers as on screen and every cited DOI."""
    texts = pages(pdf)
    assert len(texts) == 1, f"the handout has {len(texts)} pages"
    text = squeezed(texts[0])
    for label in evidence.metrics.patient_label:
        assert squeezed(label) in text, label
    grid = grid_table(evidence, figures, "patient")  # the patient screen's cells, drawn from the summaries
    assert any(ch.isdigit() for cell in grid.Open for ch in cell), "the data must give typical numbers"
    for column in grid.columns:
        for cell in grid[column]:
            assert squeezed(cell) in text, f"{column}: {cell}"
    cited = cited_sources(evidence, figures)
    for doi in cited.doi.dropna():
        assert squeezed(doi) in text, doi
    for needed in (DECISION, NOTICE, FUNDING, f"Evidence last searched: {evidence_searched(evidence)}"):
        assert squeezed(needed) in text, needed
    return text


def render_png(pdf: bytes, tmp_path: Path, name: str = "page") -> Path:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is missing: apt-get install poppler-utils (make system-packages does it)")
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(source), str(tmp_path / name)], check=True)
    return tmp_path / f"{name}.png"


def assert_not_blank(png: Path) -> None:
    assert png.is_file() and png.stat().st_size > 0
    with Image.open(png) as image:
        grey = image.convert("L")
        dark = sum(grey.histogram()[:160])
        assert grey.getextrema()[0] < 60, "no dark ink on the page"
        assert dark > 0.02 * grey.width * grey.height, "the page is almost empty"


def test_patient_handout_is_one_page_with_every_measure_number_and_doi(evidence, patient_pdf):
    text = assert_carries_the_evidence(patient_pdf, evidence, evidence.figures)
    for expected in ["Version9.9.9", squeezed(QUESTIONS[0]), "Woundinfection(veryimportant)", "Notesfrommysurgeon"]:
        assert squeezed(expected).lower() in text.lower()
    page = PdfReader(io.BytesIO(patient_pdf)).pages[0]
    assert round(float(page.mediabox.width) / POINTS_PER_MM) == 210
    assert round(float(page.mediabox.height) / POINTS_PER_MM) == 297


def test_patient_handout_renders_to_a_non_blank_png(patient_pdf, tmp_path):
    assert_not_blank(render_png(patient_pdf, tmp_path))


@pytest.mark.skipif(not browser_available(), reason="no Chromium for kaleido: apt-get install chromium")
def test_patient_handout_carries_the_two_charts_as_images(patient_pdf):
    images = PdfReader(io.BytesIO(patient_pdf)).pages[0].images
    assert len(images) == 2  # the infection icon array and the recovery timeline
    for image in images:
        assert min(image.image.size) > 200


def test_us_letter_is_one_page_too(evidence, tmp_path):
    pdf = patient_handout(evidence, evidence.figures, "Letter")
    assert_carries_the_evidence(pdf, evidence, evidence.figures)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    assert_not_blank(render_png(pdf, tmp_path))


def test_surgeon_mode_handout_uses_the_filtered_studies(evidence, tmp_path):
    figures = filtered(evidence.figures, None, ["RCT", "prospective cohort", "retrospective cohort"])
    assert len(figures) < len(evidence.figures)
    pdf = patient_handout(evidence, figures, "A4", choices=CHOICES, questions=QUESTIONS)
    text = assert_carries_the_evidence(pdf, evidence, figures)
    assert squeezed(f"({len(figures)} of {len(evidence.figures)} results)") in text
    assert_not_blank(render_png(pdf, tmp_path))


def test_nothing_marked_leaves_room_to_write(evidence):
    text = squeezed(pages(patient_handout(evidence, evidence.figures, "A4"))[0])
    assert squeezed("Nothing marked in the app yet") in text
    for question in handout.GENERAL_QUESTIONS:
        assert squeezed(question) in text


def test_a_changed_number_in_a_custom_data_folder_reaches_the_page(data_copy, tmp_path):
    table = pd.read_csv(data_copy / "figures.csv", dtype=str, keep_default_na=False)
    row = table.index[(table.metric_id == "blood_loss") & (table.typical_open == "yes")][0]
    before = summaries_for(load_folder(SHIPPED_DATA), load_folder(SHIPPED_DATA).figures)["blood_loss"].open_plain
    table.loc[row, "open_value"] = "412"
    table.to_csv(data_copy / "figures.csv", index=False)
    custom = load_folder(data_copy)
    pdf = patient_handout(custom, custom.figures, "A4")
    text = assert_carries_the_evidence(pdf, custom, custom.figures)
    assert squeezed("about 410 mL (1.7 cups)") in text
    assert squeezed(before) not in text
    assert_not_blank(render_png(pdf, tmp_path))


def test_without_dejavu_the_handout_falls_back_to_helvetica(evidence, monkeypatch):
    monkeypatch.setattr(handout, "FONT_DIR", Path("/nonexistent"))
    pdf = patient_handout(evidence, evidence.figures, "A4", choices=CHOICES)
    assert len(pages(pdf)) == 1
    fonts = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
    assert {str(font.get_object()["/BaseFont"]) for font in fonts.values()} == {"/Helvetica", "/Helvetica-Bold"}


def test_presenter_handout_has_one_page_per_slide_in_order(evidence, tmp_path):
    from components.navigation import presenter_steps

    steps = presenter_steps(evidence)
    by_metric = summaries_for(evidence, evidence.figures)
    texts = pages(presenter_handout(evidence, evidence.figures, steps))
    assert len(texts) == len(steps) == len(by_metric) + 1
    assert squeezed("At a glance") in squeezed(texts[0])
    for text, step in zip(texts[1:], steps[1:]):
        page = squeezed(text)
        assert page.startswith(squeezed(by_metric[step].patient_label)), step
        assert squeezed(NOTICE) in page
    reordered = ["infection", "glance", "fluoroscopy"]
    pdf = presenter_handout(evidence, evidence.figures, reordered)
    texts = pages(pdf)
    assert len(texts) == 3 and squeezed(texts[0]).startswith(squeezed(by_metric["infection"].patient_label))
    assert_not_blank(render_png(pdf, tmp_path, "presenter"))


@pytest.mark.parametrize("metric_id", ["blood_loss", "infection", "fluoroscopy", "complications", "learning_curve"])
def test_presenter_pages_quote_the_article_and_say_the_summary(evidence, metric_id):
    from evidence.summaries import passages_for

    text = squeezed(pages(presenter_handout(evidence, evidence.figures, [metric_id]))[0])
    for passage in passages_for(evidence, [metric_id]).text:
        assert squeezed(passage) in text
    summary = summaries_for(evidence, evidence.figures)[metric_id]
    assert squeezed(said(summary)) in text
    for source_id in summary.source_ids:
        doi = evidence.sources.set_index("source_id").doi[source_id]
        if isinstance(doi, str):
            assert squeezed(doi) in text


def test_unknown_inputs_are_refused(evidence):
    with pytest.raises(ValueError):
        patient_handout(evidence, evidence.figures, "A5")
    with pytest.raises(ValueError):
        presenter_handout(evidence, evidence.figures, ["glance", "nonsense"])


def test_buttons_offer_the_handouts_each_mode_needs():
    from streamlit.testing.v1 import AppTest

    def page():
        import streamlit as st

        from components import handout as take_aways
        from evidence.load import SHIPPED_DATA, load_folder

        evidence = load_folder(SHIPPED_DATA)
        mode = st.query_params.get("mode", "patient")
        take_aways.buttons(evidence, evidence.figures, mode)
        if mode == "presenter":  # the presenter's bar carries it
            take_aways.presenter_button(evidence)
        st.json(take_aways.marked_choices())

    labels = {}
    for mode in ("patient", "surgeon", "presenter"):
        app = AppTest.from_function(page, default_timeout=60)
        app.query_params["mode"] = mode
        app.session_state["matters_hospital_stay"] = "A little"
        app.session_state["matters_infection"] = "Very important"
        app.session_state["matters_opioid_use"] = "Not important"
        app.run()
        assert not app.exception
        labels[mode] = [button.proto.label for button in app.get("download_button")]
        marked = json.loads(app.json[0].value)  # what matters, most important first; 'Not important' left out
        assert list(marked.items()) == [("infection", "Very important"), ("hospital_stay", "A little")]
    assert labels["patient"] == labels["surgeon"] == ["Patient handout (A4 PDF)", "Patient handout (US Letter PDF)"]
    assert labels["presenter"] == ["Presenter hand-out (PDF)"]


def test_the_button_callable_builds_the_pdf(evidence):
    from components.handout import _builder

    pdf = _builder(evidence, evidence.figures, "Letter", CHOICES, QUESTIONS)()
    assert pdf.startswith(b"%PDF") and len(pages(pdf)) == 1
