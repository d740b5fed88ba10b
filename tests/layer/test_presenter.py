"""Presenter take-aways as plain functions: slide addresses and their QR codes, speaker notes, the room copy of a
chart, and the presenter hand-out's notes and QR code (decoded with zxing-cpp as a phone would)."""

import io
import shutil
import subprocess

import pytest
import zxingcpp
from PIL import Image

from components.navigation import presenter_steps
from evidence import figures as charts
from evidence.handout import presenter_handout
from evidence.load import SHIPPED_DATA, load_folder
from evidence.notes import speaker_note
from evidence.qr import DEFAULT_PUBLIC_URL, phone_address, qr_png, view_address
from evidence.summary import summaries_for
from tests.layer.test_handout import pages, slide_pages, squeezed


@pytest.fixture(scope="module")
def evidence():
    return load_folder(SHIPPED_DATA)


def decoded(png: bytes) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_addresses_come_from_the_public_url(monkeypatch):
    monkeypatch.delenv("SPINE_PUBLIC_URL", raising=False)
    assert phone_address("glance") == f"{DEFAULT_PUBLIC_URL}/?mode=patient&view=glance"
    monkeypatch.setenv("SPINE_PUBLIC_URL", "https://spine.example.org/talks/")
    assert view_address("infection", "presenter", "infection") == \
        "https://spine.example.org/talks/?mode=presenter&view=infection&slide=infection"


def test_the_qr_code_decodes_to_the_address():
    address = view_address("infection", "presenter", "infection", base="https://spine.example.org")
    assert decoded(qr_png(address)) == [address]
    assert decoded(qr_png(address, scale=3)) == [address]


def test_speaker_notes_give_the_numbers_the_certainty_and_a_warning(evidence):
    for summary in summaries_for(evidence, evidence.figures).values():
        note = speaker_note(summary)
        assert summary.sentence.strip() in note and summary.certainty_reason in note
        assert f"How sure: {summary.certainty_words.split(':')[0].rstrip('.')}." in note
        assert "Do not over-claim:" in note
        assert ("give both sides" in note) == (summary.agreement == "disagree")
        assert len(note) < 1000, summary.metric_id  # one short paragraph


def test_every_room_chart_text_is_large_and_dark(evidence):
    summary = summaries_for(evidence, evidence.figures)["blood_loss"]
    room = charts.for_room(charts.summary_chart(summary)).to_dict()["layout"]
    for font in [room["font"], room["xaxis"]["tickfont"], room["yaxis"]["tickfont"], room["xaxis"]["title"]["font"]]:
        assert font["size"] >= charts.ROOM_FONT and font["color"] == charts.INK


def test_the_options_drawing_labels_are_short_lines():
    for annotation in charts.options_diagram().layout.annotations:
        lines = annotation.text.replace("<b>", "").replace("</b>", "").split("<br>")
        assert max(len(line) for line in lines) <= 11, lines


def test_presenter_handout_has_speaker_notes_on_every_page_and_a_qr_code_first(evidence, tmp_path, monkeypatch):
    monkeypatch.setenv("SPINE_PUBLIC_URL", "https://spine.example.org")
    steps = presenter_steps(evidence)[:3]
    pdf = presenter_handout(evidence, evidence.figures, steps)
    texts = [squeezed(text) for text in pages(pdf)]
    firsts = [page for _, page in slide_pages(pdf)]
    texts = ["".join(texts[first:end]) for first, end in zip(firsts, firsts[1:] + [len(texts)])]  # each slide's
    assert len(texts) == 3 and all("Speakernotes" in text for text in texts)
    by_metric = summaries_for(evidence, evidence.figures)
    for text, step in zip(texts[1:], steps[1:]):
        assert squeezed(speaker_note(by_metric[step])) in text
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is missing: apt-get install poppler-utils")
    (tmp_path / "p.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", "1", "-singlefile", str(tmp_path / "p.pdf"),
                    str(tmp_path / "first")], check=True)  # the first page, as a phone camera would see it
    assert decoded((tmp_path / "first.png").read_bytes()) == ["https://spine.example.org/?mode=patient&view=glance"]


def test_a_qr_code_at_this_computer_is_said_with_how_to_set_the_public_address(monkeypatch):
    from evidence.qr import local_address_note

    monkeypatch.delenv("SPINE_PUBLIC_URL", raising=False)
    note = local_address_note()
    assert DEFAULT_PUBLIC_URL in note and "SPINE_PUBLIC_URL=" in note
    assert local_address_note("http://127.0.0.1:8501") != ""
    monkeypatch.setenv("SPINE_PUBLIC_URL", "https://spine.example.org")
    assert local_address_note() == ""
