"""The floor for benchmarks/speed.py: the least a Streamlit page with one Plotly chart can cost.

One title, one small Plotly chart and a sidebar "Show" radio kept in the URL (so a change can be timed the same way as
in the dashboard). The chart's key and title follow the choice, so a click draws a new chart, as switching views does.
Run: python -m streamlit run benchmarks/floor_app.py
"""

import plotly.graph_objects as go
import streamlit as st

CHOICES = ["First", "Second", "Third"]

st.set_page_config(page_title="Floor", layout="wide")
with st.sidebar:
    choice = st.radio("Show", CHOICES, key="view")
st.title(choice)
shift = CHOICES.index(choice)
figure = go.Figure(go.Scatter(x=[1, 2, 3, 4], y=[3 + shift, 1, 4, 2 + shift], mode="lines+markers", name=choice))
figure.update_layout(title=dict(text=f"Chart {choice}"), height=400)
st.plotly_chart(figure, key=f"chart_{choice}", config={"displaylogo": False})
st.query_params["view"] = choice  # the URL follows the choice, as the dashboard's does
