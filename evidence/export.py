"""Exports of what is on screen: the figures behind a chart as CSV (with their sources), charts as PNG/SVG."""

from __future__ import annotations

import os
import threading
import warnings

import kaleido
import pandas as pd
import plotly.graph_objects as go

os.environ.setdefault("BROWSER_PATH", "/usr/bin/chromium")
_KALEIDO = threading.Lock()  # one export at a time: kaleido's shared server is not safe across threads
_server_started = False
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _defuse(value: object) -> object:
    """Keep spreadsheets from running a cell as a formula (CSV injection)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def figures_csv(rows: pd.DataFrame, sources: pd.DataFrame) -> bytes:
    """The figure rows joined with their source's citation and DOI, as UTF-8 CSV."""
    cited = rows.merge(
        sources[["source_id", "authors", "year", "title", "journal", "doi", "url"]], on="source_id", how="left"
    )
    return cited.map(_defuse).to_csv(index=False).encode("utf-8")


def chart_image(figure: go.Figure, fmt: str, scale: float = 2) -> bytes:
    """A chart as PNG or SVG through kaleido (Debian's Chromium), kept open between exports, MathJax off (no CDN)."""
    global _server_started
    with _KALEIDO, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # kaleido warns about options plotly always sends
        if not _server_started:
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
            _server_started = True
        return figure.to_image(format=fmt, scale=scale if fmt == "png" else 1)
