"""Printable take-aways as PDF bytes: a one-page patient handout and a presenter hand-out (one comparison a page).

Plain functions over the evidence tables, no Streamlit. Every number comes from evidence.summaries, the functions
the screens use, so paper and screen cannot disagree. Charts are the screens' figure builders, exported as PNG by
evidence.export.chart_image (kaleido with Debian's Chromium) and cached by their JSON. The page reads in black and
white: open and MISS differ by shape (circle, diamond) and by name, never by colour alone.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from fpdf import FPDF, FontFace

from evidence import figures as charts
from evidence.export import chart_image
from evidence.load import Evidence
from evidence.summaries import (
    findings_spread,
    for_metric,
    glance_table,
    headline,
    headline_words,
    passages_for,
    timeline_table,
)
from evidence.wording import certainty_sentence, short_name

APP_VERSION = "1.0.0"
PAGES = ("A4", "Letter")
DECISION = "If you and your surgeon have decided on fusion: open or minimally invasive?"
DECISION_NOTE = "Whether to have fusion at all is an earlier, separate decision."
NOTICE = (
    "This is educational material, not medical advice. It does not tell you which operation to choose. "
    "Your own risks may differ from these averages: talk them through with your surgeon."
)
FUNDING = "Funding: none; nobody paid for this tool and its makers have no ties to device makers."
SHAPES = "Open = open surgery (one long cut), drawn as \u25cf circles. MISS = minimally invasive surgery (small cuts), drawn as \u25c6 diamonds."
GENERAL_QUESTIONS = (
    "Which approach would you suggest for me, and why?",
    "How many of each kind of operation do you do in a year?",
)
PATIENT_GRID = ["Comparison", "What you may wonder", "Open", "MISS", "What studies found", "How sure we are"]
PRESENTER_GRID = ["Comparison", "Measure", "Open", "MISS", "What studies found", "Studies disagree", "Certainty"]

FONT_DIR = Path(os.environ.get("SPINE_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}  # both in Debian's fonts-dejavu-core
LATIN1 = str.maketrans({
    "\u2014": "-", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "...",
    "\u2265": ">=", "\u2264": "<=", "\u2212": "-", "\u25cf": "(circle)", "\u25c6": "(diamond)", "\u2192": "->",
})
BLACK, DARK, MID, LIGHT = 0, 60, 150, 235  # grey levels: nothing on the page depends on colour


# ---------------------------------------------------------------- chart images


_IMAGE_LOCK = threading.Lock()
_SERVER = {"started": False}


def _serialised(call):
    """kaleido's sync server hands results back through one shared queue, so two threads calling it at once can
    swap images. Every caller in this process goes through kaleido's singleton, so guard that one entry point."""
    lock = threading.Lock()

    @functools.wraps(call)
    def guarded(*args, **kwargs):
        with lock:
            return call(*args, **kwargs)

    guarded.serialised = True
    return guarded


def _start_server() -> None:
    """After one image has come out (so the browser is known to start), keep one Chromium open for later images."""
    if _SERVER["started"]:
        return
    _SERVER["started"] = True
    try:
        import kaleido

        server = kaleido._global_server  # the singleton behind kaleido.start_sync_server
        if not getattr(server.call_function, "serialised", False):
            server.call_function = _serialised(server.call_function)
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)  # no chart here needs MathJax from a CDN
    except Exception:  # noqa: BLE001 - a slower export is fine; no export is not
        pass


@functools.lru_cache(maxsize=48)
def _png_from_json(figure_json: str, scale: float) -> bytes:
    with _IMAGE_LOCK, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")  # plotly's headers; harmless
        image = chart_image(pio.from_json(figure_json), "png", scale=scale)
        _start_server()
    return image


def chart_png(figure: go.Figure, scale: float = 2) -> bytes | None:
    """The figure as PNG through evidence.export.chart_image, cached by the figure's JSON; None if it cannot be drawn."""
    try:
        return _png_from_json(figure.to_json(), scale)
    except Exception:  # noqa: BLE001 - the handout still carries every number in words
        return None


