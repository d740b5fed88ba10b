"""Which evidence the app serves: the configured folder (or the shipped data when it is invalid), plus the user's upload."""

from __future__ import annotations

import streamlit as st

from evidence.load import SHIPPED_DATA, DataError, Evidence, data_folder, load_folder
from evidence.uploads import add_own_data, unpack
from evidence.wording import plain

UPLOAD_HELP = (
    "A figures.csv (and, if your rows cite new studies, a sources.csv), or a zip holding them, in the columns described "
    "in data/README.md. Up to 5 MB. Your data stays in this browser tab: it is not saved and no one else sees it."
)


def current() -> Evidence:
    """The evidence to show this session: published figures, with the user's own beside them if they uploaded some.
    The uploader's file is read from the session (its box is drawn last in the sidebar, by upload_box)."""
    evidence = _published()
    upload = st.session_state.get("upload")
    if upload is None:
        st.session_state.pop("own_evidence", None)
        return evidence
    cached = st.session_state.get("own_evidence")
    if cached is None or cached[0] != upload.file_id:
        try:
            cached = (upload.file_id, add_own_data(evidence, unpack(upload.name, upload.getvalue())), [])
        except DataError as err:
            cached = (upload.file_id, None, [str(p) for p in err.problems])
        st.session_state.own_evidence = cached
    _, merged, problems = cached
    return evidence if problems else merged


def upload_box() -> None:
    """'Add your own data' at the foot of the sidebar (a patient meets the decision first): the uploader, then what
    became of the file: every problem, with the published evidence still shown, or how many own figures are shown."""
    with st.sidebar.expander("Add your own data", icon=":material/upload_file:"):
        st.file_uploader("Your figures (CSV or ZIP)", type=["csv", "zip"], key="upload", help=UPLOAD_HELP)
        state = st.session_state.get("own_evidence")
        if state is None:
            return
        _, merged, problems = state
        if problems:
            st.error("This file could not be used; still showing the published evidence. Fix these and upload again:")
            st.text("\n".join(problems[:50]))
            return
        own = int(merged.figures.own.sum())
        st.success(f"Showing your {own} figure{'s' if own != 1 else ''} beside the published ones, marked 'Your data'.")


def _published() -> Evidence:
    """Load the configured folder; on bad data show every problem and keep serving the shipped evidence."""
    folder = data_folder()
    try:
        return load_folder(folder)
    except DataError as err:
        with st.sidebar.expander(f"The data in {plain(folder.name)} could not be used", expanded=True,
                                 icon=":material/error:"):
            st.error("Showing the published evidence instead. Fix these and reload:")
            st.text("\n".join(str(p) for p in err.problems[:50]))
        return load_folder(SHIPPED_DATA)
