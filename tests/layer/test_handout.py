"""The PDF take-aways: the patient handout is one sheet (two pages at most) in type a person can read, carrying the
chosen measures, their numbers and the DOIs behind them; the presenter hand-out has one page per step. Opened with
pypdf (type sizes read from the PDF's own text operators) and rendered with pdftoppm as a reader would."""

import io
import json
import logging
import math
import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader

from components.matters import FACTORS
from components.matters import questions as questions_for
from evidence import handout, reading, recovery
from evidence.balance import BOTH_LATER, CLOSING_TITLE, OFFERS, OFFERS_SHORT, closing_sections, core_harms
from evidence.filters import filtered
from evidence.handout import (
    DECISION,
    FUNDING,
    NOTES_MAX,
    NOTICE,
    cited_sources,
    default_measures,
    evidence_searched,
    patient_handout,
    presenter_handout,
)
from evidence.load import SHIPPED_DATA, load_folder
from evidence.summary import said, summaries_for

CHOICES = {"infection": "Very important", "hospital_stay": "A little"}
QUESTIONS = ["What is the infection rate in your own patients for each approach?"]
ALL_MARKED = {m: "Very important" for m in FACTORS}
NOTES = ("Plan: MISS at L4-L5 next month. Expect one or two nights in hospital and to walk the day after. "
         "Call us if the wound is red or hot. ")
LONGEST_NOTES = (NOTES * 10)[:NOTES_MAX]
POINTS_PER_MM = 72 / 25.4
MIN_PT, MIN_BODY_PT = 8, 11


def browser_available() -> bool:
    return Path(os.environ.get("BROWSER_PATH", "/usr/bin/chromium")).exists() or bool(shutil.which("chromium"))


@pytest.fixture(scope="module")
def evidence():
    return load_folder(SHIPPED_DATA)


def squeezed(text: str) -> str:
    """Text with all white space removed, so a phrase wrapped over two lines or table cells still matches."""
    return "".join(text.split())


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def text_of(pdf: bytes) -> str:
    """All pages' text squeezed, without the running footer (a paragraph may flow from page 1 to page 2)."""
    footer = r"Spine Fusion Compare, version \S+, made on \S+\. Page \d+ of \d+"
    return squeezed(re.sub(footer, "", " ".join(pages(pdf))))


