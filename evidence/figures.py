"""Figure builders: plain functions that take tables and return a plotly Figure (no Streamlit but caches).

Built figures are cached and shared between sessions, so nothing may change a figure after it is returned:
callers that adapt one (the PDF handout) copy it first."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from evidence.filters import for_metric
from evidence.load import BY_FINGERPRINT, Evidence, Selection
from evidence.reading import studies_chart_title
from evidence.summary import Summary, summaries
from evidence.wording import (
    about,
    denominator,
    number,
    per,
    plain_design,
    plain_unit,
    plain_unit_text,
    plotly_text,
    short_name,
)

OPEN = {"name": "Open", "color": "#0072B2", "symbol": "circle"}
MISS = {"name": "MISS", "color": "#D55E00", "symbol": "diamond"}
ARMS = (("open", OPEN), ("miss", MISS))
GLYPHS = {"circle": "\u25cf", "diamond": "\u25c6"}
EMPTY = "#BBBBBB"
BETTER = {"lower": "(lower is better)", "higher": "(higher is better)"}  # an axis title's last words
TITLE_CHARACTERS, TITLE_LINE_PX = 40, 22  # a patient chart title's line on a 375 px phone, and the room each line adds
FONT = dict(family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif", size=15,
            color="#222222")  # set here, so no theme greys the text below AA contrast


def study_label(row: pd.Series, sources: pd.DataFrame) -> str:
    """'Li 2018 · meta-analysis of RCTs' for a figure row."""
    source = sources.set_index("source_id").loc[row.source_id]
    mine = "Your data: " if row.get("own", False) else ""
    return f"{mine}{plotly_text(short_name(source))}<br>{plotly_text(row.design)}"


def source_caption(rows: pd.DataFrame, sources: pd.DataFrame) -> str:
    """'Sources: Li 2018; Sun 2013' for a chart's caption (where in each paper is in the studies table)."""
    parts = []
    for row in rows.itertuples():
        source = sources.set_index("source_id").loc[row.source_id]
        parts.append(short_name(source))
    return "Sources: " + "; ".join(dict.fromkeys(parts))


