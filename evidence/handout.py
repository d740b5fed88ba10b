"""Printable take-aways as PDF bytes: a patient handout (one sheet, two pages at most) and a presenter hand-out (one
comparison a page).

Plain functions over the evidence tables, no Streamlit. Every number comes from evidence.summary, the functions
the screens use, so paper and screen cannot disagree. Charts are the screens' figure builders, exported as PNG by
evidence.export.chart_image (kaleido with Debian's Chromium) and cached by their JSON. The page reads in black and
white: open and MISS differ by shape (circle, diamond) and by name, never by colour alone.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from fpdf import FPDF, FontFace
import streamlit as st
from PIL import Image, ImageOps

from evidence import figures as charts
from evidence import reading
from evidence.balance import (
    ALWAYS_PRINTED,
    BOTH_LATER,
    CLOSING_NOTE,
    CLOSING_QUESTION,
    CLOSING_TITLE,
    DOWNSIDES_HEADING,
    OFFERS,
    OFFERS_SHORT,
    closing_sections,
    core_harms,
    is_downside,
)
from evidence.citations import evidence_searched, link
from evidence.export import chart_image
from evidence.filters import for_metric, passages_for
from evidence.load import BY_FINGERPRINT, Evidence, selection_of
from evidence.notes import OVERVIEW_NOTE, speaker_note
from evidence.qr import local_address_note, phone_address, qr_png
from evidence import recovery
from evidence.summary import Summary, grid, said, summaries_for
from evidence.wording import ARTICLE_LABEL, FUNDING, NOTICE, VERDICT_WORDS, count_words, short_name

APP_VERSION = "1.0.0"
PAGES = ("A4", "Letter")
DECISION = "If you and your surgeon have decided on fusion: open or minimally invasive?"
DECISION_NOTE = "Whether to have fusion at all is an earlier, separate decision."
SHAPES = ("Open = open surgery (one long cut), drawn as \u25cf circles. "
          "MISS = minimally invasive spine surgery (small cuts), drawn as \u25c6 diamonds.")
GENERAL_QUESTIONS = (
    "Which approach would you suggest for me, and why?",
    "How many of each kind of operation do you do in a year?",
)

FONT_DIR = Path(os.environ.get("SPINE_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}  # both in Debian's fonts-dejavu-core
LATIN1 = str.maketrans({
    "\u2014": "-", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "...",
    "\u2022": "-", "\u2265": ">=", "\u2264": "<=", "\u2212": "-", "\u25cf": "(circle)", "\u25c6": "(diamond)", "\u2192": "->",
})
BLACK, DARK, MID, LIGHT, LIGHTER = 0, 60, 150, 232, 244  # grey levels only: nothing on the page depends on colour
PT = 0.3528  # mm per point


# ---------------------------------------------------------------- chart images


@functools.lru_cache(maxsize=48)
def _png_from_json(figure_json: str, scale: float) -> bytes:
    return chart_image(pio.from_json(figure_json), "png", scale=scale)


def chart_png(figure: go.Figure, scale: float = 2) -> bytes | None:
    """The figure as PNG via evidence.export.chart_image, cached by its JSON, with its empty white border trimmed
    (paper has its own margins); None if it cannot be drawn here."""
    try:
        return _trimmed(_png_from_json(figure.to_json(), scale))
    except Exception:  # noqa: BLE001 - the handout still gives every number in words
        return None


@functools.lru_cache(maxsize=48)
def _trimmed(png: bytes, pad: int = 12) -> bytes:
    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
    ink = ImageOps.invert(rgb.convert("L")).point(lambda v: 255 if v > 8 else 0).getbbox()
    if ink is None:
        return png
    box = (max(ink[0] - pad, 0), max(ink[1] - pad, 0), min(ink[2] + pad, rgb.width), min(ink[3] + pad, rgb.height))
    out = io.BytesIO()
    rgb.crop(box).save(out, format="PNG", optimize=False)
    return out.getvalue()


@functools.lru_cache(maxsize=96)
def _aspect(png: bytes) -> float:
    with Image.open(io.BytesIO(png)) as image:
        return image.height / image.width


def _for_print(figure: go.Figure, width: int) -> go.Figure:
    """A copy for paper: the builder's plot at a given width with the plot area's height kept, margins just big
    enough for the title, legend and axis titles, no source caption (the PDF prints it below in legible type) and
    labels never clipped at the plot's edge."""
    fig = go.Figure(figure)
    layout = fig.layout
    fig.layout.annotations = [a for a in layout.annotations if a.text and a.text.strip()]
    legend = layout.showlegend is not False and any(t.showlegend is not False for t in fig.data) and len(fig.data) > 1
    x_title = layout.xaxis.visible is not False and bool(layout.xaxis.title.text)
    top, bottom = 52 + (34 if legend else 0), 14 + (62 if x_title else 0)
    plot_height = (layout.height or 450) - (layout.margin.t or 0) - (layout.margin.b or 0)
    fig.update_layout(width=width, height=max(plot_height, 120) + top + bottom,
                      margin=dict(l=10, r=30, t=top, b=bottom))
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    fig.update_traces(cliponaxis=False, selector=dict(type="scatter"))
    return fig


def _pad_categories(fig: go.Figure, count: int) -> None:
    """Room above the first and below the last row for the point labels (the category axis runs top down)."""
    fig.update_yaxes(autorange=False, range=[count - 1 + 0.55, -0.55])


@dataclass
class _Chart:
    title: str
    png: bytes | None
    caption: str = ""
    words: str = ""


def _metric(evidence: Evidence, metric_id: str) -> pd.Series:
    return evidence.metrics.set_index("metric_id").loc[metric_id].rename(metric_id)


def _risk_chart(summary: Summary, width: int = 0, large_type: bool = False) -> _Chart:
    """A risk's icon array drawn for paper (figures.icon_blocks: blocks of 100, icons apart, labels inside the
    picture), with the summary's denominator: filled icons are people. Its type is 11 pt or more at 85 mm wide
    (width and large_type are kept for the callers; the print drawing has one size)."""
    if not summary.icons:
        return _Chart(summary.patient_label, None, words=said(summary))
    caption = f"{summary.basis} Certainty: {summary.certainty or 'not rated'}."
    return _Chart(summary.patient_label, chart_png(charts.icon_blocks(summary), scale=1.5), caption,
                  summary.sentence)


def _summary_chart(summary: Summary, width: int, large_type: bool = False) -> _Chart | None:
    """A continuous measure's summary chart, as on the slides: typical open value and the value with MISS (large_type:
    as in _risk_chart)."""
    if summary.open_value is None or summary.miss_value is None:
        return None
    figure = charts.summary_chart(summary)
    figure = _for_print(charts.for_room(figure, height=300) if large_type else figure, width)
    _pad_categories(figure, 2)
    return _Chart(summary.patient_label, chart_png(figure), f"{summary.basis} Certainty: {summary.certainty}.",
                  summary.sentence)