def type_sizes(pdf: bytes) -> list[tuple[float, str]]:
    """(size in points as printed, text) for every run of text in the PDF: the font size set by Tf times the scale
    of the text matrix and the current transformation matrix, as pypdf reads them from the page's content stream."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            runs.append((round(size * math.sqrt(abs(a * d - b * c)), 2), text.strip()))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return runs


def assert_legible(pdf: bytes, body: list[str]) -> dict:
    """At most two pages; no text under MIN_PT; every run of the body texts given (cells, questions, notes) at
    MIN_BODY_PT or more, and those runs found for most of the body. Returns the measured sizes."""
    count = len(PdfReader(io.BytesIO(pdf)).pages)
    assert count <= 2, f"the handout has {count} pages"
    runs = type_sizes(pdf)
    smallest = min(size for size, _ in runs)
    assert smallest >= MIN_PT, [run for run in runs if run[0] < MIN_PT][:5]
    wanted = squeezed(" ".join(body))
    body_runs = [(size, text) for size, text in runs if quotes(squeezed(text), wanted)]
    found = sum(len(squeezed(text)) for _, text in body_runs)
    assert found >= 0.5 * len(wanted), f"only {found} of {len(wanted)} characters of the body text found"
    small = [(size, text) for size, text in body_runs if size < MIN_BODY_PT]
    assert not small, small[:5]
    return {"pages": count, "min pt": smallest, "min body pt": min(size for size, _ in body_runs)}


def quotes(run: str, body: str, window: int = 16) -> bool:
    """Whether a run of text quotes the body: some 16 characters of it stand in the body text."""
    return any(run[i:i + window] in body for i in range(0, len(run) - window + 1, 4))


def cells(evidence, figures, measures) -> list[str]:
    """The summaries' words for these measures: what the handout must print, one value for each option and the rest
    of the cells after them. (How many studies agree is a second layer, 'About these numbers', printed where there
    is room: tests/layer/test_reading.py.)"""
    by_metric = summaries_for(evidence, figures)
    return [text for m in measures for text in (by_metric[m].patient_label, by_metric[m].open_first,
                                                 by_metric[m].miss_first, by_metric[m].more_plain) if text]


def assert_carries(pdf: bytes, texts: list[str]) -> str:
    text = text_of(pdf)
    for needed in (*texts, DECISION, NOTICE, FUNDING):
        assert squeezed(needed) in text, needed
    return text


def assert_cites(pdf: bytes, evidence, figures, measures) -> None:
    text = text_of(pdf)
    for doi in cited_sources(evidence, figures, measures).doi.dropna():
        assert squeezed(doi) in text, doi


def render_pngs(pdf: bytes, tmp_path: Path, name: str = "page") -> list[Path]:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is missing: apt-get install poppler-utils (make system-packages does it)")
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(source), str(tmp_path / name)], check=True)
    return sorted(tmp_path.glob(f"{name}-*.png"))


def assert_not_blank(png: Path) -> None:
    assert png.is_file() and png.stat().st_size > 0
    with Image.open(png) as image:
        grey = image.convert("L")
        dark = sum(grey.histogram()[:160])
        assert grey.getextrema()[0] < 60, "no dark ink on the page"
        assert dark > 0.02 * grey.width * grey.height, "the page is almost empty"


@pytest.mark.parametrize("page, size_mm", [("A4", (210, 297)), ("Letter", (215.9, 279.4))])
def test_default_handout_is_one_sheet_in_legible_type_with_the_main_measures_and_their_sources(evidence, page,
                                                                                                size_mm, tmp_path):
    pdf = patient_handout(evidence, evidence.figures, page, version="9.9.9")
    measures = default_measures(evidence)
    assert {"incision_length", "blood_loss", "infection", "opioid_use", "hospital_stay", "ambulation",
            "fluoroscopy", "complications"} <= set(measures)
    assert_legible(pdf, cells(evidence, evidence.figures, measures))
    text = assert_carries(pdf, cells(evidence, evidence.figures, measures))
    # the introduction, the steps and how to read the numbers take the room the DOIs had: a pointer to the app
    assert squeezed("Every study is listed in the app, with its DOI") in text
    for needed in ("Version 9.9.9", f"made on {handout.dt.date.today().isoformat()}",
                   f"Evidence last searched: {evidence_searched(evidence)}"):
        assert squeezed(needed).lower() in text.lower(), needed
    for page_object in PdfReader(io.BytesIO(pdf)).pages:
        width, height = (float(page_object.mediabox.width), float(page_object.mediabox.height))
        assert (round(width / POINTS_PER_MM, 1), round(height / POINTS_PER_MM, 1)) == size_mm
    for png in render_pngs(pdf, tmp_path):
        assert_not_blank(png)


@pytest.mark.parametrize("page", ["A4", "Letter"])
def test_marked_answers_and_their_questions_print(evidence, page):
    pdf = patient_handout(evidence, evidence.figures, page, choices=CHOICES, questions=QUESTIONS)
    assert_legible(pdf, [*cells(evidence, evidence.figures, default_measures(evidence)), *QUESTIONS])
    text = assert_carries(pdf, QUESTIONS)
    for label, level in (("Wound infection", "very important"), ("Days in hospital", "a little")):
        marked = (f"{label} ({level})", f"{level}: {label}")  # with its numbers in words, or grouped by level
        assert any(squeezed(words).lower() in text.lower() for words in marked), label
    for question in handout.GENERAL_QUESTIONS:
        assert squeezed(question) in text


@pytest.mark.parametrize("page", ["A4", "Letter"])
def test_a_surgeons_selection_and_notes_print_with_the_downsides_and_nothing_else(evidence, page, tmp_path):
    measures = ["infection", "hospital_stay"]
    printed = [*measures, *core_harms(evidence)]  # every downside prints, whatever was chosen
    pdf = patient_handout(evidence, evidence.figures, page, measures=measures, notes=NOTES)
    assert_legible(pdf, [*cells(evidence, evidence.figures, printed), NOTES])
    text = assert_carries(pdf, [*cells(evidence, evidence.figures, printed), NOTES])
    if page == "A4":
        assert_cites(pdf, evidence, evidence.figures, printed)
    by_metric = summaries_for(evidence, evidence.figures)
    for other in ("incision_length", "blood_loss", "opioid_use"):
        assert squeezed(by_metric[other].patient_label) not in text, other
    not_cited = set(cited_sources(evidence, evidence.figures).doi.dropna()) - set(
        cited_sources(evidence, evidence.figures, printed).doi.dropna())
    assert not_cited and not any(squeezed(doi) in text for doi in not_cited)
    for png in render_pngs(pdf, tmp_path):
        assert_not_blank(png)


@pytest.mark.skipif(not browser_available(), reason="no Chromium for kaleido: apt-get install chromium")
def test_with_room_to_spare_the_two_charts_print(evidence, monkeypatch):
    # Every sheet prints all the downsides, which leaves no room for charts on one from the shipped data; a data
    # folder without downsides leaves that room, and the charts still print there.
    monkeypatch.setattr(handout, "core_harms", lambda evidence: [])
    monkeypatch.setattr(handout.recovery, "digest", lambda evidence: [])
    pdf = patient_handout(evidence, evidence.figures, "A4", measures=["infection", "blood_loss"])
    images = [image for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images]
    assert len(images) == 3  # the drawing of the two operations, the infection icon array and blood loss
    for image in images:
        assert min(image.image.size) > 200


@pytest.mark.parametrize("page", ["A4", "Letter"])
def test_worst_case_every_measure_every_answer_longest_notes_stays_one_sheet(evidence, page, tmp_path):
    measures = list(evidence.metrics.metric_id)
    questions = questions_for(ALL_MARKED)
    pdf = patient_handout(evidence, evidence.figures, page, choices=ALL_MARKED, questions=questions,
                          measures=measures, notes=LONGEST_NOTES)
    body = [*cells(evidence, evidence.figures, measures), *questions, LONGEST_NOTES]
    assert_legible(pdf, body)
    text = assert_carries(pdf, [s.patient_label for s in summaries_for(evidence, evidence.figures).values()])
    for needed in (*questions, LONGEST_NOTES):
        assert squeezed(needed) in text, needed
    for png in render_pngs(pdf, tmp_path):
        assert_not_blank(png)


def test_notes_are_limited_and_never_logged(evidence, caplog):
    with pytest.raises(ValueError):
        patient_handout(evidence, evidence.figures, "A4", notes="x" * (NOTES_MAX + 1))
    secret = "Private \U0001F9B4 note \u2603 for Jane"  # a bone emoji DejaVu Sans lacks, and a snowman it has
    with caplog.at_level(logging.DEBUG):
        pdf = patient_handout(evidence, evidence.figures, "A4", measures=["infection"], notes=secret)
    assert "Jane" not in caplog.text and "\U0001F9B4" not in caplog.text
    assert squeezed("Private ? note \u2603 for Jane") in text_of(pdf)


def test_surgeon_mode_handout_uses_the_filtered_studies(evidence, tmp_path):
    figures = filtered(evidence.figures, None, ["RCT", "prospective cohort", "retrospective cohort"])
    assert len(figures) < len(evidence.figures)
    pdf = patient_handout(evidence, figures, "A4", choices=CHOICES, questions=QUESTIONS)
    assert_legible(pdf, cells(evidence, figures, default_measures(evidence)))
    text = assert_carries(pdf, cells(evidence, figures, default_measures(evidence)))
    assert squeezed(f"({len(figures)} of {len(evidence.figures)} results)") in text
    for png in render_pngs(pdf, tmp_path):
        assert_not_blank(png)


def test_nothing_marked_leaves_room_to_write(evidence):
    text = text_of(patient_handout(evidence, evidence.figures, "A4"))
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
    text = assert_carries(pdf, cells(custom, custom.figures, default_measures(custom)))
    assert squeezed("about 410 mL (1.7 cups)") in text
    assert squeezed(before) not in text


def test_without_dejavu_the_handout_falls_back_to_helvetica(evidence, monkeypatch):
    monkeypatch.setattr(handout, "FONT_DIR", Path("/nonexistent"))
    pdf = patient_handout(evidence, evidence.figures, "A4", choices=CHOICES)
    assert len(pages(pdf)) <= 2
    fonts = {str(font.get_object()["/BaseFont"]) for page in PdfReader(io.BytesIO(pdf)).pages
             for font in page["/Resources"]["/Font"].values()}
    assert fonts == {"/Helvetica", "/Helvetica-Bold"}


def slide_pages(pdf: bytes) -> list[tuple[str, int]]:
    """(title, first page index) of each step, from the PDF's outline."""
    reader = PdfReader(io.BytesIO(pdf))
    return [(entry.title, reader.get_destination_page_number(entry)) for entry in reader.outline]


