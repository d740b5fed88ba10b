"""The patient handout carries what weeks 1, 2, 6 and 12 are like, in 11 pt or more, and stays one sheet; the
presenter hand-out has the recovery slide's page. Measured from the PDF with pypdf."""

import io
import re

import pytest
from pypdf import PdfReader

from evidence import recovery
from evidence.handout import patient_handout, presenter_handout
from evidence.load import SHIPPED_DATA, load_folder
from tests.layer.test_handout import MIN_BODY_PT, quotes, slide_pages, squeezed, text_of, type_sizes

EVIDENCE = load_folder(SHIPPED_DATA)


@pytest.mark.parametrize("page", ["A4", "Letter"])
@pytest.mark.parametrize("measures", [None, ["blood_loss"], ["infection", "hospital_stay", "fluoroscopy"]])
def test_the_weeks_after_surgery_print_in_legible_type_on_one_sheet(page, measures):
    pdf = patient_handout(EVIDENCE, EVIDENCE.figures, page, measures=measures)
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2
    text = text_of(pdf)
    weeks = recovery.digest(EVIDENCE)
    for week, words in weeks:
        assert squeezed(f"{week}:") in text and squeezed(words) in text, week
    wanted = squeezed(" ".join(words for _, words in weeks))
    runs = [(size, run) for size, run in type_sizes(pdf) if quotes(squeezed(run), wanted)]
    assert sum(len(squeezed(run)) for _, run in runs) >= 0.9 * len(wanted)
    assert min(size for size, _ in runs) >= MIN_BODY_PT, [r for r in runs if r[0] < MIN_BODY_PT][:3]
    raw = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    long_words = set(re.findall(r"[A-Za-z]{7,}", " ".join(words for _, words in weeks)))
    assert [word for word in long_words if word not in raw] == []  # no word broken over two lines


def test_the_presenter_hand_out_has_the_weeks_page():
    pdf = presenter_handout(EVIDENCE, EVIDENCE.figures, ["glance", recovery.RECOVERY_STEP])
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    starts = slide_pages(pdf)
    assert [title for title, _ in starts] == [starts[0][0], recovery.TITLE]
    weeks = squeezed(" ".join(pages[starts[1][1]:]))
    assert weeks.startswith(squeezed(recovery.TITLE))
    for week, words in recovery.digest(EVIDENCE):
        assert squeezed(words) in weeks, week
    assert "Scott2015" in weeks