def _for_print(figure: go.Figure, width: int, height: int, legend_below: bool = False) -> go.Figure:
    """A copy sized for paper: no on-chart caption (the PDF prints it legibly), labels never clipped."""
    fig = go.Figure(figure)
    fig.layout.annotations = [a for a in fig.layout.annotations if a.yref != "paper" or (a.y or 0) >= 0]
    fig.update_layout(width=width, height=height, margin=dict(l=10, r=30, t=45, b=10),
                      title=dict(font=dict(size=17)))
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    fig.update_traces(cliponaxis=False, selector=dict(type="scatter"))
    if legend_below:
        fig.update_layout(legend=dict(orientation="h", x=0, xanchor="left", y=0, yanchor="top", font=dict(size=14)),
                          margin=dict(b=60))
    return fig


def _pad_log_range(fig: go.Figure, values: list[float]) -> None:
    known = [v for v in values if pd.notna(v) and v > 0]
    if known:
        import math

        fig.update_xaxes(range=[math.log10(min(known) / 1.5), math.log10(max(known) * 1.5)])


def _source_names(evidence: Evidence, source_ids) -> str:
    table = evidence.sources.set_index("source_id")
    return ", ".join(dict.fromkeys(short_name(table.loc[s]) for s in source_ids if s in table.index))


@dataclass
class _Chart:
    title: str
    png: bytes | None
    caption: str
    words: str = ""


def _metric(evidence: Evidence, metric_id: str) -> pd.Series:
    return evidence.metrics.set_index("metric_id").loc[metric_id].rename(metric_id)


def _infection_chart(evidence: Evidence, figures: pd.DataFrame, width: int, height: int) -> _Chart | None:
    if "infection" not in set(evidence.metrics.metric_id):
        return None
    metric = _metric(evidence, "infection")
    top = headline(figures, "infection")
    if top is None:
        return _Chart(metric.patient_label, None, "", "No infection figures for both approaches in this selection.")
    event = f"have a {metric.patient_label.lower()}"
    figure = charts.icon_array(top.open_value, top.miss_value, event, "")
    png = chart_png(_for_print(figure, width, height, legend_below=True))
    caption = (f"Source: {_source_names(evidence, [top.source_id])} ({top.locator}); {top.design}; {top.procedure}. "
               f"Certainty: {metric.certainty if isinstance(metric.certainty, str) else 'not rated'}.")
    return _Chart(metric.patient_label, png, caption, headline_words(metric, top))


def _timeline_chart(evidence: Evidence, figures: pd.DataFrame, width: int, height: int) -> _Chart | None:
    milestones = timeline_table(figures, evidence)
    if milestones.empty:
        return None
    figure = _for_print(charts.recovery_timeline(milestones, ""), width, height)
    _pad_log_range(figure, [*milestones.open_days, *milestones.miss_days, *milestones.open_low, *milestones.miss_low,
                            *milestones.open_high, *milestones.miss_high])
    title = "Recovery: " + " and ".join(label.lower() for label in milestones.label)
    caption = f"Sources: {_source_names(evidence, milestones.source_id)}. Days after surgery, on a log scale."
    return _Chart(title[0].upper() + title[1:], chart_png(figure), caption)


# ---------------------------------------------------------------- the PDF document


