"""Printable take-aways as PDF bytes: a one-page patient handout and a presenter hand-out (one comparison a page).

Plain functions over the evidence tables, no Streamlit. Every number comes from evidence.summaries, the functions
the screens use, so paper and screen cannot disagree. Charts are the screens' figure builders, exported as PNG by
evidence.export.chart_image (kaleido with Debian's Chromium) and cached by their JSON. The page reads in black and
white: open and MISS differ by shape (circle, diamond) and by name, never by colour alone.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from fpdf import FPDF, FontFace
from PIL import Image, ImageOps

from evidence import figures as charts
from evidence.export import chart_image
from evidence.load import Evidence
from evidence.notes import OVERVIEW_NOTE, speaker_note
from evidence.qr import qr_png, phone_address
from evidence.summaries import evidence_searched, for_metric, link, passages_for
from evidence.summary import Summary, grid, said, summaries_for
from evidence.wording import FUNDING, NOTICE, short_name

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
PATIENT_SCALES = (1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6)
PRESENTER_SCALES = (1.0, 0.92, 0.84, 0.76, 0.68, 0.6, 0.52)

FONT_DIR = Path(os.environ.get("SPINE_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}  # both in Debian's fonts-dejavu-core
LATIN1 = str.maketrans({
    "\u2014": "-", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "...",
    "\u2265": ">=", "\u2264": "<=", "\u2212": "-", "\u25cf": "(circle)", "\u25c6": "(diamond)", "\u2192": "->",
})
BLACK, DARK, MID, LIGHT = 0, 60, 150, 232  # grey levels only: nothing on the page depends on colour
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


def _risk_chart(summary: Summary, width: int) -> _Chart:
    """A risk's icon array, as on screen: one denominator, filled icons are people, from the summary."""
    if not summary.icons:
        return _Chart(summary.patient_label, None, words=said(summary))
    figure = charts.risk_icons(summary)
    caption = f"{summary.basis} Certainty: {summary.certainty or 'not rated'}."
    return _Chart(summary.patient_label, chart_png(_for_print(figure, width)), caption, summary.sentence)


def _infection_chart(evidence: Evidence, figures: pd.DataFrame, width: int) -> _Chart | None:
    """The infection risk's icon array, from its summary."""
    by_metric = summaries_for(evidence, figures)
    return _risk_chart(by_metric["infection"], width) if "infection" in by_metric else None


def _summary_chart(summary: Summary, width: int) -> _Chart | None:
    """A continuous measure's summary chart, as on the slides: typical open value and the value with MISS."""
    if summary.open_value is None or summary.miss_value is None:
        return None
    figure = _for_print(charts.summary_chart(summary), width)
    _pad_categories(figure, 2)
    return _Chart(summary.patient_label, chart_png(figure), f"{summary.basis} Certainty: {summary.certainty}.",
                  summary.sentence)


def _stay_chart(evidence: Evidence, figures: pd.DataFrame, width: int) -> _Chart | None:
    """The hospital stay's summary chart: the second picture of the patient handout."""
    by_metric = summaries_for(evidence, figures)
    return _summary_chart(by_metric["hospital_stay"], width) if "hospital_stay" in by_metric else None


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


def cited_sources(evidence: Evidence, figures: pd.DataFrame) -> pd.DataFrame:
    """The sources the patient handout cites: those behind every number it prints."""
    ids = _sources_behind(evidence, figures, evidence.metrics.metric_id)
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

    def txt(self, text: object) -> str:
        text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
        return text if self.unicode else text.translate(LATIN1).encode("latin-1", "replace").decode("latin-1")

    def use(self, size: float, bold: bool = False) -> None:
        self.set_font(self.family_name, "B" if bold else "", size)

    def block(self, x: float, w: float, text: str, size: float, bold: bool = False, gap: float = 0.4,
              line: float = 1.22) -> float:
        """A wrapped paragraph at (x, current y) in a column of width w; returns the new y."""
        self.use(size, bold)
        self.set_xy(x, self.y)
        self.multi_cell(w, size * PT * line, self.txt(text), align="L", new_x="LEFT", new_y="NEXT")
        self.set_y(self.y + gap)
        return self.y

    def height(self, w: float, text: str, size: float, bold: bool = False, line: float = 1.22) -> float:
        """How tall block() would make this paragraph."""
        self.use(size, bold)
        lines = self.multi_cell(w, size * PT * line, self.txt(text), dry_run=True, output="LINES")
        return len(lines) * size * PT * line

    def rich(self, x: float, w: float, parts: list[tuple[str, bool]], size: float, gap: float = 0.4,
             line: float = 1.22) -> float:
        """Inline runs of (text, bold) wrapped in the column [x, x + w]; returns the new y."""
        left, right = self.l_margin, self.r_margin
        self.set_left_margin(x)
        self.set_right_margin(self.w - x - w)
        self.set_xy(x, self.y)
        for text, bold in parts:
            self.use(size, bold)
            self.write(size * PT * line, self.txt(text))
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


