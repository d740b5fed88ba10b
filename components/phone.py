"""Phone-sized screens: the topic picker instead of the sidebar's, no chart toolbar over titles, a labelled menu
button; and at every width taps of at least 24x24 px (WCAG 2.2, 2.5.8) and no gap for a script that draws nothing.
Our own fixed CSS, never data."""

from __future__ import annotations

import streamlit as st

STYLE = """
<style>
.st-key-topic, .stElementContainer:has(> .stHtml > script:only-child) { display: none; }
[data-testid="stRadioOption"], [data-testid="stCheckbox"] label { min-height: 24px; align-items: center; }
[class*="st-key-more_"] button, [class*="st-key-more_"] button p { font-size: 16px; }  /* the glance's answers */
[data-testid="stMultiSelect"] button[aria-haspopup] { min-height: 24px; }
[data-testid="stTooltipIcon"] button, [data-testid="stHeaderActionElements"] a {
  min-width: 24px; min-height: 24px; display: inline-flex; align-items: center; justify-content: center; }
@media (max-width: 640px) {
  .st-key-topic { display: block; }
  [data-testid="stSidebar"] .st-key-view, .stPlotlyChart .modebar-container { display: none; }
  [data-testid="stExpandSidebarButton"] { min-height: 44px; padding: 0 0.6rem; gap: 0.3rem; }
  [data-testid="stExpandSidebarButton"]::after { content: "Menu"; font-size: 1rem; }
  .stMain h1 { font-size: 2rem; }  /* a title in two lines, not four: the first answers move up a screen's tenth */
}
</style>
"""


def style() -> None:
    """Add the phone rules to the page."""
    st.html(STYLE)
