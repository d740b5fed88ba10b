"""Page-wide look: the presenter's large, clean layout, and the permanent footer."""

from __future__ import annotations

import streamlit as st

from evidence.citations import evidence_searched
from evidence.load import Evidence
from evidence.summary import GRID_COLUMNS
from evidence.wording import FUNDING, NOTICE

PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"] { display: none; }
.block-container { max-width: 100%; padding: 0.6rem 2rem 0.4rem 2rem; }
.stApp { font-size: 1.4rem; }
.stApp h1 { font-size: 2.6rem; padding: 0.2rem 0 0.4rem 0; }
.stApp h2, .stApp h3 { font-size: 1.9rem; }
.stApp p, .stApp li, .stApp blockquote { font-size: 1.35rem; line-height: 1.3; }
.stApp [data-testid="stCaptionContainer"] p { font-size: 1.15rem; }
.st-key-footer p { font-size: 0.95rem !important; line-height: 1.25; }
.st-key-presenter_bar p { font-size: 1.1rem; margin: 0; }
.st-key-clicker_keys { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
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
