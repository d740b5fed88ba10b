"""Page-wide look: the presenter's large, clean layout, and the permanent footer."""

from __future__ import annotations

import streamlit as st

from evidence.summaries import evidence_searched
from evidence.wording import FUNDING, NOTICE
from evidence.load import Evidence

PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"] { display: none; }
.block-container { max-width: 100%; padding-top: 1rem; }
.stApp { font-size: 1.5rem; }
.stApp h1 { font-size: 3.2rem; }
.stApp h2, .stApp h3 { font-size: 2.2rem; }
.stApp p, .stApp li, .stApp blockquote { font-size: 1.6rem; line-height: 1.45; }
.stApp table td, .stApp table th { font-size: 1.5rem; padding: 0.6rem 0.8rem; }
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


def style(mode: str) -> None:
    """Our own fixed CSS (never data): print rules always, the large clean layout for presenters."""
    st.html(PRINT_CSS + (PRESENTER_CSS if mode == "presenter" else ""))


def footer(evidence: Evidence) -> None:
    """Notice, date of the evidence search, update policy, authorship and funding, on every view."""
    searched = evidence_searched(evidence)
    st.divider()
    st.caption(
        f"{NOTICE} Evidence last searched: {searched}. Update policy: the studies are searched again at least once "
        f"a year and whenever a major trial or review appears. Made by the Spine Fusion Compare team. {FUNDING}"
    )