def _option_grid(pdf: _Doc, table: pd.DataFrame, size: float, widths: tuple[float, ...]) -> None:
    """The at-a-glance table: one row per measure, grouped by comparison, open and MISS side by side."""
    columns = list(table.columns)
    heading = FontFace(emphasis="BOLD", size_pt=size, fill_color=LIGHT)
    plain_face, bold_face = FontFace(size_pt=size), FontFace(emphasis="BOLD", size_pt=size)
    pdf.use(size)
    with pdf.table(col_widths=widths, width=min(sum(widths), pdf.epw), align="LEFT", text_align="LEFT",
                   line_height=size * PT * 1.18, padding=(0.5, 0.8), headings_style=heading, v_align="MIDDLE",
                   first_row_as_headings=True, repeat_headings=0) as grid:
        header = grid.row()
        for name in columns:
            header.cell(pdf.txt(name))
        for title, rows in table.groupby(columns[0], sort=False):
            for position, (_, row) in enumerate(rows.iterrows()):
                cells = grid.row()
                if position == 0:
                    cells.cell(pdf.txt(title), rowspan=len(rows), style=bold_face, v_align="TOP")
                for column in columns[1:]:
                    number = column in ("Open", "MISS") and any(ch.isdigit() for ch in str(row[column]))
                    cells.cell(pdf.txt(row[column]), style=bold_face if number else plain_face)


# ---------------------------------------------------------------- patient handout


_PATIENT_FIT: dict[str, float] = {}


def patient_handout(evidence: Evidence, figures: pd.DataFrame, page: str = "A4", choices: dict[str, str] | None = None,
                    questions: list[str] | None = None, version: str = APP_VERSION) -> bytes:
    """One page to take home: the decision, every comparison side by side in words and numbers, the infection and
    recovery charts, what matters to the patient and their questions, a box for the surgeon's notes, the sources
    behind the numbers with DOIs, the date the evidence was searched, version, funding and the notice.

    figures: the figures shown (filtered in surgeon mode). page: "A4" or "Letter".
    choices: metric_id -> how much it matters, only for the factors the patient marked.
    questions: questions to ask, most important first (components.matters.questions(choices) makes them).
    """
    if page not in PAGES:
        raise ValueError(f"page must be one of {PAGES}, not {page!r}")
    content = _PatientContent(
        grid=grid_table(evidence, figures, "patient"),
        icon=_infection_chart(evidence, figures, 360),
        second=_stay_chart(evidence, figures, 620),
        marked=_marked(evidence, figures, choices or {}),
        questions=list(dict.fromkeys([*(questions or []), *GENERAL_QUESTIONS])),
        citations=[_short_citation(s) for _, s in cited_sources(evidence, figures).iterrows()],
        selection=_selection_note(evidence, figures),
        footer=(f"Evidence last searched: {evidence_searched(evidence)}. Spine Fusion Compare, version {version}. "
                f"Handout made on {dt.date.today().isoformat()}. {FUNDING}"),
    )
    key = f"{page}:{content.signature()}"
    scales = sorted(PATIENT_SCALES, key=lambda s: s != _PATIENT_FIT.get(key))  # the last fit first, if known
    for scale in scales:
        trial = _Doc(page, draw_images=key in _PATIENT_FIT)  # a known fit is drawn at once
        if not _patient_page(trial, content, scale):
            continue
        if len(_PATIENT_FIT) > 256:
            _PATIENT_FIT.clear()
        _PATIENT_FIT[key] = scale
        if trial.draw_images:
            return bytes(trial.output())
        pdf = _Doc(page)
        _patient_page(pdf, content, scale)
        return bytes(pdf.output())
    raise RuntimeError("The handout does not fit on one page even in the smallest type.")


