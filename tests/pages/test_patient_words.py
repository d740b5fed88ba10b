"""Patient mode explains every technical term where it shows it: each screen (every view, every tab, box and
chart opened through AppTest) and the patient handout (its PDF text read with pypdf) are scanned for jargon, and a
term passes only with its plain words beside it. The source article's quoted passages and the studies' own titles
are shown as printed, so they are left out of the scan."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader

from evidence.handout import patient_handout
from evidence.load import SHIPPED_DATA, load_folder
from tests.pages.conftest import COMPARISONS, open_app

EVIDENCE = load_folder(SHIPPED_DATA)
QUOTED = [*EVIDENCE.sources.title.dropna(), *EVIDENCE.passages.text]  # shown exactly as printed
WINDOW = 160  # characters either side of a term in which its plain words must stand

# term (regular expression) -> plain words that must stand beside it (regular expression)
JARGON = {
    r"\bodds ratios?\b": r"how the (odds|chances) compare|times as likely",
    r"\brisk ratios?\b|\brelative risk\b": r"how the (risks|chances) compare|times as likely",
    r"\bMME\b": r"milligrams of morphine|morphine milligram",
    r"\b0\s?(-|–|to)\s?100\b": r"daily life|no limits|limit",
    r"\bRCTs?\b": r"randomi[sz]ed|chance decide",
    r"\bretrospective\b": r"look(ed|ing)? back|records",
    r"\bprospective\b": r"follow(ed|ing)? (people|them|forward)|from the start",
    r"\bcohort\b": r"group|follow",
    r"\bmultifidus\b": r"muscle",
    r"\batrophy\b": r"shr[iu]nk",
    r"\bCSA\b": r"area of the muscle",
    r"\bMRI\b": r"scan",
    r"\bintra-?operative(ly)?\b": r"during (the )?(operation|surgery)",
    r"\bpost-?operative(ly)?\b": r"after (the )?(operation|surgery)",
    r"\bambulation\b": r"walk",
    r"\bVAS\b": r"pain score|0 to 10|0-10",
    r"\bODI\b": r"daily life",
    r"\bNRS\b": r"pain score|0 to 10|0-10",
    r"\bmeta-analys[ie]s\b": r"combin|pool",
    r"\b95% CI\b|\bconfidence intervals?\b": r"range",
}


def unglossed(text: str) -> list[str]:
    """Each jargon term in a text without its plain words within WINDOW characters, with what surrounds it."""
    found = []
    for term, gloss in JARGON.items():
        for hit in re.finditer(term, text, flags=re.IGNORECASE if term.islower() else 0):
            around = text[max(0, hit.start() - WINDOW): hit.end() + WINDOW]
            if not re.search(gloss, around, flags=re.IGNORECASE):
                found.append(f"{hit.group(0)!r} in …{text[max(0, hit.start() - 60): hit.end() + 60]}…")
    return found


def shown_as_printed(text: str) -> str:
    """A text without what is quoted as printed: the article's passages, the studies' titles and web addresses."""
    text = re.sub(r"https?://\S+", "", text)
    for quoted in QUOTED:
        text = text.replace(str(quoted).rstrip("."), "")
    return text


def chart_words(spec: str) -> list[str]:
    """The words a Plotly chart shows: titles, axis titles, legend names, annotations, tick labels and hover text."""
    figure = json.loads(spec)
    layout = figure.get("layout", {})
    words = [layout.get("title", {}).get("text", "")]
    words += [axis.get("title", {}).get("text", "") for key, axis in layout.items()
              if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict)]
    words += [note.get("text", "") for note in layout.get("annotations", [])]
    for trace in figure.get("data", []):
        words += [str(trace.get("name", "")), str(trace.get("hovertemplate", ""))]
        words += [str(t) for key in ("text", "customdata", "x", "y") for t in _flat(trace.get(key))
                  if isinstance(t, str)]
    return [w for w in words if w]


def _flat(value) -> list:
    if isinstance(value, list):
        return [item for part in value for item in _flat(part)]
    return [] if value is None else [value]


def screen_words(app) -> list[str]:
    """Everything an AppTest run put on screen as text: prose, tables (cells and headers) and charts."""
    words = [str(e.value) for kind in ("markdown", "title", "header", "subheader", "caption", "info", "warning",
                                       "error", "success") for e in app.get(kind)]
    for table in [*app.get("table"), *app.get("dataframe")]:
        frame = table.value
        frame = frame.reset_index() if frame.index.name else frame
        words += [" ".join(map(str, frame.columns)), *(" | ".join(map(str, row)) for row in frame.astype(str).values)]
    for chart in app.get("plotly_chart"):
        words += chart_words(chart.proto.spec)
    return words


def patient_screens() -> dict[str, list[str]]:
    """Every patient view with every box opened: comparisons with each tab (Chart, Table, Studies) and the 'why'
    boxes, the glance grid, what matters, the method page with each 'why each number' box, and the glossary."""
    shown: dict[str, list[str]] = {}
    metrics = EVIDENCE.metrics
    for view in ("glance", "matters", "source"):
        app = open_app("patient", view)
        app.session_state["glossary"] = True
        shown[view] = screen_words(app.run())
    method = open_app("patient", "method")
    for metric_id in metrics.metric_id:
        method.session_state[f"why_{metric_id}"] = True
    shown["method"] = screen_words(method.run())
    for comparison_id in COMPARISONS:
        ids = metrics[metrics.comparison_id == comparison_id].metric_id
        for tab in ("Chart", "Table", "Studies"):
            app = open_app("patient", comparison_id)
            app.session_state[f"words_{comparison_id}"] = True
            for metric_id in ids:
                app.session_state[f"tabs_{metric_id}"] = tab
                app.session_state[f"sure_{metric_id}"] = True
            shown[f"{comparison_id} ({tab})"] = screen_words(app.run())
    return shown


@pytest.fixture(scope="module")
def screens() -> dict[str, list[str]]:
    return patient_screens()


def test_the_scan_sees_every_kind_of_patient_text(screens):
    """The scan is not blind: it reads the grid, a chart title, a table of studies, the glossary and a 'why' box."""
    everything = "\n".join(text for texts in screens.values() for text in texts)
    summary_reason = EVIDENCE.appraisal.set_index("metric_id").main_reason["blood_loss"]
    for expected in ("What you may wonder", "Blood lost during surgery", "Studies", summary_reason,
                     str(EVIDENCE.glossary.definition.iloc[0])):
        assert expected.replace("\\", "") in everything.replace("\\", ""), expected
    assert any("Chart" in view for view in screens) and any(chart_words for chart_words in screens.values())


def test_the_scan_finds_a_bare_term_and_passes_a_glossed_one():
    assert unglossed("Pain fell by 2 points on the VAS.")
    assert unglossed("MME 255")
    assert not unglossed("255 MME (milligrams of morphine, or the same strength of another strong medicine)")
    assert not unglossed("a randomised controlled trial (RCT)")


@pytest.mark.parametrize("view", ["glance", "matters", "source", "method",
                                  *(f"{c} ({tab})" for c in COMPARISONS for tab in ("Chart", "Table", "Studies"))])
def test_patient_screens_explain_every_technical_term(screens, view):
    problems = [p for text in screens[view] for p in unglossed(shown_as_printed(text.replace("\\", "")))]
    assert not problems, f"{len(problems)} bare terms in patient view {view}:\n" + "\n".join(problems[:40])


def test_patient_handout_explains_every_technical_term():
    pdf = patient_handout(EVIDENCE, EVIDENCE.figures, "A4")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    problems = unglossed(shown_as_printed(" ".join(text.split())))
    assert not problems, f"{len(problems)} bare terms in the patient handout:\n" + "\n".join(problems)
