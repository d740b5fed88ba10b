"""AppTest helpers: run the real dashboard script with a mode and view from the URL."""

import pytest
from streamlit.testing.v1 import AppTest

DOWNSIDES = ["risks", "long_term", "xray_time", "suitability"]  # the pages of risks, downsides and long-term results
COMPARISONS = ["incision", "blood_loss", "infection", "pain", "hospital_stay", "recovery", *DOWNSIDES]
VIEWS = ["glance", *COMPARISONS, "closing", "matters", "decide", "source"]
MODES = ["patient", "surgeon", "presenter"]


def open_app(mode: str = "patient", view: str = "glance", **params) -> AppTest:
    app = AppTest.from_file("../../dashboard.py", default_timeout=60)
    app.query_params.update(mode=mode, view=view, **params)
    return app.run()


@pytest.fixture
def app_at():
    return open_app