@dataclass
class _PatientContent:
    grid: pd.DataFrame
    icon: _Chart | None
    second: _Chart | None
    marked: list[tuple[str, str]]
    questions: list[str]
    citations: list[str]
    selection: str
    footer: str

    def signature(self) -> str:
        """What decides the layout (texts and image sizes), to remember which type scale fitted."""
        parts = [self.grid.to_json(), repr(self.marked), repr(self.questions), repr(self.citations), self.selection,
                 self.footer]
        for chart in (self.icon, self.second):
            parts.append("" if chart is None else repr((chart.title, chart.caption, chart.words,
                                                        chart.png and _aspect(chart.png))))
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _marked(evidence: Evidence, figures: pd.DataFrame, choices: dict[str, str]) -> list[tuple[str, str]]:
    """(heading, headline in words) for each factor the patient marked, in the order given."""
    by_metric = summaries_for(evidence, figures)
    return [(f"{by_metric[m].patient_label} ({str(level).lower()}): ", by_metric[m].sentence)
            for m, level in choices.items() if m in by_metric]


def _selection_note(evidence: Evidence, figures: pd.DataFrame) -> str:
    if len(figures) >= len(evidence.figures):
        return ""
    return (f"The numbers come from a selection of the studies made during your visit "
            f"({len(figures)} of {len(evidence.figures)} results).")


def _patient_page(pdf: _Doc, content: _PatientContent, s: float) -> bool:
    """Lay the page out at type scale s; False when it would not fit on one page."""
    pdf.set_title("Open or minimally invasive spine fusion? Patient handout")
    pdf.add_page()
    left, width = pdf.l_margin, pdf.epw
    bottom = pdf.h - pdf.b_margin
    gap = 6
    half = (width - gap) / 2

    # title, decision, blanks for name and date
    pdf.set_y(pdf.t_margin)
    pdf.block(left, width * 0.66, "Open or minimally invasive spine fusion?", 15 * s, bold=True, gap=0.6)
    pdf.block(left, width * 0.66, DECISION, 10 * s, bold=True, gap=0.2)
    title_end = pdf.block(left, width * 0.66, f"{DECISION_NOTE} {content.selection}".strip(), 7.5 * s)
    pdf.set_y(pdf.t_margin + 1)
    for label in ("Name:", "Date of visit:"):
        pdf.use(8 * s)
        pdf.set_x(left + width * 0.68)
        pdf.cell(width * 0.32, 7 * s, pdf.txt(label), border="B", new_x="LEFT", new_y="NEXT")
        pdf.set_y(pdf.y + 1.5 * s)
    pdf.set_y(max(title_end, pdf.y) + 0.8 * s)

    # every comparison, open and MISS side by side; the trade-offs are the last rows
    pdf.block(left, width, "The comparisons side by side", 10.5 * s, bold=True, gap=0.3)
    pdf.block(left, width, "Typical results from the studies, the same as in the app. Where Open and MISS show no "
              "number, no study we found gives numbers for both approaches. The trade-offs rows are the downsides and "
              "long-term results. " + SHAPES, 7 * s, gap=0.8)
    _option_grid(pdf, content.grid, 7.2 * s, _widths(pdf, content.grid, width, 7.2 * s))
    pdf.set_y(pdf.y + 2.5 * s)

    # the two charts
    top = chart_bottom = pdf.y
    for index, chart in enumerate((content.icon, content.second)):
        if chart is not None:
            pdf.set_y(top)
            chart_bottom = max(chart_bottom, _chart_cell(pdf, chart, left + index * (half + gap), half, 72 * s, s))
    pdf.set_y(chart_bottom + 2 * s)

    # sources and footer, anchored to the bottom of the page
    sources_title = "Sources of the numbers above (every study is listed in the app, with its DOI)"
    split = (len(content.citations) + 1) // 2
    columns = [content.citations[:split], content.citations[split:]]
    cite_size = 6.2 * s
    cite_h = max(sum(pdf.height(half, c, cite_size) + 0.3 for c in column) for column in columns)
    foot_h = pdf.height(width, NOTICE, 7.4 * s, bold=True) + 0.3 + pdf.height(width, content.footer, 6.6 * s)
    footer_top = bottom - (pdf.height(width, sources_title, 7.5 * s, bold=True) + 0.5 + cite_h + 1.5 + foot_h)

    # what matters and the questions on the left, the surgeon's notes box on the right, in the space between
    band_top, band_bottom = pdf.y, footer_top - 2.5 * s
    if _matters_column(pdf, content, left, half, band_top, s) > band_bottom or band_bottom - band_top < 35 * s:
        return False
    _notes_box(pdf, left + half + gap, band_top, half, band_bottom - band_top, s)

    pdf.set_draw_color(MID)
    pdf.line(left, footer_top - 1, left + width, footer_top - 1)
    pdf.set_draw_color(DARK)
    pdf.set_y(footer_top)
    pdf.block(left, width, sources_title, 7.5 * s, bold=True, gap=0.5)
    y = pdf.y
    for index, column in enumerate(columns):
        pdf.set_y(y)
        for citation in column:
            pdf.block(left + index * (half + gap), half, citation, cite_size, gap=0.3)
    pdf.set_y(y + cite_h + 1.5)
    pdf.block(left, width, NOTICE, 7.4 * s, bold=True, gap=0.3)
    pdf.block(left, width, content.footer, 6.6 * s, gap=0)
    return pdf.pages_count == 1 and pdf.y <= bottom + 0.5