class _Doc(FPDF):
    """FPDF with our font (DejaVu Sans if installed, else Helvetica with text made Latin-1) and a few helpers."""

    def __init__(self, page: str, orientation: str = "portrait", margin: float = 10):
        super().__init__(orientation=orientation, unit="mm", format=page)
        self.set_margins(margin, margin, margin)
        self.set_auto_page_break(True, margin=margin)
        self.unicode = all((FONT_DIR / name).is_file() for name in FONT_FILES.values())
        if self.unicode:
            for style, name in FONT_FILES.items():
                self.add_font("DejaVu", style, str(FONT_DIR / name))
        self.family_name = "DejaVu" if self.unicode else "Helvetica"
        self.set_lang("en")
        self.set_creator("Spine Fusion Compare")
        self.set_author("Spine Fusion Compare")
        self.set_text_color(BLACK)
        self.set_draw_color(DARK)

    def txt(self, text: object) -> str:
        text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
        if self.unicode:
            return text
        return text.translate(LATIN1).encode("latin-1", "replace").decode("latin-1")

    def use(self, size: float, bold: bool = False) -> None:
        self.set_font(self.family_name, "B" if bold else "", size)

    def block(self, x: float, w: float, text: str, size: float, bold: bool = False, gap: float = 0.4,
              align: str = "L", line: float = 1.22) -> float:
        """A wrapped paragraph at (x, current y) in a column of width w; returns the new y."""
        self.use(size, bold)
        self.set_xy(x, self.y)
        self.multi_cell(w, size * 0.3528 * line, self.txt(text), align=align, new_x="LEFT", new_y="NEXT")
        self.set_y(self.y + gap)
        return self.y

    def height(self, w: float, text: str, size: float, bold: bool = False, line: float = 1.22) -> float:
        self.use(size, bold)
        lines = self.multi_cell(w, size * 0.3528 * line, self.txt(text), dry_run=True, output="LINES")
        return len(lines) * size * 0.3528 * line

    def rich(self, x: float, w: float, parts: list[tuple[str, bool]], size: float, gap: float = 0.4,
             line: float = 1.22) -> float:
        """Inline runs of (text, bold) wrapped in the column [x, x + w]; returns the new y."""
        left, right = self.l_margin, self.r_margin
        self.set_left_margin(x)
        self.set_right_margin(self.w - x - w)
        self.set_xy(x, self.y)
        for text, bold in parts:
            self.use(size, bold)
            self.write(size * 0.3528 * line, self.txt(text))
        self.ln(size * 0.3528 * line + gap)
        self.set_left_margin(left)
        self.set_right_margin(right)
        return self.y

    def picture(self, png: bytes, x: float, y: float, w: float, h: float, alt: str) -> tuple[float, float]:
        """The image fitted into the box (w, h), centred horizontally; returns its (width, height)."""
        from PIL import Image
        import io

        with Image.open(io.BytesIO(png)) as image:
            ratio = image.height / image.width
        width = min(w, h / ratio)
        self.image(io.BytesIO(png), x=x + (w - width) / 2, y=y, w=width, h=width * ratio, alt_text=self.txt(alt))
        return width, width * ratio


def _sources_behind(evidence: Evidence, figures: pd.DataFrame, metric_ids) -> list[str]:
    """Source ids of the headline figures of these metrics, in order of first use."""
    ids = []
    for metric_id in metric_ids:
        top = headline(figures, metric_id)
        if top is not None:
            ids.append(top.source_id)
    return list(dict.fromkeys(ids))


def _short_citation(source: pd.Series, full_url: bool = False) -> str:
    """'Araghi 2025. HSS Journal. https://doi.org/10.1177/…' or, without a DOI, where the page was read."""
    journal = "" if str(source.journal).startswith(("not shown", "(not shown")) else f" {source.journal}."
    if isinstance(source.doi, str) and source.doi:
        where = f"https://doi.org/{source.doi}"
    else:
        where = f"No DOI; read at {source.url if full_url else urlparse(source.url).netloc}"
    return f"{short_name(source)}.{journal} {where}"


def _searched(evidence: Evidence) -> str:
    return evidence.sources.checked_on.max().date().isoformat()


def _selection_note(evidence: Evidence, figures: pd.DataFrame) -> str:
    if len(figures) >= len(evidence.figures):
        return ""
    return (f"These numbers come from a selection of the studies made during your visit "
            f"({len(figures)} of {len(evidence.figures)} results).")


# ---------------------------------------------------------------- the option grid