def _dumbbell_chart(evidence: Evidence, figures: pd.DataFrame, metric: pd.Series, width: int) -> _Chart | None:
    rows = for_metric(figures, metric.name)
    paired = rows[rows.open_value.notna() & rows.miss_value.notna()]
    if paired.empty:
        return None
    drawn = charts.one_unit(paired)
    figure = _for_print(charts.dumbbell(rows, metric, evidence.sources), width)
    caption = (f"Sources: {_source_names(evidence, drawn.source_id)}. Each row is one study; "
               "bars show its spread where printed.")
    return _Chart(metric.label, chart_png(figure), caption)


# ---------------------------------------------------------------- citations


def _short_citation(source: pd.Series) -> str:
    """'Araghi 2025. HSS Journal. https://doi.org/10.1177/…' (or the PubMed page where there is no DOI)."""
    return f"{short_name(source)}. {str(source.journal).rstrip('.')}. {link(source)}"


def _source_names(evidence: Evidence, source_ids) -> str:
    table = evidence.sources.set_index("source_id")
    return ", ".join(dict.fromkeys(short_name(table.loc[s]) for s in source_ids if s in table.index))


def _sources_behind(evidence: Evidence, figures: pd.DataFrame, metric_ids) -> list[str]:
    """Source ids behind the summaries of these metrics (the numbers printed), in order of first use."""
    by_metric = summaries_for(evidence, figures)
    return list(dict.fromkeys(s for m in metric_ids if m in by_metric for s in by_metric[m].source_ids))


def cited_sources(evidence: Evidence, figures: pd.DataFrame, metric_ids=None) -> pd.DataFrame:
    """The sources the patient handout cites: those behind the numbers of these measures (default: all)."""
    ids = _sources_behind(evidence, figures, evidence.metrics.metric_id if metric_ids is None else metric_ids)
    return evidence.sources.set_index("source_id").loc[ids].reset_index()


def grid_table(evidence: Evidence, figures: pd.DataFrame, mode: str) -> pd.DataFrame:
    """The app's option grid for a mode (summary.grid: the very cells shown on screen), with the comparison in
    front to group the rows when the mode's own grid leaves it out."""
    by_metric = summaries_for(evidence, figures)
    table = grid(evidence, by_metric, mode)
    if "Comparison" not in table.columns:
        table = pd.concat([grid(evidence, by_metric, "surgeon")[["Comparison"]], table], axis=1)
    return table


# ---------------------------------------------------------------- the PDF document


class _Doc(FPDF):
    """FPDF with our font (DejaVu Sans if installed, else Helvetica with text made Latin-1) and layout helpers.
    With draw_images False images only take their room: used to try a layout before drawing it for real."""

    def __init__(self, page: str, orientation: str = "portrait", margin: float = 10, draw_images: bool = True):
        super().__init__(orientation=orientation, unit="mm", format=page)
        self.set_margins(margin, margin, margin)
        self.set_auto_page_break(False)
        self.c_margin = 0  # text starts where lines, boxes and images start (table cells have their own padding)
        self.draw_images = draw_images
        self.unicode = all((FONT_DIR / name).is_file() for name in FONT_FILES.values())
        if self.unicode:
            for style, name in FONT_FILES.items():
                self.add_font("DejaVu", style, str(FONT_DIR / name))
        self.family_name = "DejaVu" if self.unicode else "Helvetica"
        self.set_lang("en")
        self.set_creator("Spine Fusion Compare")
        self.set_author("Spine Fusion Compare")
        self.set_subject(DECISION)
        self.set_text_color(BLACK)
        self.set_draw_color(DARK)
        self.leading = 1.22  # line height over type size (block, height, rich)
        self.running_footer = ""  # printed at the foot of every page when set: '{page}' is the page's number

    def footer(self) -> None:
        if self.running_footer:
            self.set_y(-11)
            self.use(9)
            self.cell(0, 5, self.txt(self.running_footer.format(page=self.page_no(), nb="{nb}")), align="C")

    def txt(self, text: object) -> str:
        text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
        if self.unicode:  # a character the font lacks becomes '?' (fpdf2 would log it: notes are never logged)
            glyphs = self.fonts["dejavu"].cmap
            return "".join(ch if ord(ch) in glyphs or ch == "\n" else "?" for ch in text)
        return text.translate(LATIN1).encode("latin-1", "replace").decode("latin-1")

    def use(self, size: float, bold: bool = False) -> None:
        self.set_font(self.family_name, "B" if bold else "", size)

    def block(self, x: float, w: float, text: str, size: float, bold: bool = False, gap: float = 0.4) -> float:
        """A wrapped paragraph at (x, current y) in a column of width w; returns the new y."""
        self.use(size, bold)
        self.set_xy(x, self.y)
        self.multi_cell(w, size * PT * self.leading, self.txt(text), align="L", new_x="LEFT", new_y="NEXT")
        self.set_y(self.y + gap)
        return self.y

    def height(self, w: float, text: str, size: float, bold: bool = False) -> float:
        """How tall block() would make this paragraph."""
        self.use(size, bold)
        lines = self.multi_cell(w, size * PT * self.leading, self.txt(text), dry_run=True, output="LINES")
        return len(lines) * size * PT * self.leading

    def rich(self, x: float, w: float, parts: list[tuple[str, bool]], size: float, gap: float = 0.4) -> float:
        """Inline runs of (text, bold) wrapped in the column [x, x + w]; returns the new y."""
        left, right = self.l_margin, self.r_margin
        line = self.leading
        self.set_left_margin(x)
        self.set_right_margin(self.w - x - w)
        self.set_xy(x, self.y)
        for text, bold in parts:
            self.use(size, bold)
            text = self.txt(text)
            first = self.get_string_width(text.split(" ", 1)[0])  # fpdf would break a run's first word that
            if self.get_x() > x + 0.01 and self.get_x() + first > self.w - self.r_margin:  # does not fit: it moves
                self.ln(size * PT * line)  # to the next line whole
            self.write(size * PT * line, text)
        self.ln(size * PT * line + gap)
        self.set_left_margin(left)
        self.set_right_margin(right)
        return self.y

    def rule(self, x: float, w: float, step: float) -> None:
        """A writing line, one step below the current y."""
        self.set_draw_color(MID)
        self.line(x, self.y + step * 0.8, x + w, self.y + step * 0.8)
        self.set_draw_color(DARK)
        self.set_y(self.y + step)

    def picture(self, png: bytes, x: float, y: float, w: float, h: float, alt: str) -> tuple[float, float]:
        """The image fitted into the box (w, h), centred horizontally; returns its (width, height)."""
        ratio = _aspect(png)
        width = min(w, h / ratio)
        if self.draw_images:
            self.image(io.BytesIO(png), x=x + (w - width) / 2, y=y, w=width, h=width * ratio, alt_text=self.txt(alt))
        return width, width * ratio