def _chart_cell(pdf: _Doc, chart: _Chart, x: float, w: float, box_h: float, s: float) -> float:
    """A chart under its title with its words and source; a tall chart gets its words beside it. Returns the end."""
    pdf.block(x, w, chart.title, 9 * s, bold=True, gap=0.5)
    top = pdf.y
    notes = [(text, size) for text, size in ((chart.words, 7 * s), (chart.caption, 6.2 * s)) if text]
    alt = f"Chart: {chart.title}. {chart.words}"
    if chart.png and _aspect(chart.png) > 0.9:
        image_w, image_h = pdf.picture(chart.png, x, top, min(w * 0.55, box_h / _aspect(chart.png)), box_h, alt)
        pdf.set_y(top + 6 * s)
        for text, size in notes:
            pdf.block(x + image_w + 3, w - image_w - 3, text, size, gap=1.2)
        return max(top + image_h, pdf.y)
    if chart.png:
        _, image_h = pdf.picture(chart.png, x, top, w, box_h, alt)
        pdf.set_y(top + image_h + 0.5)
    for text, size in notes:
        pdf.block(x, w, text, size, gap=0.3)
    return pdf.y


def _matters_column(pdf: _Doc, content: _PatientContent, x: float, w: float, y: float, s: float) -> float:
    """'What matters to me' and the questions to ask, with lines to write on; returns where it ends."""
    pdf.set_y(y)
    pdf.block(x, w, "What matters to me", 9 * s, bold=True, gap=0.4)
    if not content.marked:
        pdf.block(x, w, "Nothing marked in the app yet. You can mark what matters to you under 'What matters to me', "
                  "or write it here:", 7 * s, gap=0.3)
        for _ in range(2):
            pdf.rule(x, w, 5.5 * s)
    for heading, words in content.marked:
        pdf.rich(x, w, [(heading, True), (words, False)], 7 * s, gap=0.5)
    pdf.set_y(pdf.y + 1.2 * s)
    pdf.block(x, w, "Questions to ask my surgeon", 9 * s, bold=True, gap=0.4)
    for number, question in enumerate(content.questions, start=1):
        pdf.rich(x, w, [(f"{number}. ", True), (question, False)], 7 * s, gap=0.3)
    for _ in range(2):
        pdf.rule(x, w, 5.5 * s)
    return pdf.y