def _layout(fig: go.Figure, title: str, caption: str, height: int) -> go.Figure:
    """Shared look: left title, legend under it, wrapped source caption at the foot (caption is escaped here)."""
    lines = textwrap.wrap(caption, 48)
    fig.update_layout(
        title=dict(text=plotly_text(title), x=0, xanchor="left", y=0.98, yanchor="top"),
        font=FONT,
        height=height + 18 * len(lines),
        margin=dict(l=10, r=20, t=110, b=100 + 18 * len(lines)),
        legend=dict(orientation="h", yanchor="bottom", y=1.01, xanchor="left", x=0),
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
    fig.add_annotation(
        text="<br>".join(plotly_text(line) for line in lines), xref="paper", yref="paper", x=0, y=0,
        yshift=-95, xanchor="left", yanchor="top",
        showarrow=False, font=dict(size=12, color="#333333"), align="left",
    )
    fig.update_xaxes(showgrid=True, gridcolor="#E5E5E5", zeroline=False, linecolor="#555555")
    fig.update_yaxes(linecolor="#555555")
    return fig


def one_unit(rows: pd.DataFrame, unit: str = "") -> pd.DataFrame:
    """Only the rows that share one unit (the measure's, else the commonest), so one axis never mixes units."""
    if rows.empty:
        return rows
    return rows[rows.unit == (unit if unit in set(rows.unit) else rows.unit.mode().iloc[0])]


def _spread(row: pd.Series, arm: str) -> tuple[float, float]:
    """How far the error bar reaches above and below an arm's value (NaN: no bar)."""
    value, low, high, sd = row[f"{arm}_value"], row[f"{arm}_low"], row[f"{arm}_high"], row[f"{arm}_sd"]
    if row.spread_type == "SD" and pd.notna(sd):
        return sd, min(sd, value)
    if pd.notna(low) and pd.notna(high):
        return high - value, value - low
    return float("nan"), float("nan")


def dumbbell(figures: pd.DataFrame, metric: pd.Series, sources: pd.DataFrame) -> go.Figure:
    """Open and MISS values per study on one axis, spread as error bars, labelled directly (three traces in all)."""
    rows = one_unit(figures[figures.open_value.notna() & figures.miss_value.notna()], metric.unit)
    labels = [study_label(row, sources) for _, row in rows.iterrows()]
    ys = list(range(len(rows)))  # one line per row, even where two rows come from one study
    links_x, links_y = [], []
    for y, (_, row) in zip(ys, rows.iterrows()):
        links_x += [row.open_value, row.miss_value, None]
        links_y += [y, y, None]
    fig = go.Figure(go.Scatter(x=links_x, y=links_y, mode="lines", line=dict(color="#999999", width=3),
                               showlegend=False, hoverinfo="skip"))
    named_unit = rows.unit.iloc[0] if len(rows) else metric.unit
    unit = plotly_text(named_unit)
    reach = []  # how far right each value and its bar go
    for arm, style in ARMS:
        plus, minus = zip(*[_spread(row, arm) for _, row in rows.iterrows()]) if len(rows) else ((), ())
        reach += [value + (0 if pd.isna(up) else up) for value, up in zip(rows[f"{arm}_value"], plus)]
        fig.add_trace(go.Scatter(
            x=rows[f"{arm}_value"], y=ys, customdata=labels, mode="markers+text", name=style["name"],
            marker=dict(color=style["color"], symbol=style["symbol"], size=16, line=dict(color="white", width=1)),
            error_x=dict(type="data", array=list(plus), arrayminus=list(minus), color=style["color"], thickness=1.5),
            text=[f"{style['name']} {number(v)}" for v in rows[f"{arm}_value"]], cliponaxis=False,
            textposition="top center" if arm == "open" else "bottom center",
            textfont=dict(color="#222222", size=13),
            hovertemplate=f"{style['name']}: %{{x}} {unit}<extra>%{{customdata}}</extra>",
        ))
    title = textwrap.wrap(f"{metric.label}, {named_unit}", 44) + [BETTER.get(metric.better, "")]
    fig.update_xaxes(title_text="<br>".join(plotly_text(line) for line in title), rangemode="tozero")
    if len(rows):
        fig.update_xaxes(range=[0, 1.18 * max(reach)])
    _name_rows(fig, labels)
    height = 230 + 95 * max(len(rows), 1)  # about 95 px a row: study, open label, values, MISS label
    return _layout(fig, metric.label, source_caption(rows, sources), height)


ROW_NAME = "row name"  # names the annotations of _name_rows, so that for_room can move them


def _name_rows(fig: go.Figure, labels: list[str]) -> None:
    """Rows by position, top down, each named above its row (over the value labels) inside the plot, so that no axis
    of names takes a phone's width from the values; on one line where it fits a phone."""
    for y, label in enumerate(labels):
        fig.add_annotation(text=label if len(label) > 44 else label.replace("<br>", " · "), xref="paper", x=0, y=y,
                           xanchor="left", yanchor="bottom", yshift=28, align="left", showarrow=False,
                           font=dict(size=13, color="#555555"), name=ROW_NAME)
    fig.update_yaxes(visible=False, range=[len(labels) - 0.5, -0.75])


def differences(figures: pd.DataFrame, metric: pd.Series, sources: pd.DataFrame) -> go.Figure:
    """Pooled MISS-versus-open effects per study with 95% CI; ratios on a log axis."""
    rows = figures[figures.effect_value.notna() & figures.effect_sign.notna()]  # overall rates compare nothing
    ratio = bool(len(rows)) and (rows.effect_sign == "miss_over_open").all()
    if not ratio:
        rows = one_unit(rows[rows.effect_sign == "miss_minus_open"], metric.unit)
    labels = [study_label(row, sources) for _, row in rows.iterrows()]
    fig = go.Figure(go.Scatter(
        x=rows.effect_value, y=list(range(len(rows))), customdata=labels, mode="markers+text",
        hovertemplate="%{x}<extra>%{customdata}</extra>",
        marker=dict(color="#333333", symbol="square", size=13),
        error_x=dict(type="data", symmetric=False,
                     array=(rows.effect_high - rows.effect_value).fillna(0),
                     arrayminus=(rows.effect_value - rows.effect_low).fillna(0), thickness=1.5),
        text=[number(v) for v in rows.effect_value], textposition="top center", cliponaxis=False,
        name="Difference", showlegend=False,
    ))
    null = 1 if ratio else 0
    fig.add_vline(x=null, line=dict(color="#555555", dash="dash"))
    if len(rows) and not ratio:  # keep the no-difference line in view
        ends = pd.concat([rows.effect_value, rows.effect_low, rows.effect_high]).dropna()
        low, high = min(ends.min(), 0), max(ends.max(), 0)
        fig.update_xaxes(range=[low - 0.08 * (high - low), high + 0.08 * (high - low)])
    if ratio:
        fig.update_xaxes(type="log", tickvals=[0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
                         title_text="Ratio, MISS compared with open<br>(below 1 = fewer with MISS)")
    else:
        unit = plotly_text(rows.unit.iloc[0]) if len(rows) else ""
        fig.update_xaxes(title_text=f"MISS minus open, {unit}<br>(left of the dashed line = less with MISS)")
    _name_rows(fig, labels)
    return _layout(fig, "Difference between the approaches", source_caption(rows, sources),
                   230 + 85 * max(len(rows), 1))


def icon_array(open_rate: float, miss_rate: float, event: str, caption: str, wide: bool = False) -> go.Figure:
    """Two icon arrays with one denominator, events filled from the bottom, shape and colour both marking the arm.
    Out of 1000 they stack (a phone's width); wide puts them side by side, as a projector's shape suits, in tall
    blocks of 25 columns so that each icon can be drawn at least 12 px on a 1920x1080 slide, 2 columns apart."""
    out_of = denominator(open_rate, miss_rate)
    columns = 10 if out_of == 100 else 25 if wide else 40
    rows_per_panel = out_of // columns
    side_by_side = out_of == 100 or wide
    fig = go.Figure()
    for panel, (arm, style), rate in zip((0, 1), ARMS, (open_rate, miss_rate)):
        count = per(rate, out_of)
        size = 14 if out_of == 100 else 7
        if wide:  # a diamond of size s is 1.3 s wide: smaller, so that neighbours (ICON_CELL px apart) stay apart
            size = 28 if out_of == 100 else 12 if arm == "open" else 10
        x0 = panel * (columns + (2 if wide else 3)) if side_by_side else 0
        y0 = 0 if side_by_side else (1 - panel) * (rows_per_panel + 6)
        xs, ys, filled = [], [], []
        for i in range(out_of):
            xs.append(x0 + i % columns)
            ys.append(y0 + i // columns)
            filled.append(i < count)
        for state, name in ((True, f"{style['name']}: {count} in {out_of} {event}"),
                            (False, f"{style['name']}: {out_of - count} in {out_of} do not")):  # names serve hover
            pick = [j for j, f in enumerate(filled) if f == state]
            fig.add_trace(go.Scatter(
                x=[xs[j] for j in pick], y=[ys[j] for j in pick], mode="markers", name=plotly_text(name),
                marker=dict(
                    symbol=style["symbol"] if state else f"{style['symbol']}-open",
                    color=style["color"] if state else EMPTY,
                    size=size,
                ),
                hoverinfo="name", showlegend=False,
            ))
        split = "<br>" if side_by_side else " "  # stacked: one line, clear of the icons above
        fig.add_annotation(
            x=x0 + (columns - 1) / 2, y=y0 + rows_per_panel - 0.2, showarrow=False,
            text=(f"<b>{style['name']}</b>: {count} in {out_of}{split}(filled {style['symbol']}s)" if not wide else
                  f"<b>{style['name']}</b><br>{count} in {out_of}<br>(filled {GLYPHS[style['symbol']]})"),
            font=dict(size=16),
            yanchor="bottom",
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x")
    if wide:  # exactly the icons, so that they, not padding, get the room (the labels sit in the top margin)
        fig.update_xaxes(range=[-0.7, 2 * columns + 1.7])
        fig.update_yaxes(range=[-0.7, rows_per_panel - 0.1])  # the labels are anchored just inside
    return _layout(fig, f"Out of {out_of} people", caption, 420 if side_by_side else 620)


PRINT_FONT = 46  # px: text of a printed icon array drawn PRINT_WIDTH px wide: 11 pt or more at 85 mm wide
PRINT_WIDTH = 1000


def icon_blocks(summary: Summary, width: int = PRINT_WIDTH, font: int = PRINT_FONT) -> go.Figure:
    """A risk's icon array drawn for paper, with the summary's one denominator: each option's people in blocks of 100
    (10 by 10), each icon sized from the room it has at this width (a third of it left blank) so that icons stay
    apart in print, and each label inside the picture. Out of 100 the two blocks stand side by side; out of 1,000
    each option is a band of ten blocks (five wide, two high), open above MISS, under a one-line label. Filled icons
    are people with the event, counted from the bottom left."""
    out_of = denominator(summary.open_value, summary.miss_value)
    stacked = out_of == 1000
    blocks_wide, blocks_high = (5, 2) if stacked else (1, 1)
    arm_columns, arm_rows = blocks_wide * 11 - 1, blocks_high * 11 - 1  # one blank line between blocks
    label_rows = 1 if stacked else 3
    side = 10  # px of margin
    columns = arm_columns if stacked else 2 * arm_columns + 4
    cell = (width - 2 * side) / columns
    label = font * 1.3 * label_rows / cell + 0.6  # rows of icons a label takes
    rows = 2 * (arm_rows + label) + 1 if stacked else arm_rows + label
    when = f" {summary.window}" if summary.window else ""
    event = f"{summary.patient_label.lower()}{when}"
    fig = go.Figure()
    for panel, (arm, style), rate in zip((0, 1), ARMS, (summary.open_value, summary.miss_value)):
        count = per(rate, out_of)
        x0 = 0 if stacked else panel * (arm_columns + 4)
        y0 = (1 - panel) * (arm_rows + label + 1) if stacked else 0
        places = []
        for i in range(out_of):  # block by block from the bottom left, row by row within a block
            block, within = divmod(i, 100)
            places.append((x0 + (block % blocks_wide) * 11 + within % 10, y0 + (block // blocks_wide) * 11 + within // 10))
        size = cell * (0.62 if style["symbol"] == "circle" else 0.5)  # a diamond of size s is about 1.3 s wide
        for state, name in ((True, f"{style['name']}: {count} in {out_of} {event}"),
                            (False, f"{style['name']}: {out_of - count} in {out_of} do not")):
            pick = places[:count] if state else places[count:]
            fig.add_trace(go.Scatter(
                x=[p[0] for p in pick], y=[p[1] for p in pick], mode="markers", name=plotly_text(name),
                marker=dict(symbol=style["symbol"] if state else f"{style['symbol']}-open", size=size,
                            color=style["color"] if state else EMPTY,
                            line=dict(width=max(1.0, cell * 0.08), color=style["color"] if state else EMPTY)),
                hoverinfo="name", showlegend=False,
            ))
        words = (f"<b>{style['name']}</b>: {count} in {out_of} (filled {GLYPHS[style['symbol']]})" if stacked else
                 f"<b>{style['name']}</b><br>{count} in {out_of}<br>(filled {GLYPHS[style['symbol']]})")
        fig.add_annotation(x=x0 - 0.5 if stacked else x0 + (arm_columns - 1) / 2, y=y0 + arm_rows - 0.3,
                           xanchor="left" if stacked else "center", yanchor="bottom", showarrow=False, text=words,
                           font=dict(size=font, color=INK))
    fig.update_xaxes(visible=False, range=[-0.5, columns - 0.5], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-0.5, rows - 0.5], fixedrange=True)
    fig.update_layout(width=width, height=round(rows * cell + 2 * side), margin=dict(l=side, r=side, t=side, b=side),
                      showlegend=False, font=dict(FONT, size=font), plot_bgcolor="white", paper_bgcolor="white")
    return fig


def summary_chart(summary: Summary) -> go.Figure:
    """A continuous measure's summary: the typical value with open and the value with MISS (the typical value with
    the pooled difference applied, its range as an error bar), each labelled in the summary's own words."""
    values = {"open": summary.open_value, "miss": summary.miss_value}
    fig = go.Figure()
    for arm, style in ARMS:
        spread = {}
        if arm == "miss" and summary.miss_low is not None:
            spread = dict(error_x=dict(type="data", symmetric=False, array=[summary.miss_high - summary.miss_value],
                                       arrayminus=[summary.miss_value - summary.miss_low], color=style["color"],
                                       thickness=2))
        fig.add_trace(go.Scatter(
            x=[values[arm]], y=[style["name"]], mode="markers+text", name=style["name"], showlegend=False,
            marker=dict(color=style["color"], symbol=style["symbol"], size=22), cliponaxis=False,
            text=[f"{style['name']}: {about(values[arm], bare=True)}"], textposition="top center", **spread,
        ))
    unit = plotly_text(plain_unit(summary.unit)[0])
    fig.update_xaxes(title_text=f"{unit} {BETTER.get(summary.better, '')}".strip(), rangemode="tozero",
                     range=[0, 1.25 * max(v for v in (summary.open_value, summary.miss_high, summary.miss_value)
                                         if v is not None)])
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, summary.patient_label, summary_caption(summary), 330)


def summary_caption(summary: Summary) -> str:
    """'Sources: Park 2018; Chan 2023' for the numbers of a summary (where in each paper is in the studies table)."""
    studies = [e for e in (summary.effect, summary.typical) if e is not None]
    return "Sources: " + "; ".join(dict.fromkeys(e.study for e in studies))


def risk_icons(summary: Summary, wide: bool = False) -> go.Figure:
    """The icon array of a risk's summary: typical risk with open, corresponding risk with MISS, one denominator."""
    when = f" {summary.window}" if summary.window else ""
    return icon_array(summary.open_value, summary.miss_value, f"{summary.patient_label.lower()}{when}",
                      summary_caption(summary), wide=wide)


@st.cache_resource(show_spinner=False, max_entries=1024, hash_funcs=BY_FINGERPRINT)
def metric_charts(evidence: Evidence, selection: Selection, metric_id: str, chart: str,
                  with_differences: bool = True) -> tuple[go.Figure | None, go.Figure | None]:
    """The chart that suits a measure and its forest plot of pooled differences (each None when there is nothing to
    draw), from the figures with these ids. A risk is drawn from its summary as an icon array; others as one row per
    study. Keyed cheaply: the data's fingerprint and the ids, so a rerun reuses what was built."""
    figures = evidence.figures[evidence.figures.figure_id.isin(selection.ids)]
    metric = evidence.metrics.set_index("metric_id").loc[metric_id].rename(metric_id)
    rows = for_metric(figures, metric_id)
    summary = summaries(evidence, selection)[metric_id]
    main = None
    paired = (rows.open_value.notna() & rows.miss_value.notna() & (rows.unit == metric.unit)).any()
    if metric.kind == "risk" and summary.icons:
        main = risk_icons(summary)
    elif paired:  # a risk with no typical rate (e.g. repeat surgery) shows its studies' own rates, as others do
        main = dumbbell(rows, metric, evidence.sources)
    elif metric.kind == "continuous" and not _mean_differences(rows, metric).empty:
        return differences(rows, metric, evidence.sources), None  # known only as a difference: shown in every mode
    has_effects = with_differences and (rows.effect_value.notna() & rows.effect_sign.notna()).any()
    return main, differences(rows, metric, evidence.sources) if has_effects else None


def _mean_differences(rows: pd.DataFrame, metric: pd.Series) -> pd.DataFrame:
    """The rows giving a MISS-minus-open difference in the measure's unit (what differences() draws, not ratios)."""
    rows = rows[rows.effect_value.notna() & (rows.effect_sign == "miss_minus_open")]
    return rows[rows.unit == metric.unit]


@st.cache_resource(show_spinner=False)
def options_diagram(text_size: int = 15, height: int = 300, width: int | None = None) -> go.Figure:
    """The two options drawn from shapes (not to scale): the back seen from behind, the spine down the middle, one
    long cut for open surgery and a few short cuts beside the spine for MISS. Each label is four short lines
    centred over its own drawing, so the two never meet at any width."""
    fig = go.Figure()
    for panel, (arm, style) in enumerate(ARMS):
        x0 = panel * 17  # a wide gap: the labels stay apart where the drawing is squeezed
        fig.add_shape(type="rect", x0=x0, x1=x0 + 8, y0=0, y1=12, line=dict(color="#555555", width=2),
                      fillcolor="#F6EFE9", layer="below")
        for level in range(6):  # vertebrae
            fig.add_shape(type="rect", x0=x0 + 3.3, x1=x0 + 4.7, y0=1.5 + level * 1.6, y1=2.6 + level * 1.6,
                          line=dict(color="#888888"), fillcolor="#E3E3E3")
        cuts = [(x0 + 4, 3, 10)] if arm == "open" else [(x0 + 2.4, 5, 6.4), (x0 + 5.6, 5, 6.4)]
        for x, low, high in cuts:
            fig.add_shape(type="line", x0=x, x1=x, y0=low, y1=high, line=dict(color=style["color"], width=6))
        words = "one long<br>cut down<br>the middle" if arm == "open" else "a few short<br>cuts beside<br>the spine"
        fig.add_annotation(x=x0 + 4, y=12.4, text=f"<b>{style['name']}</b><br>{words}", showarrow=False,
                           yanchor="bottom", font=dict(size=text_size, color=FONT["color"]))
    fig.update_xaxes(visible=False, range=[-1, 26])
    fig.update_yaxes(visible=False, range=[-0.5, 12.5], scaleanchor="x")
    fig.update_layout(width=width, height=height, margin=dict(l=0, r=0, t=round(5.2 * text_size), b=10),
                      showlegend=False,
                      font=FONT,
                      plot_bgcolor="white", paper_bgcolor="white")
    return fig


ROOM_FONT = 30  # px: chart text on a 1920x1080 slide, readable from the back of a room
SLIDE_ROWS = 3  # studies a slide's chart of studies holds at most; more get the large-number panel
ROOM_WIDTH = 960  # px: a slide's chart. Fixed, as the slide is: smaller screens scale the whole slide
ICONS_WIDTH = 940  # px: an icon array's, in a wider column (two blocks of 25 x 40 icons)
ICON_CELL = 15  # px from one icon to the next on a slide (its plot is this high a row): 1 px apart at 1280x720
ROOM_DIAGRAM = (ROOM_FONT, 440, 760)  # the options drawing on the first slide: text size, height, width (px)
INK = "#222222"  # chart text on slides: 15.9:1 against white


def for_room(figure: go.Figure, height: int = 640, width: int = ROOM_WIDTH) -> go.Figure:
    """A copy of a chart for a 1920x1080 slide: every text at least ROOM_FONT px in INK (set explicitly, so no
    theme greys or shrinks it) and a fixed size. A value's label becomes an annotation set apart from its marker, and
    each study's name stands above its row's labels, so that at this size no text meets another or a marker; the top
    margin holds the legend or the icon arrays' labels. Cached figures are shared, so the copy is what changes."""
    fig = go.Figure(figure)
    text = dict(size=ROOM_FONT, color=INK)
    fig.layout.annotations = [a for a in fig.layout.annotations if a.yshift != -95]  # the slide names the sources
    line = ROOM_FONT * 1.3
    labels_above = max((a.text.count("<br>") + 1 for a in fig.layout.annotations
                        if a.yanchor == "bottom" and a.name != ROW_NAME), default=1)
    fig.update_layout(font=text, width=width, height=height, title_text="", legend_font=text,  # the slide's heading
                      margin=dict(l=10, r=40, t=round(labels_above * line + 24), b=20))  # is the title
    for trace in fig.data:
        if trace.type == "scatter" and trace.mode == "markers+text" and trace.textposition in ("top center",
                                                                                               "bottom center"):
            _labels_apart(fig, trace)
    for annotation in fig.layout.annotations:
        annotation.font.size = max(annotation.font.size or 0, ROOM_FONT)
        annotation.font.color = INK
        if annotation.name == ROW_NAME:  # above the open value's label
            annotation.text = annotation.text.replace("<br>", " · ")
            annotation.yshift = ROOM_MARKER / 2 + 2 * ROOM_GAP + line
    fig.update_xaxes(tickfont=text, title_font=text, automargin=True)
    fig.update_yaxes(tickfont=text, title_font=text, automargin=True)
    fig.update_traces(textfont=text, selector=dict(type="scatter"))
    return fig


ROOM_MARKER, ROOM_GAP = 16, 6  # px: a value's marker on a slide, and the room between it and its label


def _labels_apart(fig: go.Figure, trace: go.Scatter) -> None:
    """A trace's text labels as annotations ROOM_GAP px above (top) or below (bottom) its markers."""
    above = trace.textposition == "top center"
    size = trace.marker.size if isinstance(trace.marker.size, (int, float)) else ROOM_MARKER
    for x, y, label in zip(trace.x, trace.y, trace.text):
        fig.add_annotation(x=x, y=y, text=label, showarrow=False, yanchor="bottom" if above else "top",
                           yshift=(size / 2 + ROOM_GAP) * (1 if above else -1), font=dict(size=ROOM_FONT, color=INK))
    trace.mode = "markers"


def has_summary_figure(summary: Summary) -> bool:
    """Whether a summary has a chart of its own: a risk with both options in natural frequencies, or a continuous
    measure with both typical values."""
    both = summary.open_value is not None and summary.miss_value is not None
    return summary.icons or (summary.kind == "continuous" and both)


def summary_figure(summary: Summary) -> go.Figure | None:
    """The chart of a measure's summary: an icon array for a risk, open against MISS for a continuous measure with
    both typical values; None where the summary has no numbers for both."""
    if not has_summary_figure(summary):
        return None
    return risk_icons(summary) if summary.icons else summary_chart(summary)


@st.cache_resource(show_spinner=False, max_entries=256, hash_funcs=BY_FINGERPRINT)
def summary_figure_for(evidence: Evidence, selection: Selection, metric_id: str) -> go.Figure | None:
    """summary_figure of a measure in a selection, built once per data fingerprint and selection."""
    return summary_figure(summaries(evidence, selection)[metric_id])


@st.cache_resource(show_spinner=False, max_entries=256, hash_funcs=BY_FINGERPRINT)
def slide_chart(evidence: Evidence, selection: Selection, metric_id: str, chart: str) -> go.Figure | None:
    """A presenter slide's chart in room-sized type: the summary's chart, else one row per study."""
    summary = summaries(evidence, selection)[metric_id]
    figure = risk_icons(summary, wide=True) if summary.icons else summary_figure_for(evidence, selection, metric_id)
    rows = for_metric(evidence.figures[evidence.figures.figure_id.isin(selection.ids)], metric_id)
    pairs = one_unit(rows[rows.open_value.notna() & rows.miss_value.notna()], summary.unit)
    metric = evidence.metrics.set_index("metric_id").loc[metric_id]
    few = len(pairs) <= SLIDE_ROWS and (len(pairs) or len(_mean_differences(rows, metric)) <= 1)  # names sit on rows
    if figure is None and few:  # one row per study, where so few that a room's type fits them
        figure = metric_charts(evidence, selection, metric_id, chart, with_differences=False)[0]
    if figure is None:
        return None
    if not summary.icons:
        return for_room(figure, 740)
    room = for_room(figure, 790, ICONS_WIDTH)  # then as high as ICON_CELL px a row of icons, whatever its width
    rows = room.layout.yaxis.range[1] - room.layout.yaxis.range[0]
    room.update_layout(height=round(room.layout.margin.t + room.layout.margin.b + rows * ICON_CELL), margin_r=10)
    return room


@st.cache_resource(show_spinner=False, max_entries=1024, hash_funcs=BY_FINGERPRINT)
def patient_studies_chart(evidence: Evidence, selection: Selection, metric_id: str) -> go.Figure:
    """The studies' chart as a patient reads it, drawn as metric_charts draws it (open and MISS per study, else each
    study's difference): the measure's plain label, each study's design and the unit in plain words. Except for a
    risk, titled to say its numbers are each study's own, not rounded (so 255 in a study never seems to contradict
    'about 260' above it), in lines that fit a phone."""
    metric = evidence.metrics.set_index("metric_id").loc[metric_id].rename(metric_id)
    summary = summaries(evidence, selection)[metric_id]
    rows = for_metric(evidence.figures[evidence.figures.figure_id.isin(selection.ids)], metric_id)
    paired = (rows.open_value.notna() & rows.miss_value.notna() & (rows.unit == metric.unit)).any()
    plain = metric.copy()
    plain["label"], plain["unit"] = metric.patient_label, plain_unit_text(metric.unit, short=True)
    rows = rows.assign(unit=rows.unit.map(lambda u: plain_unit_text(u, short=True)),
                       design=rows.design.map(lambda d: plain_design(d, short=True)))
    fig = (dumbbell if paired else differences)(rows, plain, evidence.sources)
    if summary.kind == "risk":
        return fig
    lines = textwrap.wrap(studies_chart_title(summary), TITLE_CHARACTERS)
    extra = TITLE_LINE_PX * (len(lines) - 1)
    fig.update_layout(title_text="<br>".join(plotly_text(line) for line in lines), title_pad_t=TITLE_LINE_PX // 2,
                      margin_t=(fig.layout.margin.t or 0) + extra, height=(fig.layout.height or 450) + extra)
    word, explained = plain_unit(summary.unit)
    axis = textwrap.wrap(f"{word}{explained}", TITLE_CHARACTERS) + ([BETTER[summary.better]] if summary.better in BETTER
                                                                     else [])
    fig.update_xaxes(title_text="<br>".join(plotly_text(line) for line in axis))
    return fig


@st.cache_resource(show_spinner=False, max_entries=256, hash_funcs=BY_FINGERPRINT)
def patient_summary_figure(evidence: Evidence, selection: Selection, metric_id: str) -> go.Figure | None:
    """summary_figure_for as a patient reads it: the axis says the unit in plain words ('MME (milligrams of
    morphine, …)'). A copy, built once per data fingerprint and selection; the surgeons' figure is left as it is."""
    figure = summary_figure_for(evidence, selection, metric_id)
    if figure is None:
        return None
    summary = summaries(evidence, selection)[metric_id]
    lines = textwrap.wrap(f"{plain_unit_text(summary.unit, short=True)} {BETTER.get(summary.better, '')}".strip(), 44)
    plain = go.Figure(figure)
    plain.update_xaxes(title_text="<br>".join(plotly_text(line) for line in lines))
    return plain


def drawn_sources(evidence: Evidence, selection: Selection, metric_id: str) -> tuple[str, ...]:
    """The studies a measure's chart of studies draws (its rows of open and MISS values, else of differences); none
    when the chart is drawn from the summary (an icon array, or open against MISS)."""
    summary = summaries(evidence, selection)[metric_id]
    if has_summary_figure(summary):
        return ()
    metric = evidence.metrics.set_index("metric_id").loc[metric_id]
    rows = for_metric(evidence.figures[evidence.figures.figure_id.isin(selection.ids)], metric_id)
    pairs = one_unit(rows[rows.open_value.notna() & rows.miss_value.notna()], summary.unit)
    return tuple(dict.fromkeys((pairs if len(pairs) else _mean_differences(rows, metric)).source_id))