def _fit(total: float, widths: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(w * total / sum(widths) for w in widths)


def _widths(pdf: _Doc, table: pd.DataFrame, total: float, size: float) -> tuple[float, ...]:
    """Column widths in proportion to each column's typical text, but never narrower than its longest word."""
    pdf.use(size, bold=True)
    weights, floors = [], []
    for column in table.columns:
        texts = [str(column), *(str(value) for value in table[column])]
        lengths = sorted(len(text) for text in texts)
        weights.append(min(max(lengths[int(len(lengths) * 0.85)], 0.65 * lengths[-1], 10), 60))
        floors.append(max(pdf.get_string_width(pdf.txt(word)) for text in texts for word in text.split() or [""]) + 2.2)
    widths = list(_fit(total, tuple(weights)))
    for _ in range(3):  # lift the columns below their floor, take the room from the others in proportion
        short = [i for i, w in enumerate(widths) if w < floors[i]]
        if not short:
            break
        for i in short:
            widths[i] = floors[i]
        free = [i for i in range(len(widths)) if i not in short]
        room = total - sum(widths[i] for i in short)
        share = sum(weights[i] for i in free)
        for i in free:
            widths[i] = room * weights[i] / share
    return tuple(widths)


# ---------------------------------------------------------------- patient handout


NOTES_MAX = 600  # characters of a surgeon's notes
TITLE, HEADING, BODY, TABLE, SMALL = 18, 14, 12, 11, 10  # points; SMALL: captions and sources (running footer: 9)
CHART_ROOM = 100  # mm the charts take with their titles and sources
DRAWING = (32, 440, 560)  # the options drawing for print: text size, height and width in px
DRAWING_WIDTH, DRAWING_HEIGHT = 52, 56  # mm the drawing takes beside the introduction at most
CHARTS_BEFORE = "sentences"  # the charts print only if this step and those after it need not give way
MAX_CHARTS = 2  # the first chosen measures with a chart of their summary (an icon array or open against MISS)
STEPS = (  # what gives way, least essential first, one step more each time the content does not fit on one sheet
    "charts",  # the charts of the first chosen measures (their numbers are in the grid)
    "lines",  # blank lines to write on under 'What matters to me' and the questions; the notes keep two
    "agreement",  # 'About these numbers': how many studies agree, measure by measure, gives way to a pointer to the app
    "recovery",  # the weeks after surgery run together in one paragraph, without their own heading
    "sentences",  # each marked factor's numbers in words: only its name, grouped by how much it matters
    "header",  # the name and date lines and the line under the decision (the decision itself stays)
    "citations",  # the sources' DOIs: a pointer to the app's list
    "grid",  # the table: every measure as a paragraph
    "12 pt",  # body type 12 pt: 11 pt
    "spacing",  # lines closer (1.12 instead of 1.22 the type size), margins 10 mm instead of 12
    "weeks",  # the weeks after surgery: a pointer to the app's Recovery page
    "introduction",  # one paragraph: what each operation is, the steps to use the sheet, the ranges; no drawing, no
    # 'About these numbers'
    "questions",  # one question a line: the questions run on as one numbered paragraph
    "sources",  # the sources' heading: 'every study is in the app' joins the closing line
    "few questions",  # the first FEW_QUESTIONS questions print, then how many more the app lists
)
FEW_QUESTIONS = 5


@dataclass
class _PatientContent:
    benefits: list[Summary]  # the chosen measures but the downsides
    downsides: list[Summary]  # every downside (balance.core_harms), whatever was chosen
    downsides_title: str
    charts: list[_Chart]  # drawn only when there is room for them (see patient_handout)
    marked: list[tuple[str, str, str]]  # (label, level, sentence) for each factor the patient marked
    questions: list[str]
    notes: str
    citations: str
    decision: list[tuple[str, str]]  # 'Where I stand' lines (bold lead, text) from evidence.decision
    selection: str
    end: str
    recovery: list[tuple[str, str]] = field(default_factory=list)  # ('Week 1', what it is like), evidence.recovery
    drawing: bytes | None = None  # the two operations drawn (figures.options_diagram), None where it cannot be drawn
    tallies: list[tuple[str, str]] = field(default_factory=list)  # reading.tallies of the printed measures


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=BY_FINGERPRINT)
def default_measures(evidence: Evidence) -> list[str]:
    """The measures printed unless a surgeon picks others: the first of each comparison of benefits (incision, blood
    loss, infection, pain medication, hospital stay, recovery) and every downside (balance.core_harms)."""
    metrics = evidence.metrics
    first = metrics.order == metrics.groupby("comparison_id").order.transform("min")
    core = core_harms(evidence)
    return list(metrics[first | metrics.metric_id.isin(core)].metric_id)


