"""Which evidence the app serves: the configured data folder, or the shipped data when that folder is invalid."""

from __future__ import annotations

import streamlit as st

from evidence.load import SHIPPED_DATA, DataError, Evidence, data_folder, load_folder


def current() -> Evidence:
    """Load the configured folder; on bad data show every problem and keep serving the shipped evidence."""
    folder = data_folder()
    try:
        return load_folder(folder)
    except DataError as err:
        with st.sidebar.expander(f"The data in {folder.name} could not be used", expanded=True, icon=":material/error:"):
            st.error("Showing the published evidence instead. Fix these and reload:")
            st.text("\n".join(str(p) for p in err.problems[:50]))
        return load_folder(SHIPPED_DATA)