def test_presenter_handout_starts_each_slide_on_a_page_in_order(evidence, tmp_path):
    from components.navigation import presenter_steps

    steps = presenter_steps(evidence)
    by_metric = summaries_for(evidence, evidence.figures)
    pdf = presenter_handout(evidence, evidence.figures, steps)
    texts = pages(pdf)
    starts = slide_pages(pdf)
    assert len(starts) == len(steps) == len(by_metric) + 3  # the overview, every measure, the weeks, the closing
    assert [first for _, first in starts] == sorted({first for _, first in starts})  # one slide a page at most
    assert squeezed("At a glance") in squeezed(texts[starts[0][1]])
    assert steps[-1] == "closing"
    closing = squeezed(" ".join(texts[starts[-1][1]:]))  # the deck's balanced closing slide, last here too
    assert closing.startswith(squeezed(CLOSING_TITLE))
    for heading, points in closing_sections(by_metric):
        for words in (heading, *points):
            assert squeezed(words) in closing, words
    ends = [first for _, first in starts[1:]] + [len(texts)]
    for (title, first), end, step in zip(starts[1:-1], ends[1:-1], steps[1:-1]):
        expected = recovery.TITLE if step == recovery.RECOVERY_STEP else by_metric[step].patient_label
        assert title == expected
        assert squeezed(texts[first]).startswith(squeezed(expected)), step
        assert end - first <= 3, f"{step} takes {end - first} pages"
        assert all(squeezed(NOTICE) in squeezed(text) for text in texts[first:end])
    reordered = ["infection", "glance", "fluoroscopy"]
    pdf = presenter_handout(evidence, evidence.figures, reordered)
    assert [title for title, _ in slide_pages(pdf)][0] == by_metric["infection"].patient_label
    assert squeezed(pages(pdf)[0]).startswith(squeezed(by_metric["infection"].patient_label))
    pngs = render_pngs(pdf, tmp_path, "presenter")
    for _, first in slide_pages(pdf):  # each slide's first page (a page it runs onto may hold only its sources)
        assert_not_blank(pngs[first])