def grid_table(evidence: Evidence, figures: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The app's at-a-glance table (summaries.glance_table, so the very cells shown on screen), chosen columns."""
    frames = [glance_table(evidence, figures, mode) for mode in ("surgeon", "patient")]
    merged = frames[0]
    for frame in frames[1:]:
        merged = pd.concat([merged, frame[[c for c in frame.columns if c not in merged.columns]]], axis=1)
    return merged[columns]


def _option_grid(pdf: _Doc, evidence: Evidence, figures: pd.DataFrame, columns: list[str], size: float,
                 widths: tuple[float, ...]) -> None:
    """The at-a-glance table: one row per measure, grouped by comparison, open and MISS side by side."""
    table = grid_table(evidence, figures, columns)
    heading = FontFace(emphasis="BOLD", size_pt=size, fill_color=LIGHT)
    pdf.use(size)
    with pdf.table(col_widths=widths, width=min(sum(widths), pdf.epw), align="LEFT", text_align="LEFT", line_height=size * 0.3528 * 1.18,
                   padding=(0.5, 0.8), headings_style=heading, v_align="MIDDLE", borders_layout="ALL",
                   first_row_as_headings=True) as grid:
        header = grid.row()
        for name in columns:
            header.cell(pdf.txt(name))
        groups = table.groupby("Comparison", sort=False)
        for title, rows in groups:
            for position, (_, row) in enumerate(rows.iterrows()):
                cells = grid.row()
                if position == 0:
                    cells.cell(pdf.txt(title), rowspan=len(rows), style=FontFace(emphasis="BOLD", size_pt=size),
                               v_align="TOP")
                for column in columns[1:]:
                    bold = column in ("Open", "MISS") and any(ch.isdigit() for ch in str(row[column]))
                    cells.cell(pdf.txt(row[column]), style=FontFace(emphasis="BOLD" if bold else None, size_pt=size))


# ---------------------------------------------------------------- patient handout


def patient_handout(evidence: Evidence, figures: pd.DataFrame, page: str = "A4", choices: dict[str, str] | None = None,
                    questions: list[str] | None = None, version: str = APP_VERSION) -> bytes:
    """One page to take home: the decision, every comparison in words and numbers, the infection and recovery
    charts, what matters to the patient and their questions, room for the surgeon's notes, sources and notices.

    choices: metric_id -> how much it matters, for the factors the patient marked (leave out unmarked ones).
    questions: the questions to ask, most important first (components.matters.questions gives them).
    """
    if page not in PAGES:
        raise ValueError(f"page must be one of {PAGES}, not {page!r}")
    icon = _infection_chart(evidence, figures, 620, 330)
    timeline = _timeline_chart(evidence, figures, 620, 330)
    for scale in (1.0, 0.94, 0.88, 0.82, 0.76, 0.7, 0.64):
        pdf = _Doc(page)
        if _patient_page(pdf, evidence, figures, icon, timeline, choices or {}, list(questions or []), version, scale):
            return bytes(pdf.output())
    raise RuntimeError("The handout does not fit on one page even in the smallest type.")


def _patient_page(pdf: _Doc, evidence: Evidence, figures: pd.DataFrame, icon: _Chart | None, timeline: _Chart | None,
                  choices: dict[str, str], questions: list[str], version: str, scale: float) -> bool:
    """Lay out the page at a type scale; False when it would not fit on one page."""
    s = scale
    pdf.set_title("Open or minimally invasive spine fusion? Patient handout")
    pdf.set_subject(DECISION)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    left, width = pdf.l_margin, pdf.epw
    bottom = pdf.h - pdf.b_margin
    pdf.set_y(pdf.t_margin)

    # title, decision, blanks for name and date
    pdf.block(left, width * 0.66, "Open or minimally invasive spine fusion?", 15 * s, bold=True, gap=0.6)
    pdf.block(left, width * 0.66, DECISION, 10 * s, bold=True, gap=0.2)
    top_end = pdf.block(left, width * 0.66, f"{DECISION_NOTE} {_selection_note(evidence, figures)}".strip(), 7.5 * s)
    pdf.set_y(pdf.t_margin + 1)
    for label in ("Name:", "Date of visit:"):
        pdf.use(8 * s)
        pdf.set_x(left + width * 0.68)
        pdf.cell(width * 0.32, 7 * s, pdf.txt(label), border="B", new_x="LEFT", new_y="NEXT")
        pdf.set_y(pdf.y + 1.5 * s)
    pdf.set_y(max(top_end, pdf.y) + 0.8 * s)

    # the comparisons, side by side
    pdf.block(left, width, "The comparisons side by side", 10.5 * s, bold=True, gap=0.3)
    pdf.block(left, width, "Typical results from the studies, the same numbers as in the app. 'no numbers' means no "
              "study we found gives numbers for both approaches; the next column says what the studies found. "
              + SHAPES, 7 * s, gap=0.8)
    size = 6.8 * s
    _option_grid(pdf, evidence, figures, PATIENT_GRID, size, _fit(width, (21, 37, 25, 25, 66, 16)))
    pdf.set_y(pdf.y + 2.5 * s)

    # the two charts
    y = pdf.y
    gap = 6
    column = (width - gap) / 2
    chart_bottom = y
    for index, chart in enumerate((icon, timeline)):
        if chart is None:
            continue
        x = left + index * (column + gap)
        pdf.set_y(y)
        pdf.block(x, column, chart.title, 9 * s, bold=True, gap=0.5)
        if chart.png:
            _, h = pdf.picture(chart.png, x, pdf.y, column, 50 * s, alt=f"Chart: {chart.title}. {chart.words}")
            pdf.set_y(pdf.y + h + 0.5)
        if chart.words:
            pdf.block(x, column, chart.words, 7 * s, gap=0.3)
        if chart.caption:
            pdf.block(x, column, chart.caption, 6.2 * s)
        chart_bottom = max(chart_bottom, pdf.y)
    pdf.set_y(chart_bottom + 2 * s)

    # sources and footer, anchored to the bottom of the page
    cited = _sources_behind(evidence, figures, evidence.metrics.metric_id)
    table = evidence.sources.set_index("source_id")
    lines = [_short_citation(table.loc[s_id]) for s_id in cited]
    sources_title = "Sources of the numbers above (every study is listed in the app, with its DOI)"
    footer = (f"Evidence last searched: {_searched(evidence)}. Spine Fusion Compare, version {version}. "
              f"Handout made on {dt.date.today().isoformat()}. {FUNDING}")
    half = (width - gap) / 2
    split = (len(lines) + 1) // 2
    columns = [lines[:split], lines[split:]]
    cite_size, foot_size = 6.2 * s, 6.6 * s
    cite_h = max((sum(pdf.height(half, line, cite_size) + 0.3 for line in col) for col in columns), default=0)
    foot_h = pdf.height(width, footer, foot_size) + pdf.height(width, NOTICE, 7.4 * s, bold=True) + 1.2
    block_h = pdf.height(width, sources_title, 7.5 * s, bold=True) + 0.5 + cite_h + 1.5 + foot_h
    footer_top = bottom - block_h

    # what matters, questions, and the surgeon's notes box, in the space left between
    band_top = pdf.y
    band_bottom = footer_top - 2.5 * s
    needed = _matters_column(pdf, evidence, figures, choices, questions, left, half, band_top, s)
    if needed > band_bottom or band_bottom - band_top < 30 * s:
        return False
    _notes_box(pdf, left + half + gap, band_top, half, band_bottom - band_top, s)

    pdf.set_y(footer_top)
    pdf.set_draw_color(MID)
    pdf.line(left, footer_top - 1, left + width, footer_top - 1)
    pdf.set_draw_color(DARK)
    pdf.block(left, width, sources_title, 7.5 * s, bold=True, gap=0.5)
    y = pdf.y
    for index, col in enumerate(columns):
        pdf.set_y(y)
        for line in col:
            pdf.block(left + index * (half + gap), half, line, cite_size, gap=0.3)
    pdf.set_y(y + cite_h + 1.5)
    pdf.block(left, width, NOTICE, 7.4 * s, bold=True, gap=0.3)
    pdf.block(left, width, footer, foot_size)
    return pdf.pages_count == 1 and pdf.y <= bottom + 0.5


def _fit(total: float, widths: tuple[float, ...]) -> tuple[float, ...]:
    factor = total / sum(widths)
    return tuple(w * factor for w in widths)


def _matters_column(pdf: _Doc, evidence: Evidence, figures: pd.DataFrame, choices: dict[str, str],
                    questions: list[str], x: float, w: float, y: float, s: float) -> float:
    """'What matters to me' and the questions to ask; returns where it ends."""
    metrics = evidence.metrics.set_index("metric_id")
    pdf.set_y(y)
    pdf.block(x, w, "What matters to me", 9 * s, bold=True, gap=0.4)
    marked = [(m, level) for m, level in choices.items() if m in metrics.index]
    if not marked:
        pdf.block(x, w, "Nothing marked in the app yet. You can mark what matters most to you under "
                  "'What matters to me', or write it here:", 7 * s, gap=0.5)
        for _ in range(2):
            pdf.set_draw_color(MID)
            pdf.line(x, pdf.y + 4.5 * s, x + w, pdf.y + 4.5 * s)
            pdf.set_y(pdf.y + 5.5 * s)
        pdf.set_draw_color(DARK)
    for metric_id, level in marked:
        metric = metrics.loc[metric_id].rename(metric_id)
        words = headline_words(metric, headline(figures, metric_id))
        pdf.rich(x, w, [(f"{metric.patient_label} ({str(level).lower()}): ", True), (words, False)], 7 * s, gap=0.5)
    pdf.set_y(pdf.y + 1.2 * s)
    pdf.block(x, w, "Questions to ask my surgeon", 9 * s, bold=True, gap=0.4)
    asked = list(dict.fromkeys([*questions, *GENERAL_QUESTIONS]))
    for number, question in enumerate(asked, start=1):
        pdf.rich(x, w, [(f"{number}. ", True), (question, False)], 7 * s, gap=0.3)
    for _ in range(2):
        pdf.set_draw_color(MID)
        pdf.line(x, pdf.y + 4.5 * s, x + w, pdf.y + 4.5 * s)
        pdf.set_y(pdf.y + 5.5 * s)
    pdf.set_draw_color(DARK)
    return pdf.y


def _notes_box(pdf: _Doc, x: float, y: float, w: float, h: float, s: float) -> None:
    pdf.set_line_width(0.4)
    pdf.rect(x, y, w, h)
    pdf.set_line_width(0.2)
    pdf.set_y(y + 1.2)
    pdf.block(x + 2, w - 4, "Notes from my surgeon", 9 * s, bold=True, gap=0.2)
    pdf.block(x + 2, w - 4, "For example: which approach, why, and what happens next.", 6.5 * s)
    pdf.set_draw_color(MID)
    line_y = pdf.y + 6 * s
    while line_y < y + h - 2:
        pdf.line(x + 2, line_y, x + w - 2, line_y)
        line_y += 6 * s
    pdf.set_draw_color(DARK)


# ---------------------------------------------------------------- presenter hand-out


@dataclass
class _Slide:
    title: str
    question: str
    chart: _Chart | None = None
    numbers: list[tuple[str, str]] = field(default_factory=list)
    passages: list[tuple[str, str]] = field(default_factory=list)
    source_ids: list[str] = field(default_factory=list)
    grid: bool = False


def presenter_handout(evidence: Evidence, figures: pd.DataFrame, steps: list[str], version: str = APP_VERSION) -> bytes:
    """One landscape page per presenter step, in the order of `steps`: 'glance' is the option grid, every other
    step a comparison id with its chart, its numbers in words, the article's passages on it and their sources."""
    known = {"glance", *evidence.comparisons.comparison_id}
    unknown = [step for step in steps if step not in known]
    if unknown:
        raise ValueError(f"unknown presenter steps: {unknown}")
    slides = [_slide(evidence, figures, step) for step in steps]
    pdf = _Doc("A4", orientation="landscape", margin=12)
    pdf.set_title("Open or minimally invasive spine fusion? Presenter hand-out")
    pdf.set_subject(DECISION)
    pdf.set_auto_page_break(False)
    trial = _Doc("A4", orientation="landscape", margin=12)  # pages drawn here only to see whether they fit
    trial.set_auto_page_break(False)
    for number, slide in enumerate(slides, start=1):
        for scale in (1.0, 0.92, 0.84, 0.76, 0.68, 0.6, 0.52):
            if _presenter_page(trial, evidence, figures, slide, number, len(slides), version, scale):
                break
        _presenter_page(pdf, evidence, figures, slide, number, len(slides), version, scale)
    return bytes(pdf.output())


def _slide(evidence: Evidence, figures: pd.DataFrame, step: str) -> _Slide:
    if step == "glance":
        cited = _sources_behind(evidence, figures, evidence.metrics.metric_id)
        return _Slide("At a glance: open or minimally invasive spine fusion?", DECISION, source_ids=cited, grid=True)
    comparison = evidence.comparisons.set_index("comparison_id").loc[step]
    metrics = evidence.metrics[evidence.metrics.comparison_id == step].sort_values("order")
    slide = _Slide(comparison.title, comparison.patient_question)
    for metric in metrics.itertuples():
        metric = pd.Series(metric._asdict()).rename(metric.metric_id)
        rows = for_metric(figures, metric.metric_id)
        top = headline(figures, metric.metric_id)
        detail = f"{headline_words(metric, top)} {findings_spread(rows)} How sure we are: " \
                 f"{certainty_sentence(metric.certainty)}"
        slide.numbers.append((metric.label, detail))
        slide.source_ids += list(rows[rows.open_value.notna() & rows.miss_value.notna()].source_id)
    first = _metric(evidence, metrics.metric_id.iloc[0]) if len(metrics) else None
    if first is not None:
        slide.chart = _presenter_chart(evidence, figures, first, comparison.chart)
    for row in passages_for(evidence, list(metrics.metric_id)).itertuples():
        slide.passages.append((row.text, f"Claim check: {row.verdict}. {row.verdict_reason}"))
        slide.source_ids += [p.strip() for p in str(row.source_ids).split(";") if p.strip() and pd.notna(row.source_ids)]
    known = set(evidence.sources.source_id)
    slide.source_ids = [s for s in dict.fromkeys(slide.source_ids) if s in known]
    return slide


def _presenter_chart(evidence: Evidence, figures: pd.DataFrame, metric: pd.Series, chart: str) -> _Chart | None:
    """The chart the presenter view shows for this comparison's first measure."""
    if metric.kind == "risk" and chart == "icon_array":
        return _infection_chart(evidence, figures, 760, 430) if metric.name == "infection" else None
    if chart == "timeline":
        return _timeline_chart(evidence, figures, 760, 400)
    rows = for_metric(figures, metric.name)
    paired = rows[rows.open_value.notna() & rows.miss_value.notna()]
    if paired.empty:
        return _Chart(metric.label, None, "", "No chart: the studies give only the direction or words.")
    figure = charts.dumbbell(rows, metric, evidence.sources)
    height = max(300, min(560, 140 + 80 * len(paired)))
    png = chart_png(_for_print(figure, 760, height))
    caption = f"Sources: {_source_names(evidence, paired.source_id)}. Bars show each study's spread where printed."
    return _Chart(metric.label, png, caption)


def _presenter_page(pdf, evidence: Evidence, figures: pd.DataFrame, slide: _Slide, number: int, total: int,
                    version: str, s: float) -> bool:
    """Draw one presenter page at a type scale; False when it would not fit."""
    pdf.add_page()
    left, width = pdf.l_margin, pdf.epw
    bottom = pdf.h - pdf.b_margin
    pdf.set_y(pdf.t_margin)
    pdf.block(left, width, slide.title, 20 * s, bold=True, gap=0.8)
    pdf.block(left, width, slide.question, 12 * s, gap=2 * s)

    footer = (f"Spine Fusion Compare {version} \u00b7 page {number} of {total} \u00b7 evidence last searched "
              f"{_searched(evidence)} \u00b7 {FUNDING} {NOTICE}")
    table = evidence.sources.set_index("source_id")
    cites = "; ".join(_short_citation(table.loc[s_id], full_url=False) for s_id in slide.source_ids)
    cite_text = f"Sources: {cites}" if cites else ""
    foot_h = pdf.height(width, footer, 7 * s) + (pdf.height(width, cite_text, 7.5 * s) + 1 if cite_text else 0)
    footer_top = bottom - foot_h
    ok = True
    if slide.grid:
        _option_grid(pdf, evidence, figures, PRESENTER_GRID, 9 * s, _fit(width, (24, 40, 27, 27, 80, 16, 17)))
        ok = pdf.y <= footer_top - 1
    else:
        gap = 8
        chart_w = width * 0.56
        text_x, text_w = left + chart_w + gap, width - chart_w - gap
        top = pdf.y
        chart = slide.chart
        if chart is not None and chart.png:
            _, h = pdf.picture(chart.png, left, top, chart_w, 105 * s, alt=f"Chart: {chart.title}")
            pdf.set_y(top + h + 1)
            pdf.block(left, chart_w, chart.caption, 8 * s, gap=1.5 * s)
        elif chart is not None and chart.words:
            pdf.block(left, chart_w, chart.words, 10 * s, gap=1.5 * s)
        pdf.block(left, chart_w, "The numbers in words", 12 * s, bold=True, gap=0.8)
        for label, words in slide.numbers:
            pdf.rich(left, chart_w, [(f"{label}: ", True), (words, False)], 9.5 * s, gap=1.2 * s)
        left_end = pdf.y
        pdf.set_y(top)
        pdf.block(text_x, text_w, "What the article says", 12 * s, bold=True, gap=0.8)
        if not slide.passages:
            pdf.block(text_x, text_w, "The article says nothing specific about this.", 9.5 * s)
        for quote, check in slide.passages:
            pdf.block(text_x, text_w, f"\u201c{quote}\u201d", 9.5 * s, bold=True, gap=0.4)
            pdf.block(text_x, text_w, check, 8.5 * s, gap=2 * s)
        ok = max(left_end, pdf.y) <= footer_top - 1
    pdf.set_y(footer_top)
    if cite_text:
        pdf.block(left, width, cite_text, 7.5 * s, gap=1)
    pdf.block(left, width, footer, 7 * s, gap=0)
    return ok and pdf.y <= bottom + 0.5