def _notes_box(pdf: _Doc, x: float, y: float, w: float, h: float, s: float) -> None:
    pdf.set_line_width(0.4)
    pdf.rect(x, y, w, h)
    pdf.set_line_width(0.2)
    pdf.set_y(y + 1.2)
    pdf.block(x + 2, w - 4, "Notes from my surgeon", 9 * s, bold=True, gap=0.2)
    pdf.block(x + 2, w - 4, "For example: which approach, why, and what happens next.", 6.5 * s)
    while pdf.y + 6 * s < y + h - 1:
        pdf.rule(x + 2, w - 4, 6 * s)


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

    def signature(self) -> str:
        """What decides the page's layout, to remember which type scale fitted."""
        chart = None if self.chart is None else (self.chart.caption, self.chart.words,
                                                 self.chart.png and _aspect(self.chart.png))
        parts = (self.title, self.question, chart, self.numbers, self.passages, self.source_ids,
                 None if self.grid is None else self.grid.to_json(), self.note, self.address)
        return hashlib.sha256(repr(parts).encode()).hexdigest()


def presenter_handout(evidence: Evidence, figures: pd.DataFrame, steps: list[str], version: str = APP_VERSION) -> bytes:
    """One landscape A4 page per presenter step, in the order of `steps`: 'glance' is the option grid; any other
    step is a measure id, with its chart, its summary in words, the article's passages on it and their sources."""
    known = {"glance", *evidence.metrics.metric_id}
    unknown = [step for step in steps if step not in known]
    if unknown:
        raise ValueError(f"unknown presenter steps: {unknown}")
    slides = [_slide(evidence, figures, step) for step in steps]
    pdf = _Doc("A4", orientation="landscape", margin=12)
    pdf.set_title("Open or minimally invasive spine fusion? Presenter hand-out")
    trial = None  # pages are tried on a second document that is never output, only when no fit is remembered
    for number, slide in enumerate(slides, start=1):
        footer = (f"Spine Fusion Compare {version} \u00b7 page {number} of {len(slides)} \u00b7 evidence last "
                  f"searched {evidence_searched(evidence)} \u00b7 {FUNDING} {NOTICE}")
        key = f"{slide.signature()}:{footer}"
        if key not in _PRESENTER_FIT:
            if trial is None:
                trial = _Doc("A4", orientation="landscape", margin=12, draw_images=False)
            if len(_PRESENTER_FIT) > 512:
                _PRESENTER_FIT.clear()
            fits = (s for s in PRESENTER_SCALES if _presenter_page(trial, evidence, slide, footer, s))
            _PRESENTER_FIT[key] = next(fits, PRESENTER_SCALES[-1])
        _presenter_page(pdf, evidence, slide, footer, _PRESENTER_FIT[key])
    return bytes(pdf.output())


_PRESENTER_FIT: dict[str, float] = {}


def _slide(evidence: Evidence, figures: pd.DataFrame, step: str) -> _Slide:
    """A page of the presenter hand-out: the overview grid, or one measure as on its slide."""
    if step == "glance":
        return _Slide("At a glance: open or minimally invasive spine fusion?", f"{DECISION} {DECISION_NOTE}",
                      source_ids=_sources_behind(evidence, figures, evidence.metrics.metric_id),
                      grid=grid_table(evidence, figures, "presenter"), note=OVERVIEW_NOTE,
                      address=phone_address("glance"))
    summary = summaries_for(evidence, figures)[step]
    comparison = evidence.comparisons.set_index("comparison_id").loc[summary.comparison_id]
    slide = _Slide(summary.patient_label, f"{comparison.title}: {comparison.patient_question}")
    slide.numbers.append((f"{summary.label}: ", f"{said(summary)} {' '.join(summary.also)}".strip()))
    slide.chart = _presenter_chart(evidence, figures, summary, comparison.chart)
    slide.source_ids += list(summary.source_ids)
    slide.note = speaker_note(summary)
    for row in passages_for(evidence, [step]).itertuples():
        slide.passages.append((row.text, f"Claim check: {row.verdict}. {row.verdict_reason}"))
        if isinstance(row.source_ids, str):
            slide.source_ids += [part.strip() for part in row.source_ids.split(";") if part.strip()]
    known = set(evidence.sources.source_id)
    slide.source_ids = [s for s in dict.fromkeys(slide.source_ids) if s in known]
    return slide


