"""Spine Fusion Compare: open versus minimally invasive spine fusion. Reads mode and view from the URL and routes."""

import streamlit as st

from components import (
    article,
    closing,
    comparison,
    data_source,
    decide,
    glance,
    handout,
    layout,
    matters,
    method,
    navigation,
    phone,
    presenter,
    warm_up,
)

st.set_page_config(page_title="Spine Fusion Compare", layout="wide")

evidence = data_source.current()
warm_up.start(evidence)
mode, view = navigation.sidebar(evidence)
layout.style(mode)
phone.style()
figures = navigation.surgeon_filters(evidence.figures) if mode == "surgeon" else evidence.figures
if mode == "presenter":
    presenter.controls(evidence)
else:
    navigation.topic_picker(evidence)

if view == "glance" and mode == "presenter":
    presenter.overview(evidence)
elif view == "glance":
    glance.render(evidence, figures, mode)
elif view == "closing":
    closing.render(evidence, figures, mode)
elif view == "matters":
    matters.render(evidence, figures, mode)
elif view == "decide":
    decide.render(evidence, figures, mode)
elif view == "source":
    article.render(evidence)
elif view == "method":
    method.render(evidence)
elif mode == "presenter":
    presenter.slide(evidence, figures, navigation.current_slide(evidence))
else:
    comparison.render(evidence, figures, view, mode)
handout.buttons(evidence, figures, mode, decision=decide.handout_lines(evidence, figures))
data_source.upload_box()
layout.footer(evidence)
