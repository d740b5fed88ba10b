"""Page-wide look: the presenter's large, clean layout, and the permanent footer."""

from __future__ import annotations

import streamlit as st

from evidence.citations import evidence_searched
from evidence.load import Evidence
from evidence.summary import GRID_COLUMNS
from evidence.wording import FUNDING, NOTICE

PRESENTER_CSS = """
<style>
/* A slide is laid out for 1920x1080 px; smaller screens get the same slide, scaled down whole. */
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"] { display: none; }
.block-container { max-width: 100%; padding: 0 40px; }
.stApp h1 { font-size: 64px; line-height: 1.15; padding: 0 0 12px 0; }
.stApp p, .stApp li, .stApp blockquote { font-size: 36px; line-height: 1.25; }
.stApp p span { font-size: inherit !important; white-space: normal !important; }
.stApp [data-testid="stCaptionContainer"] { opacity: 1; }
.stApp [data-testid="stCaptionContainer"] p { font-size: 36px; color: #333333; }
[class*="st-key-big_open"], [class*="st-key-big_miss"] {
  border-left: 16px solid; padding: 4px 0 8px 28px; margin-bottom: 32px; gap: 0; }
[class*="st-key-big_open"] { border-color: #0072B2; }
[class*="st-key-big_miss"] { border-color: #D55E00; }
[class*="st-key-big_open"] p, [class*="st-key-big_miss"] p { font-size: 60px; line-height: 1.2; }
.st-key-big_open_long p, .st-key-big_miss_long p { font-size: 44px; }  /* long words, still read from the back */
.st-key-qr_address p { overflow-wrap: anywhere; }
.st-key-slide_sources p { color: #333333; }
.st-key-slide_quote p { color: #555555; font-style: italic; }  /* the article: beneath its verdict, quieter */
.st-key-presenter_controls { position: fixed; z-index: 1000; }
.stApp hr { margin: 8px 0; }
.st-key-footer p { font-size: 16px !important; line-height: 1.25; padding-right: 420px; }
.st-key-presenter_hint { position: fixed; right: 40px; bottom: 6px; z-index: 999; width: auto; }
.st-key-presenter_hint p { font-size: 20px; color: #555555; }
/* the presenter's own warning (QR code at localhost): small, bottom right, clear of the slide's text and footer */
.st-key-qr_local { position: fixed; right: 16px; bottom: 44px; z-index: 1001; width: 440px; }
.stApp .st-key-qr_local p { font-size: 18px; line-height: 1.3; }
/* the buttons are not projected: they appear on hover or keyboard focus, and always on touch screens */
.st-key-presenter_bar { position: fixed; left: 0; bottom: 0; padding: 12px 40px; opacity: 0; background: #ffffff;
  border-top: 1px solid #cccccc; }
.st-key-presenter_bar:hover, .st-key-presenter_bar:focus-within { opacity: 1; }
@media (hover: none) { .st-key-presenter_controls, .st-key-presenter_bar { position: static; opacity: 1; } }
.st-key-presenter_bar p { font-size: 20px; margin: 0; }
.st-key-clicker_keys { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
/* Smaller screens get the same slide, scaled down whole: the page keeps its 1920x1080 layout (so Streamlit and Plotly
   measure and draw every chart as at 1920x1080) and the browser scales it, charts and all. The frame is one screen
   high, so the fixed bar and hint stay at its foot; its margins give back the px the scaling saves. */
@media screen and (min-width: 701px) and (max-width: 1919px),
       screen and (min-width: 701px) and (max-height: 1079px) {
  .block-container { --scale: 0.83; width: 1920px; max-width: none; min-height: 1080px; transform-origin: 0 0;
    overflow: clip; transform: scale(var(--scale));
    margin: 0 calc((var(--scale) - 1) * 1920px) calc((var(--scale) - 1) * 1080px) 0; }
  /* Streamlit sizes a chart by its on-screen box: that box is scaled back up, and the plot in it down again */
  .stElementContainer:has(.stPlotlyChart) { overflow: clip; }
  [data-testid=stFullScreenFrame]:has(> .stPlotlyChart) { transform-origin: 0 0; transform: scale(calc(1 / var(--scale))); }
  .stPlotlyChart .js-plotly-plot { transform-origin: 0 0; transform: scale(var(--scale)); } }
@media (max-width: 1599px), (max-height: 899px) { .block-container { --scale: 0.71; } }
@media (max-width: 1365px), (max-height: 767px) { .block-container { --scale: 0.66; } }
@media (max-width: 700px) { .block-container { zoom: 0.36; } .stPlotlyChart { zoom: 2.778; } }  /* a phone: reflowed */
</style>
"""
PRINT_CSS = """
<style>
@media print {
  [data-testid="stSidebar"], header[data-testid="stHeader"], .stDownloadButton, [data-testid="stToolbar"] { display: none !important; }
  .stPlotlyChart { break-inside: avoid; zoom: 0.7; }
  [data-testid="stHorizontalBlock"] { flex-direction: column !important; }
  [data-testid="stColumn"] { width: 100% !important; max-width: 100% !important; }
  .block-container { max-width: 100% !important; padding: 0 !important; }
}
</style>
"""


def phone_cards(mode: str) -> str:
    """On a phone the option grid becomes one card per measure, each cell named by its column (our own column
    names from GRID_COLUMNS, never data)."""
    grid = f".st-key-grid_{mode}"
    labels = "".join(f'{grid} tbody td:nth-of-type({i})::before {{ content: "{name}: "; font-weight: 700; }}\n'
                     for i, name in enumerate(GRID_COLUMNS[mode][1:], start=1))
    return f"""<style>
@media (max-width: 640px) {{
  {grid} table, {grid} tbody, {grid} tr, {grid} th, {grid} td {{ display: block; width: 100% !important;
    max-width: 100%; box-sizing: border-box; white-space: normal !important; overflow-wrap: anywhere; }}
  {grid} [data-testid="stTable"], {grid} [data-testid="stTable"] > div {{ overflow: visible; width: 100%; }}
  {grid} thead {{ display: none; }}
  {grid} tbody tr {{ border-top: 2px solid #888; padding: 0.3rem 0; }}
  {grid} tbody th {{ font-weight: 700; border: none; }}
  {grid} tbody td {{ border: none; padding: 0.1rem 0.5rem; }}
  {grid} tbody th, {grid} tbody td {{ font-size: 16px; }}
{labels}}}
</style>"""


def style(mode: str) -> None:
    """Our own fixed CSS (never data): print rules and phone cards always, the large clean layout for presenters."""
    st.html(PRINT_CSS + phone_cards(mode) + (PRESENTER_CSS if mode == "presenter" else ""))


def footer(evidence: Evidence) -> None:
    """Notice, date of the evidence search, update policy, authorship and funding, on every view."""
    searched = evidence_searched(evidence)
    st.divider()
    st.container(key="footer").caption(
        f"{NOTICE} Evidence last searched: {searched}. Update policy: the studies are searched again at least once "
        f"a year and whenever a major trial or review appears. Made by the Spine Fusion Compare team. {FUNDING}"
    )