def patient_handout(evidence: Evidence, figures: pd.DataFrame, page: str = "A4", choices: dict[str, str] | None = None,
                    questions: list[str] | None = None, version: str = APP_VERSION, measures: list[str] | None = None,
                    notes: str = "", decision: list[tuple[str, str]] | None = None) -> bytes:
    """One sheet to take home, two pages at most, body type 12 pt (the grid 11 pt, sources 10 pt): the decision,
    the chosen measures with open and MISS side by side, the trade-offs, the infection and hospital-stay charts,
    what matters to the patient and their questions, the surgeon's notes (or lines to write them on), the sources
    behind the printed numbers, the date the evidence was searched, version, date made, funding and the notice.
    What does not fit gives way step by step (STEPS), never the type: body 11 pt at the least, nothing under 9 pt.

    figures: the figures shown (filtered in surgeon mode). page: "A4" or "Letter".
    choices: metric_id -> how much it matters, only for the factors the patient marked.
    questions: questions to ask, most important first (components.matters.questions(choices) makes them).
    measures: metric ids to print (default_measures). notes: the surgeon's notes, at most NOTES_MAX characters.
    decision: 'Where I stand' (evidence.decision.handout_lines): leaning, trade-offs, knowledge score, SURE test.
    Every downside prints whatever is chosen (core_harms).
    """
    if page not in PAGES:
        raise ValueError(f"page must be one of {PAGES}, not {page!r}")
    if len(notes) > NOTES_MAX:
        raise ValueError(f"notes are limited to {NOTES_MAX} characters")
    by_metric = summaries_for(evidence, figures)
    measures = default_measures(evidence) if measures is None else measures
    unknown = set(measures) - set(by_metric)
    if unknown:
        raise ValueError(f"unknown measures: {sorted(unknown)}")
    core = set(core_harms(evidence))
    chosen = {m: s for m, s in by_metric.items() if m in measures or m in core}  # in screen order
    benefits = {m: s for m, s in chosen.items() if not is_downside(s)}
    sources = cited_sources(evidence, figures, list(chosen))
    today = dt.date.today().isoformat()
    content = _PatientContent(
        benefits=list(benefits.values()),
        downsides=[s for s in chosen.values() if is_downside(s)],
        downsides_title=DOWNSIDES_HEADING,
        charts=[],
        marked=[(by_metric[m].patient_label, str(level).lower(), by_metric[m].sentence)
                for m, level in (choices or {}).items() if m in by_metric],
        questions=list(dict.fromkeys([*(questions or []), *GENERAL_QUESTIONS])),
        notes=notes.strip(),
        decision=list(decision or []),
        citations="; ".join(f"{short_name(s)}, doi {s.doi}" if isinstance(s.doi, str) else
                            f"{short_name(s)}, {str(s.journal).split(' (')[0]}" for _, s in sources.iterrows()),
        selection=_selection_note(evidence, figures),
        recovery=recovery.digest(evidence),
        end=(f"Evidence last searched: {evidence_searched(evidence)}. Spine Fusion Compare, version {version}. "
             f"Handout made on {today}. {FUNDING}"),
    )
    _reading_aids(content)
    footer = f"Spine Fusion Compare, version {version}, made on {today}. Page {{page}} of {{nb}}"
    for step in range(1, len(STEPS) + 1):  # first without the charts: they are exported only if they may fit
        pdf = _patient_doc(page, content, STEPS[:step], footer)
        if pdf.pages_count <= 2:
            break
    if step == 1 and (pdf.pages_count == 1 or pdf.y + CHART_ROOM < pdf.page_break_trigger):
        drawn = ((s, _risk_chart(s, 560, large_type=True) if s.icons else _summary_chart(s, 560, large_type=True))
                 for s in chosen.values())
        content.charts = [_Chart(reading.chart_title(s), c.png, c.caption, c.words)  # titles in plain words
                          for s, c in drawn if c is not None and c.png][:MAX_CHARTS]
        giving_way = STEPS[1:STEPS.index(CHARTS_BEFORE)]  # the charts may take the room of these
        for count in range(len(giving_way) + 1 if content.charts else 0):
            with_charts = _patient_doc(page, content, giving_way[:count], footer)
            if with_charts.pages_count <= 2:
                pdf = with_charts
                break
    return bytes(pdf.output())


def _patient_doc(page: str, content: _PatientContent, leave_out: tuple[str, ...], footer: str) -> _Doc:
    pdf = _Doc(page, margin=10 if "spacing" in leave_out else 12)
    pdf.leading = 1.12 if "spacing" in leave_out else pdf.leading
    pdf.set_auto_page_break(True, margin=14)
    pdf.running_footer = footer
    _patient_pages(pdf, content, leave_out)
    return pdf


def _selection_note(evidence: Evidence, figures: pd.DataFrame) -> str:
    if len(figures) >= len(evidence.figures):
        return ""
    return (f"The numbers come from a selection of the studies made during your visit "
            f"({len(figures)} of {len(evidence.figures)} results).")


def _patient_pages(pdf: _Doc, content: _PatientContent, leave_out: tuple[str, ...]) -> None:
    """The handout in reading order, flowing from page to page, without the parts named in leave_out (STEPS)."""
    pdf.set_title("Open or minimally invasive spine fusion? Patient handout")
    pdf.add_page()
    x, width = pdf.l_margin, pdf.epw
    body = TABLE if "12 pt" in leave_out else BODY
    lines = 0 if "lines" in leave_out else 2
    pdf.block(x, width, "Open or minimally invasive spine fusion?", TITLE, bold=True, gap=1)
    pdf.block(x, width, DECISION, body, bold=True, gap=0.5 if "header" not in leave_out else 2)
    if "header" not in leave_out:
        pdf.block(x, width, f"{DECISION_NOTE} {content.selection}".strip(), body, gap=2)
        pdf.use(body)
        for label in ("Name:", "Date of visit:"):
            pdf.cell(width / 2 - 4, 7, pdf.txt(label), border="B")
            pdf.set_x(pdf.get_x() + 8)
        pdf.ln(9)
    elif content.selection:
        pdf.block(x, width, content.selection, body, gap=2)
    _introduction(pdf, content, body, leave_out)
    _how_to_use(pdf, body, leave_out)
    _reading_numbers(pdf, leave_out)

    _offers(pdf, TABLE, short="header" in leave_out)
    if content.downsides:  # the risks and downsides first, as in the app
        _heading(pdf, content.downsides_title)
        if "header" not in leave_out:
            pdf.block(x, width, ALWAYS_PRINTED, SMALL, gap=1)
        _paragraphs(pdf, content.downsides)
        pdf.ln(2)
    if content.benefits:
        _heading(pdf, "The comparisons side by side")
        if "header" not in leave_out:
            pdf.block(x, width, "Typical results from the studies, the same as in the app.", body, gap=2)
        if "grid" in leave_out:
            _paragraphs(pdf, content.benefits)
        else:
            _measure_grid(pdf, content.benefits)
        pdf.ln(4)
    if content.charts and "charts" not in leave_out:
        _charts(pdf, content.charts)
    _recovery_weeks(pdf, content.recovery, leave_out)

    _heading(pdf, "What matters to me")
    if not content.marked:
        pdf.block(x, width, "Nothing marked in the app yet ('What matters to me'). Write it here:", body, gap=1)
        _lines(pdf, lines)
    elif "sentences" in leave_out:
        for level in dict.fromkeys(level for _, level, _ in content.marked):
            labels = ", ".join(label for label, marked, _ in content.marked if marked == level)
            pdf.rich(x, width, [(f"{level.capitalize()}: ", True), (f"{labels}.", False)], body, gap=1)
    else:
        for label, level, sentence in content.marked:
            pdf.rich(x, width, [(f"{label} ({level}). ", True), (sentence, False)], body, gap=1)
    pdf.ln(2)
    _where_i_stand(pdf, content.decision, body, compact="sentences" in leave_out)
    _heading(pdf, "Questions to ask my surgeon")
    if "questions" in leave_out:
        printed = content.questions[:FEW_QUESTIONS] if "few questions" in leave_out else content.questions
        runs = [run for number, question in enumerate(printed, start=1)
                for run in ((f"{number}. ", True), (f"{question} ", False))]
        more = len(content.questions) - len(printed)
        if more:
            runs.append((f"{count_words(more)} more in the app: What matters to me.", False))
        pdf.rich(x, width, runs, body, gap=0.6)
    else:
        for number, question in enumerate(content.questions, start=1):
            pdf.rich(x, width, [(f"{number}. ", True), (question, False)], body, gap=0.6)
    _lines(pdf, lines)
    pdf.ln(2)

    _heading(pdf, "Notes from my surgeon")
    if content.notes:
        pdf.block(x, width, content.notes, body, gap=3)
    else:
        pdf.block(x, width, "For example: which approach, why, and what happens next.", body, gap=1)
        _lines(pdf, 4 if "lines" not in leave_out else 2)
        pdf.ln(3)

    _about_these_numbers(pdf, content, leave_out)
    if "sources" in leave_out:
        pdf.block(x, width, NOTICE, body, bold=True, gap=1)
        pdf.block(x, width, f"Every study behind these numbers is listed in the app, with its DOI. {content.end}",
                  SMALL, gap=0)
        return
    _heading(pdf, "Sources of the numbers above", size=body)
    if "citations" in leave_out or not content.citations:
        pdf.block(x, width, "Every study is listed in the app, with its DOI.", SMALL, gap=2)
    else:
        pdf.block(x, width, f"{content.citations}. Every study is listed in the app.", SMALL, gap=2)
    pdf.block(x, width, NOTICE, body, bold=True, gap=1)
    pdf.block(x, width, content.end, SMALL, gap=0)