def _presenter_chart(evidence: Evidence, figures: pd.DataFrame, summary: Summary, chart: str) -> _Chart | None:
    """The slide's chart as on screen: icon array for a risk, the summary chart for a measure with both typical
    values, else one row per study."""
    if summary.kind == "risk":
        return _risk_chart(summary, 760)
    return _summary_chart(summary, 760) or _dumbbell_chart(evidence, figures, _metric(evidence, summary.metric_id), 760)


def _presenter_page(pdf: _Doc, evidence: Evidence, slide: _Slide, footer: str, s: float) -> bool:
    """Draw one presenter page at type scale s; False when it would not fit on it."""
    pdf.add_page()
    first_page = pdf.pages_count
    left, width = pdf.l_margin, pdf.epw
    bottom = pdf.h - pdf.b_margin
    pdf.set_y(pdf.t_margin)
    pdf.block(left, width, slide.title, 20 * s, bold=True, gap=0.8)
    pdf.block(left, width, slide.question, 12 * s, gap=2.5 * s)

    table = evidence.sources.set_index("source_id")
    cites = "; ".join(_short_citation(table.loc[s_id]) for s_id in slide.source_ids)
    cite_text = f"Sources: {cites}" if cites else ""
    footer_top = bottom - pdf.height(width, footer, 7 * s)
    if cite_text:
        footer_top -= pdf.height(width, cite_text, 7.5 * s) + 1.5

    if slide.grid is not None:
        _option_grid(pdf, slide.grid, 9 * s, _widths(pdf, slide.grid, width, 9 * s))
        top, code = pdf.y + 2 * s, 30 * s  # the QR code's side, mm
        pdf.set_y(top)
        pdf.block(left, width - code - 6, "Speaker notes", 10 * s, bold=True, gap=0.6)
        pdf.block(left, width - code - 6, slide.note, 9 * s, gap=1)
        pdf.picture(qr_png(slide.address), left + width - code, top, code, code,
                    alt=f"QR code: {slide.address}")
        pdf.set_y(max(pdf.y, top + code))
        pdf.block(left + width - code - 40, code + 40, slide.address, 6.5 * s, gap=0)
        ok = pdf.y <= footer_top - 1
    else:
        gap = 8
        chart_w = width * 0.56
        text_x, text_w = left + chart_w + gap, width - chart_w - gap
        top = pdf.y
        below = pdf.height(chart_w, "The numbers in words", 12 * s, bold=True) + 0.8 + sum(
            pdf.height(chart_w, label + words, 9.5 * s, bold=True) + 1.2 * s for label, words in slide.numbers)
        chart = slide.chart
        if chart is not None and chart.png:
            below += pdf.height(chart_w, chart.caption, 8 * s) + 2.5 * s
            room = min(130 * s, footer_top - top - below - 2)
            if room < 35:
                return False
            _, h = pdf.picture(chart.png, left, top, chart_w, room, alt=f"Chart: {chart.title}")
            pdf.set_y(top + h + 1)
            pdf.block(left, chart_w, chart.caption, 8 * s, gap=1.5 * s)
        elif chart is not None and chart.words:
            pdf.block(left, chart_w, chart.words, 10 * s, gap=1.5 * s)
        else:
            pdf.block(left, chart_w, "No chart: no study we found gives numbers for both approaches.", 10 * s,
                      gap=1.5 * s)
        pdf.block(left, chart_w, "The numbers in words", 12 * s, bold=True, gap=0.8)
        for label, words in slide.numbers:
            pdf.rich(left, chart_w, [(label, True), (words, False)], 9.5 * s, gap=1.2 * s)
        pdf.block(left, chart_w, "Speaker notes", 12 * s, bold=True, gap=0.8)
        pdf.block(left, chart_w, slide.note, 9 * s, gap=1.2 * s)
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
        pdf.block(left, width, cite_text, 7.5 * s, gap=1.5)
    pdf.block(left, width, footer, 7 * s, gap=0)
    return ok and pdf.pages_count == first_page and pdf.y <= bottom + 0.5
