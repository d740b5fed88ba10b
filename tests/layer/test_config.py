"""The server configuration keeps the privacy and safety promises (read the way Streamlit reads it)."""

import tomllib
from pathlib import Path

CONFIG = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())


def test_no_outside_requests_and_no_telemetry():
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["browser"]["serverAddress"] == "localhost"


def test_errors_hidden_and_xsrf_on_and_uploads_capped():
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert 0 < CONFIG["server"]["maxUploadSize"] <= 10


def test_light_and_dark_themes_with_the_system_font():
    assert {"light", "dark"} <= set(CONFIG["theme"])
    assert CONFIG["theme"]["font"] == "sans-serif"
