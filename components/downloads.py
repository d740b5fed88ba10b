"""Download buttons for a comparison: its data as CSV, its chart as PNG and SVG (made only when clicked)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from evidence.export import chart_image, figures_csv
from evidence.load import Evidence


def buttons(evidence: Evidence, rows: pd.DataFrame, figure: go.Figure | None, name: str) -> None:
    """CSV of the rows behind the chart, and the chart itself as images."""
    csv, png, svg = st.columns(3)
    csv.download_button("Data (CSV)", lambda: figures_csv(rows, evidence.sources), f"{name}.csv", "text/csv",
                        key=f"csv_{name}", icon=":material/table:", on_click="ignore")
    if figure is None:
        return
    png.download_button("Chart (PNG)", lambda: chart_image(figure, "png"), f"{name}.png", "image/png",
                        key=f"png_{name}", icon=":material/image:", on_click="ignore")
    svg.download_button("Chart (SVG)", lambda: chart_image(figure, "svg"), f"{name}.svg", "image/svg+xml",
                        key=f"svg_{name}", icon=":material/image:", on_click="ignore")