def _where_i_stand(pdf: _Doc, lines: list[tuple[str, str]], body: float, compact: bool = False) -> None:
    """The patient's own answers from 'Ready to decide' (leaning, trade-offs, knowledge score, SURE answers and what
    to talk through), when there are any;
    compact (with the 'sentences' step): one paragraph under 'What matters to me', without a heading of its own."""
    if not lines:
        return
    if compact:
        runs = [run for lead, text in lines for run in ((lead, True), (f"{text.rstrip('.')}. ", False))]
        pdf.rich(pdf.l_margin, pdf.epw, runs, body, gap=2)
        return
    _heading(pdf, "Where I stand")
    for lead, text in lines:
        pdf.rich(pdf.l_margin, pdf.epw, [(lead, True), (text, False)], body, gap=0.6)
    pdf.ln(2)


def _recovery_weeks(pdf: _Doc, weeks: list[tuple[str, str]], leave_out: tuple[str, ...]) -> None:
    """What weeks 1, 2, 6 and 12 are like after either operation (evidence.recovery's digest) in grid type: under
    a heading, one week a line; when room is short ('recovery' in STEPS), run together in one paragraph."""
    if not weeks:
        return
    lead = "What the weeks after surgery are like"
    tail = f"{recovery.BOTH} More in the app: Recovery."
    if "weeks" in leave_out:
        pdf.rich(pdf.l_margin, pdf.epw, [(f"{lead}: ", True), ("see the app, Recovery.", False)], TABLE, gap=3)
        return
    if "recovery" in leave_out:
        # each run starts with its space, so that a run beginning at the end of a line wraps there, never mid-word
        runs = [run for week, text in weeks for run in ((f" {week}:", True), (f" {text}", False))]
        parts = [(f"{lead}.", True), *runs]
        pdf.rich(pdf.l_margin, pdf.epw, [*parts, (" Your surgeon's instructions come first.", False)], TABLE, gap=3)
        return
    _heading(pdf, lead)
    for week, text in weeks:
        pdf.rich(pdf.l_margin, pdf.epw, [(f"{week}: ", True), (text, False)], TABLE, gap=0.8)
    pdf.block(pdf.l_margin, pdf.epw, tail, TABLE, gap=3)


def _offers(pdf: _Doc, size: float, short: bool = False) -> None:
    """What open surgery offers, then what MISS offers, in the same form and type: a paragraph each, or (short) one
    paragraph of a few words each and what is the same for both, as on the overview slide."""
    if not short:
        for heading, points in OFFERS.items():
            pdf.rich(pdf.l_margin, pdf.epw, [(f"{heading}: ", True), (" ".join(points), False)], size, gap=0.6)
    else:
        parts = [part for heading, points in OFFERS_SHORT.items()
                 for part in ((f"{heading}: ", True), ("; ".join(points) + ". ", False))]
        pdf.rich(pdf.l_margin, pdf.epw, [*parts, (BOTH_LATER, False)], size, gap=0.6)
    pdf.ln(1.5)


def _measure_grid(pdf: _Doc, summaries: list[Summary]) -> None:
    """The measures as a table: each measure's name and how sure we are on a shaded row above its numbers, open and
    MISS side by side (one value each, numbers in bold), then the rest of what its cells say on a row of its own
    (what the studies found is under 'About these numbers')."""
    plain, bold = FontFace(size_pt=TABLE), FontFace(emphasis="BOLD", size_pt=TABLE)
    pdf.use(TABLE)
    with pdf.table(col_widths=(50, 50), text_align="LEFT", line_height=TABLE * PT * 1.2, padding=(0.6, 1.2),
                   headings_style=FontFace(emphasis="BOLD", size_pt=TABLE, fill_color=LIGHT), v_align="TOP",
                   repeat_headings=1) as rows:
        rows.row(["Open", "MISS"])
        for summary in summaries:
            rows.row().cell(pdf.txt(f"{summary.patient_label} (how sure we are: {_sure(summary)})"), colspan=2,
                            style=FontFace(emphasis="BOLD", size_pt=TABLE, fill_color=LIGHTER))
            cells = rows.row()
            for text in (summary.open_first, summary.miss_first):
                cells.cell(pdf.txt(text), style=bold if any(ch.isdigit() for ch in text) else plain)
            if summary.more_plain:
                rows.row().cell(pdf.txt(summary.more_plain), colspan=2, style=plain)


def _sure(summary: Summary) -> str:
    """'very low': how sure we are, in the words every output uses, without the explanation."""
    return summary.certainty_words.split(":")[0].lower().rstrip(".")


def _paragraphs(pdf: _Doc, summaries: list[Summary]) -> None:
    """Measures as paragraphs, in the grid's words: the trade-offs, and every measure when the grid gives way. How
    many studies agree is under 'About these numbers' (_about_these_numbers), not here."""
    for summary in summaries:
        more = f"{summary.more_plain} " if summary.more_plain else ""
        pdf.rich(pdf.l_margin, pdf.epw, [(f"{summary.patient_label}. ", True),
                                         (f"Open: {summary.open_first}. MISS: {summary.miss_first}. {more}"
                                          f"How sure we are: {_sure(summary)}.", False)], TABLE, gap=1)