def test_presenter_handout_type_reaches_the_patient_handouts_floors(evidence):
    """Median 11 pt or more (counted per character printed), nothing under MIN_PT but the running footer."""
    from components.navigation import presenter_steps

    pdf = presenter_handout(evidence, evidence.figures, presenter_steps(evidence))
    runs = type_sizes(pdf)
    sizes = sorted(size for size, text in runs for _ in squeezed(text))
    assert sizes[len(sizes) // 2] >= MIN_BODY_PT, sizes[len(sizes) // 2]
    footer = squeezed(f"{FUNDING} {NOTICE}")
    small = [(size, text) for size, text in runs
             if size < MIN_PT and not (squeezed(text) in footer or "SpineFusionCompare" in squeezed(text))]
    assert small == []
    assert min(size for size, _ in runs) >= 7  # the footer too stays readable


def test_printed_icon_arrays_keep_their_labels_inside_and_their_icons_apart(evidence, tmp_path):
    """A surgeon's handout with the infection risk chosen: the icon array's labels, the denominator of the
    summary, are whole, and at print size the icons do not merge (a row of icons shows gaps of white)."""
    from evidence.figures import icon_blocks

    summary = summaries_for(evidence, evidence.figures)["infection"]
    figure = icon_blocks(summary)
    out_of = 1000 if min(summary.open_value, summary.miss_value) < 1 else 100
    labels = [a.text for a in figure.layout.annotations]
    assert any(f"{round(summary.open_value * out_of / 100)} in {out_of}" in text for text in labels), labels
    for annotation in figure.layout.annotations:  # each label's top stays inside the picture
        assert annotation.y < figure.layout.yaxis.range[1]
    if not browser_available():
        pytest.skip("no Chromium to draw the chart")
    pdf = patient_handout(evidence, evidence.figures, measures=["infection", "hospital_stay"])
    images = [image for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images]
    assert images, "no chart printed"
    with Image.open(io.BytesIO(images[0].data)) as image:
        grey = image.convert("L")
    dark_rows = [y for y in range(grey.height) if min(grey.getpixel((x, y)) for x in range(grey.width)) < 200]
    assert dark_rows and dark_rows[0] > 2, "ink at the very top: a label is cut off"
    middle = grey.crop((0, grey.height // 4, grey.width, grey.height // 4 + 1))  # a row through the icons
    runs = "".join("x" if v < 230 else "." for v in middle.getdata())
    assert runs.count("x.") >= 20, "the icons merge into a block"


@pytest.mark.parametrize("metric_id", ["blood_loss", "infection", "fluoroscopy", "complications", "learning_curve"])
def test_presenter_pages_quote_the_article_and_say_the_summary(evidence, metric_id):
    from evidence.filters import passages_for

    text = squeezed("".join(pages(presenter_handout(evidence, evidence.figures, [metric_id]))))
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
        patient_handout(evidence, evidence.figures, "A4", measures=["infection", "nonsense"])
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
    assert pdf.startswith(b"%PDF") and len(pages(pdf)) <= 2


def surgeon_page():
    import streamlit as st

    from components import handout as take_aways
    from evidence.load import SHIPPED_DATA, load_folder

    evidence = load_folder(SHIPPED_DATA)
    take_aways.buttons(evidence, evidence.figures, st.query_params.get("mode", "surgeon"))


def test_a_surgeons_measures_and_notes_reach_the_download_and_version_and_date_show(evidence, monkeypatch):
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.testing.v1 import AppTest

    builders = {}  # file name -> the callable the download button runs when clicked
    add_deferred = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        builders[file_name] = data_callable
        return add_deferred(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    app = AppTest.from_function(surgeon_page, default_timeout=60)
    app.query_params["mode"] = "surgeon"
    app.run()
    assert not app.exception
    shown = " ".join(caption.value for caption in app.sidebar.caption)
    assert f"version {handout.APP_VERSION}" in shown and handout.dt.date.today().isoformat() in shown
    core = core_harms(evidence)
    assert app.sidebar.multiselect(key="handout_measures").value == [m for m in default_measures(evidence)
                                                                     if m not in core]
    app.sidebar.multiselect(key="handout_measures").set_value(["infection", "hospital_stay"]).run()
    app.sidebar.text_area(key="handout_notes").input(NOTES).run()
    assert not app.exception
    text = text_of(builders["spine-fusion-handout-A4.pdf"]())
    by_metric = summaries_for(evidence, evidence.figures)
    assert squeezed(NOTES) in text
    assert squeezed(by_metric["infection"].patient_label) in text
    assert squeezed(by_metric["blood_loss"].patient_label) not in text
    app.query_params["mode"] = "patient"  # the patient's own screen hands out the same sheet
    app.run()
    assert [w.label for w in app.sidebar.text_area] == []
    assert squeezed(NOTES) in text_of(builders["spine-fusion-handout-Letter.pdf"]())


@pytest.mark.parametrize("metric_id", list(load_folder(SHIPPED_DATA).metrics.metric_id))
def test_each_measure_prints_as_the_grid_says_it(evidence, metric_id):
    summary = summaries_for(evidence, evidence.figures)[metric_id]
    pdf = patient_handout(evidence, evidence.figures, "A4", measures=[metric_id])
    text = assert_carries(pdf, [*cells(evidence, evidence.figures, [metric_id]),
                                summary.certainty_words.split(":")[0].lower()])
    # how many studies agree is the second layer ('About these numbers'): printed, or where room is short, a pointer
    assert squeezed(summary.agreement_words) in text or squeezed(reading.ABOUT_POINTER) in text


def downsides_text(evidence) -> list[str]:
    """What every patient handout must carry: each downside's name and numbers in words, and what each option
    offers (checked by assert_offers)."""
    return [*cells(evidence, evidence.figures, core_harms(evidence)), *OFFERS]


def assert_offers(pdf: bytes) -> None:
    """What each option offers, in full, or in a few words each with what is the same for both (when room is short)."""
    text = text_of(pdf)
    full = all(squeezed(point) in text for points in OFFERS.values() for point in points)
    short = all(squeezed(point) in text for points in OFFERS_SHORT.values() for point in points)
    assert full or (short and squeezed(BOTH_LATER) in text)


@pytest.mark.parametrize("page", ["A4", "Letter"])
@pytest.mark.parametrize("measures", [None, ["blood_loss"], [], ["fluoroscopy"], ["infection", "hospital_stay"]],
                         ids=["default", "one measure", "nothing chosen", "one downside", "two measures"])
def test_no_handout_reaches_a_patient_without_the_downsides(evidence, page, measures):
    pdf = patient_handout(evidence, evidence.figures, page, measures=measures)
    chosen = default_measures(evidence) if measures is None else measures
    assert_legible(pdf, cells(evidence, evidence.figures, [*chosen, *core_harms(evidence)]))
    assert_carries(pdf, downsides_text(evidence))
    assert_offers(pdf)


def test_the_one_measure_handout_prints_blood_loss_beside_the_downsides(evidence, tmp_path):
    """The surgeon who prints only blood loss hands over a sheet that still carries every downside."""
    pdf = patient_handout(evidence, evidence.figures, "A4", measures=["blood_loss"])
    text = assert_carries(pdf, [*cells(evidence, evidence.figures, ["blood_loss"]), *downsides_text(evidence)])
    assert_offers(pdf)
    by_metric = summaries_for(evidence, evidence.figures)
    for other in ("incision_length", "infection", "hospital_stay"):
        assert squeezed(by_metric[other].patient_label) not in text, other
    assert text.index(squeezed(handout.DOWNSIDES_HEADING)) < text.index(squeezed(by_metric["blood_loss"].patient_label))
    for png in render_pngs(pdf, tmp_path, "one-measure"):
        assert_not_blank(png)


def preset_page():
    import streamlit as st

    from components import handout as take_aways
    from evidence.load import SHIPPED_DATA, load_folder

    evidence = load_folder(SHIPPED_DATA)
    st.session_state.view = st.query_params.get("view", "glance")  # the view on screen, as the router sets it
    take_aways.buttons(evidence, evidence.figures, "surgeon")


@pytest.mark.parametrize("preset, wanted", [
    ("main", ["incision_length", "blood_loss", "infection", "opioid_use", "hospital_stay", "ambulation"]),
    ("discussed", ["infection", "blood_loss"]),  # in screen order
    ("all", ["incision_length", "muscle_damage", "same_day_discharge", "early_pain", "long_term_disability"]),
])
def test_each_preset_is_one_tap_and_its_handout_carries_the_downsides(evidence, monkeypatch, preset, wanted):
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.testing.v1 import AppTest

    builders = {}
    add_deferred = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        builders[file_name] = data_callable
        return add_deferred(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    app = AppTest.from_function(preset_page, default_timeout=60)
    for view in ("blood_loss", "infection", "xray_time"):  # what the surgeon opened with the patient
        app.query_params["view"] = view
        app.run()
    app.sidebar.multiselect(key="handout_measures").set_value(["early_pain"]).run()  # chips edited by hand
    app.sidebar.get("button_group")[0].set_value(preset).run()  # then one tap
    assert not app.exception
    chosen = app.sidebar.multiselect(key="handout_measures").value
    assert set(wanted) <= set(chosen) and not set(core_harms(evidence)) & set(chosen)
    if preset != "all":
        assert chosen == wanted
    pdf = builders["spine-fusion-handout-A4.pdf"]()
    assert_legible(pdf, cells(evidence, evidence.figures, [*chosen, *core_harms(evidence)]))
    text = assert_carries(pdf, [*cells(evidence, evidence.figures, wanted), *downsides_text(evidence)])
    assert_offers(pdf)
    if preset == "discussed":
        assert squeezed(summaries_for(evidence, evidence.figures)["hospital_stay"].patient_label) not in text