def _reading_aids(content: _PatientContent) -> None:
    """What helps a patient read the sheet (evidence.reading): the drawing of the two operations and the study
    tallies of the printed measures, for the 'About these numbers' layer."""
    content.drawing = chart_png(charts.options_diagram(*DRAWING))
    content.tallies = reading.tallies([*content.downsides, *content.benefits])


def _introduction(pdf: _Doc, content: _PatientContent, body: float, leave_out: tuple[str, ...]) -> None:
    """Before any number: what the sheet is for, what fusion is, what each operation is in plain words (MISS spelled
    out), beside a drawing of where the cuts are made; when short of room, what each operation is in one line."""
    x, width = pdf.l_margin, pdf.epw
    if "introduction" in leave_out:  # one paragraph: the operations, the steps, the ranges
        parts = [part for name, what in reading.INTRODUCTION_SHORT for part in ((name, True), (what, False))]
        pdf.rich(x, width, parts, TABLE, gap=2)
        return
    _heading(pdf, "The two operations")
    picture = DRAWING_WIDTH if content.drawing else 0
    text_w = width - picture - (6 if picture else 0)
    pdf.block(x, width, reading.PURPOSE, body, bold=True, gap=1)
    top = pdf.y
    pdf.block(x, text_w, reading.WHAT_FUSION_IS, body, gap=1)
    for name, what in reading.OPERATIONS:
        pdf.rich(x, text_w, [(f"{name}: ", True), (what, False)], body, gap=1)
    if content.drawing:
        end = pdf.y
        _, height = pdf.picture(content.drawing, x + text_w + 6, top, picture, DRAWING_HEIGHT,
                                alt=f"Drawing: {reading.DRAWING_CAPTION}")
        pdf.set_y(top + height + 1)
        pdf.block(x + text_w + 6, picture, reading.DRAWING_TITLE, SMALL, gap=0)
        pdf.set_y(max(pdf.y, end))
    pdf.ln(1)


def _how_to_use(pdf: _Doc, body: float, leave_out: tuple[str, ...]) -> None:
    """The steps to use the sheet (read, mark, circle, bring), numbered, in a box (in the introduction's paragraph
    when short of room)."""
    x, width, pad, gap = pdf.l_margin, pdf.epw, 2.5, 6
    if "introduction" in leave_out:  # in the introduction's paragraph
        return
    steps = [(f"{number}. ", step) for number, step in enumerate(reading.HOW_TO_USE, start=1)]
    half = (len(steps) + 1) // 2
    column = (width - 2 * pad - gap) / 2
    needed = pdf.height(column, reading.HOW_TO_USE_TITLE, body, bold=True) + 2 * pad + max(
        sum(pdf.height(column, f"{n}{step}", body) + 0.6 for n, step in part) for part in (steps[:half], steps[half:]))
    if pdf.will_page_break(needed):
        pdf.add_page()
    top = pdf.y
    pdf.set_y(top + pad)
    pdf.block(x + pad, width - 2 * pad, reading.HOW_TO_USE_TITLE, body, bold=True, gap=0.8)
    first, bottom = pdf.y, pdf.y
    for index, part in enumerate((steps[:half], steps[half:])):  # steps 1-2 on the left, 3-4 on the right
        pdf.set_y(first)
        for number, step in part:
            pdf.rich(x + pad + index * (column + gap), column, [(number, True), (step, False)], body, gap=0.6)
        bottom = max(bottom, pdf.y)
    pdf.set_y(bottom)
    pdf.set_draw_color(DARK)
    pdf.set_line_width(0.5)
    pdf.rect(x, top, width, pdf.y - top + pad - 0.6)
    pdf.set_line_width(0.2)
    pdf.set_y(pdf.y + pad + 2)


def _reading_numbers(pdf: _Doc, leave_out: tuple[str, ...]) -> None:
    """How to read the numbers, once, before the first of them: the one denominator, a range in brackets, how sure
    (the ranges alone, in the introduction's paragraph, when short of room)."""
    if "introduction" in leave_out:
        return
    pdf.rich(pdf.l_margin, pdf.epw, [("Reading the numbers: ", True), (reading.READING_NUMBERS, False)], TABLE, gap=2)


def _about_these_numbers(pdf: _Doc, content: _PatientContent, leave_out: tuple[str, ...]) -> None:
    """The second layer: how many studies compared the two on each printed measure and what they found (the tallies
    stay out of the first layer); a pointer to the app when they give way."""
    if not content.tallies or "introduction" in leave_out:
        return
    if "agreement" in leave_out:
        pdf.rich(pdf.l_margin, pdf.epw, [(f"{reading.ABOUT_TITLE}: ", True), (reading.ABOUT_POINTER, False)], TABLE,
                 gap=2)
        return
    _heading(pdf, reading.ABOUT_TITLE, size=BODY)
    pdf.block(pdf.l_margin, pdf.epw, reading.ABOUT_INTRO, TABLE, gap=0.6)
    pdf.rich(pdf.l_margin, pdf.epw, [part for label, words in content.tallies
                                     for part in ((f"{label}: ", True), (f"{words} ", False))], TABLE, gap=2)


def _heading(pdf: _Doc, text: str, size: float = HEADING) -> None:
    """A heading, moved to the next page when less than three lines would follow it on this one."""
    if pdf.will_page_break(size * PT * 1.22 + 3 * BODY * PT * 1.22):
        pdf.add_page()
    pdf.block(pdf.l_margin, pdf.epw, text, size, bold=True, gap=1)


def _lines(pdf: _Doc, count: int) -> None:
    """Blank lines to write on."""
    for _ in range(count):
        if pdf.will_page_break(8):
            pdf.add_page()
        pdf.rule(pdf.l_margin, pdf.epw, 8)


def _charts(pdf: _Doc, charts: list[_Chart], box: float = 75, gap: float = 8) -> None:
    """The charts side by side, each under its title with its source below in small type."""
    width = (pdf.epw - gap * (len(charts) - 1)) / len(charts)
    title = max(pdf.height(width, c.title, BODY, bold=True) for c in charts)
    captions = max(pdf.height(width, c.caption, SMALL) for c in charts)
    if pdf.will_page_break(title + box + captions + 4):
        pdf.add_page()
    top = bottom = pdf.y
    for index, chart in enumerate(charts):
        x = pdf.l_margin + index * (width + gap)
        pdf.set_y(top)
        pdf.block(x, width, chart.title, BODY, bold=True, gap=1)
        _, height = pdf.picture(chart.png, x, pdf.y, width, box, alt=f"Chart: {chart.title}. {chart.words}")
        pdf.set_y(pdf.y + height + 1)
        pdf.block(x, width, chart.caption, SMALL)
        bottom = max(bottom, pdf.y)
    pdf.set_y(bottom + 2)
    pdf.block(pdf.l_margin, pdf.epw, SHAPES, SMALL, gap=4)


# ---------------------------------------------------------------- presenter hand-out


@dataclass
class _Slide:
    title: str
    question: str
    chart: _Chart | None = None
    numbers: list[tuple[str, str]] = field(default_factory=list)
    passages: list[tuple[str, str]] = field(default_factory=list)
    source_ids: list[str] = field(default_factory=list)
    grid: pd.DataFrame | None = None
    note: str = ""  # speaker notes
    address: str = ""  # the slide's address, printed as a QR code
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # the closing page's lists


P_TITLE, P_HEADING, P_BODY, P_SMALL, P_FOOTER = 20, 14, 12, 10, 8  # points: the presenter hand-out's type
P_MARGIN, P_CHART_W, P_CHART_H = 15, 150, 105  # mm: margins; the largest a chart is printed


class _PresenterDoc(_Doc):
    """Portrait A4 pages flowing from one to the next; the running footer (several lines) at the foot of each."""

    def __init__(self):
        super().__init__("A4", margin=P_MARGIN)
        self.footer_height = 0.0

    def footer(self) -> None:
        if self.running_footer:
            self.set_y(self.h - P_MARGIN + 4 - self.footer_height)
            self.block(self.l_margin, self.epw, self.running_footer.format(page=self.page_no(), nb="{nb}"),
                       P_FOOTER, gap=0)

    def keep_with_next(self, height: float) -> None:
        """A new page unless this much room is left (so that a heading is never alone at a page's foot)."""
        if self.will_page_break(height):
            self.add_page()


def presenter_handout(evidence: Evidence, figures: pd.DataFrame, steps: list[str], version: str = APP_VERSION) -> bytes:
    """The presenter's pages, portrait A4, in the order of `steps`, each step starting a page (and named in the PDF's
    outline), in the patient handout's type: body 12 pt, nothing under 10 pt but the footer (8 pt). 'glance' is the
    option grid; any other step is a measure id, with its chart, its summary in words, the speaker notes, the
    article's passages on it and their sources, flowing onto a second or third page where it needs them; 'closing' is
    the closing slide (what each option offers, what is uncertain, questions to ask)."""
    known = {"glance", "closing", recovery.RECOVERY_STEP, *evidence.metrics.metric_id}
    unknown = [step for step in steps if step not in known]
    if unknown:
        raise ValueError(f"unknown presenter steps: {unknown}")
    slides = [_slide(evidence, figures, step) for step in steps]
    pdf = _PresenterDoc()
    pdf.set_title("Open or minimally invasive spine fusion? Presenter hand-out")
    for number, slide in enumerate(slides, start=1):
        pdf.running_footer = (f"Spine Fusion Compare {version} \u00b7 slide {number} of {len(slides)}, page {{page}} "
                              f"of {{nb}} \u00b7 evidence last searched {evidence_searched(evidence)} \u00b7 "
                              f"{FUNDING} {NOTICE}")
        pdf.add_page()
        pdf.footer_height = pdf.height(pdf.epw, pdf.running_footer.format(page=999, nb=999), P_FOOTER)
        pdf.set_auto_page_break(True, margin=P_MARGIN + pdf.footer_height)
        pdf.start_section(pdf.txt(slide.title))
        (_closing_page if slide.sections else _presenter_page)(pdf, evidence, slide)
    return bytes(pdf.output())


def _slide(evidence: Evidence, figures: pd.DataFrame, step: str) -> _Slide:
    """A page of the presenter hand-out: the overview grid, or one measure as on its slide."""
    if step == "glance":
        return _Slide("At a glance: open or minimally invasive spine fusion?", f"{DECISION} {DECISION_NOTE}",
                      source_ids=_sources_behind(evidence, figures, evidence.metrics.metric_id),
                      grid=grid_table(evidence, figures, "presenter"), note=OVERVIEW_NOTE,
                      address=phone_address("glance"))
    if step == recovery.RECOVERY_STEP:
        return _Slide(recovery.TITLE, "After either operation. Your surgeon's instructions come first.",
                      chart=_Chart(recovery.TITLE, None, words=recovery.INTRO),
                      numbers=[(f"{week}: ", text) for week, text in recovery.digest(evidence)],
                      source_ids=recovery.digest_source_ids(evidence),
                      note="Where no source was found, the Recovery screen says so, row by row.")
    if step == "closing":
        return _Slide(CLOSING_TITLE, CLOSING_QUESTION, sections=closing_sections(summaries_for(evidence, figures)),
                      note=CLOSING_NOTE)
    summary = summaries_for(evidence, figures)[step]
    comparison = evidence.comparisons.set_index("comparison_id").loc[summary.comparison_id]
    slide = _Slide(summary.patient_label, f"{comparison.title}: {comparison.patient_question}")
    slide.numbers.append((f"{summary.label}: ", f"{said(summary)} {' '.join(summary.also)}".strip()))
    slide.chart = _presenter_chart(evidence, figures, summary, comparison.chart)
    slide.source_ids += list(summary.source_ids)
    if slide.chart is not None and slide.chart.png:  # and the studies its chart draws, as the slide names them
        slide.source_ids += list(charts.drawn_sources(evidence, selection_of(figures), step))
    slide.note = speaker_note(summary)
    for row in passages_for(evidence, [step]).itertuples():
        slide.passages.append((row.text, f"Claim check: {VERDICT_WORDS[row.verdict]}. {row.verdict_reason}"))
        if isinstance(row.source_ids, str):
            slide.source_ids += [part.strip() for part in row.source_ids.split(";") if part.strip()]
    known = set(evidence.sources.source_id)
    slide.source_ids = [s for s in dict.fromkeys(slide.source_ids) if s in known]
    return slide


def _presenter_chart(evidence: Evidence, figures: pd.DataFrame, summary: Summary, chart: str) -> _Chart | None:
    """The slide's chart drawn for paper: icon array for a risk, the summary chart for a measure with both typical
    values (in the slides' large type), else one row per study, else (as on the slide) the chart of a measure's
    differences; its type 10 pt or more at P_CHART_W mm wide."""
    if summary.kind == "risk" and summary.icons:
        return _risk_chart(summary)
    drawn = (_summary_chart(summary, 900, large_type=True)
             or _dumbbell_chart(evidence, figures, _metric(evidence, summary.metric_id), 600))
    if drawn is None:  # a measure known only as a difference gets the chart of its differences
        selection = selection_of(figures)
        figure = charts.metric_charts(evidence, selection, summary.metric_id, chart, with_differences=False)[0]
        if figure is not None:
            names = _source_names(evidence, charts.drawn_sources(evidence, selection, summary.metric_id))
            drawn = _Chart(summary.patient_label, chart_png(_for_print(figure, 600)),
                           f"Sources: {names}. Each row is one study's difference, MISS minus open.")
    return drawn or (_risk_chart(summary) if summary.kind == "risk" else None)


def _presenter_grid(pdf: _Doc, table: pd.DataFrame) -> None:
    """The at-a-glance table for a portrait page: each comparison's name on a shaded row above its measures, the
    column names repeated on each page it runs onto."""
    columns = list(table.columns)[1:]
    size = TABLE
    plain_face, bold_face = FontFace(size_pt=size), FontFace(emphasis="BOLD", size_pt=size)
    pdf.use(size)
    with pdf.table(col_widths=_widths(pdf, table[columns], pdf.epw, size), text_align="LEFT",
                   line_height=size * PT * 1.2, padding=(0.6, 1.0), v_align="TOP", repeat_headings=1,
                   headings_style=FontFace(emphasis="BOLD", size_pt=size, fill_color=LIGHT)) as grid:
        header = grid.row()
        for name in columns:
            header.cell(pdf.txt(name))
        for title, rows in table.groupby(table.columns[0], sort=False):
            grid.row().cell(pdf.txt(title), colspan=len(columns),
                            style=FontFace(emphasis="BOLD", size_pt=size, fill_color=LIGHTER))
            for _, row in rows.iterrows():
                cells = grid.row()
                for column in columns:
                    number = column in ("Open", "MISS") and any(ch.isdigit() for ch in str(row[column]))
                    cells.cell(pdf.txt(row[column]), style=bold_face if number or column == columns[0]
                               else plain_face)


def _presenter_page(pdf: _PresenterDoc, evidence: Evidence, slide: _Slide) -> None:
    """One step, flowing down the page (onto a second where it must): title, question, then the grid with the
    speaker notes and the QR code, or the chart, the numbers in words, the speaker notes and the article's claims;
    the sources last."""
    left, width = pdf.l_margin, pdf.epw
    pdf.block(left, width, slide.title, P_TITLE, bold=True, gap=1)
    pdf.block(left, width, slide.question, P_BODY, gap=3)
    heading = P_HEADING * PT * pdf.leading + 3 * P_BODY * PT * pdf.leading
    if slide.grid is not None:
        code = 40  # mm: the QR code's side
        note, top, text_x = local_address_note(), pdf.y, left + code + 6
        pdf.picture(qr_png(slide.address), left, top, code, code, alt=f"QR code: {slide.address}")
        pdf.block(text_x, width - code - 6, "Follow on your phone: the QR code opens", P_BODY, bold=True)
        pdf.block(text_x, width - code - 6, slide.address, P_SMALL, gap=2)
        if note:
            pdf.block(text_x, width - code - 6, note, P_SMALL)
        pdf.set_y(max(pdf.y, top + code) + 4)
        _presenter_grid(pdf, slide.grid)
        pdf.ln(4)
        pdf.keep_with_next(heading)
        pdf.block(left, width, "Speaker notes", P_HEADING, bold=True, gap=1)
        pdf.block(left, width, slide.note, P_BODY, gap=3)
    else:
        chart = slide.chart
        if chart is not None and chart.png:
            pdf.keep_with_next(min(P_CHART_H, P_CHART_W * _aspect(chart.png)) + 12)
            _, h = pdf.picture(chart.png, left, pdf.y, width, min(P_CHART_H, pdf.page_break_trigger - pdf.y - 12),
                               alt=f"Chart: {chart.title}. {chart.words}")
            pdf.set_y(pdf.y + h + 1)
            pdf.block(left, width, chart.caption, P_SMALL, gap=3)
        else:
            words = chart.words if chart is not None and chart.words else (
                "No chart: no study we found gives numbers for both approaches.")
            pdf.block(left, width, words, P_BODY, gap=3)
        pdf.keep_with_next(heading)
        pdf.block(left, width, "The numbers in words", P_HEADING, bold=True, gap=1)
        for label, words in slide.numbers:
            pdf.rich(left, width, [(label, True), (words, False)], P_BODY, gap=2)
        pdf.keep_with_next(heading)
        pdf.block(left, width, "Speaker notes", P_HEADING, bold=True, gap=1)
        pdf.block(left, width, slide.note, P_BODY, gap=3)
        pdf.keep_with_next(heading + pdf.height(width, ARTICLE_LABEL, P_SMALL + 1))
        pdf.block(left, width, "The article's claims, checked", P_HEADING, bold=True, gap=1)  # below the evidence
        pdf.block(left, width, ARTICLE_LABEL, P_SMALL + 1, gap=1.5)
        if not slide.passages:
            pdf.block(left, width, "The article says nothing specific about this.", P_BODY)
        for quote, check in slide.passages:  # the verdict first, the article's words beneath it, quieter
            pdf.keep_with_next(3 * P_BODY * PT * pdf.leading)
            pdf.block(left, width, check, P_BODY, gap=0.6)
            pdf.set_text_color(DARK)
            pdf.block(left, width, f"The article says: \u201c{quote}\u201d", P_SMALL + 1, gap=2.5)
            pdf.set_text_color(BLACK)
    table = evidence.sources.set_index("source_id")
    cites = "; ".join(_short_citation(table.loc[s_id]) for s_id in slide.source_ids)
    if cites:
        pdf.ln(1)
        pdf.block(left, width, f"Sources: {cites}", P_SMALL, gap=0)


def _closing_page(pdf: _PresenterDoc, evidence: Evidence, slide: _Slide) -> None:
    """The closing page, as the deck's last slide: what open offers, what MISS offers, what is uncertain and the
    questions to ask, each a heading with its points, then the speaker notes."""
    left, width = pdf.l_margin, pdf.epw
    pdf.block(left, width, slide.title, P_TITLE, bold=True, gap=1)
    pdf.block(left, width, slide.question, P_BODY, gap=3)
    for heading, points in slide.sections:
        pdf.keep_with_next(P_HEADING * PT * pdf.leading + 2 * P_BODY * PT * pdf.leading)
        pdf.block(left, width, heading, P_HEADING, bold=True, gap=1)
        for point in points:
            pdf.block(left + 5, width - 5, f"\u2022 {point}", P_BODY, gap=1)
        pdf.ln(2)
    pdf.keep_with_next(P_HEADING * PT * pdf.leading + 2 * P_BODY * PT * pdf.leading)
    pdf.block(left, width, "Speaker notes", P_HEADING, bold=True, gap=1)
    pdf.block(left, width, slide.note, P_BODY, gap=0)
