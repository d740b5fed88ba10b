"""A CI-sized lecture hall: Locust users against one real server, every page open and click without an error.

The full size (100 users, 3 minutes, 2 replicas behind nginx) is `python benchmarks/load.py`, part of `make benchmark`.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest

from benchmarks import load
from benchmarks.servers import Replicas
from benchmarks.streamlit_client import RunError, StreamlitTab

USERS = 8


def test_locust_users_open_the_page_and_click_through_views_without_error(tmp_path):
    # its own thread: Playwright's sync API keeps an event loop running in this one for the whole session
    with ThreadPoolExecutor(max_workers=1) as pool:
        result = pool.submit(load.run, users=USERS, spawn_rate=4.0, run_time=16, pace=2.0, replicas=1,
                             out=tmp_path).result()
    assert result.errors == 0, result.table()
    assert result.count("page") == USERS and result.count("page open") == USERS
    assert result.count("click") >= USERS * 4  # each user clicked on through the views
    assert result.percentile("click", "100%") < 30_000
    assert (tmp_path / "report.html").stat().st_size > 10_000  # Locust's own HTML report
    assert result.cpu_ms_per_run and result.cpu_ms_per_run > 0


def test_the_load_client_counts_a_wrong_view_as_an_error():
    server = Replicas(1)
    try:
        tab = StreamlitTab(server.url)
        assert tab.open("patient", "blood_loss").charts >= 1
        with pytest.raises(RunError, match="not an option"):
            tab.click("nowhere", "Nowhere")
        tab.close()
        fresh = StreamlitTab(server.url)
        with pytest.raises(RunError, match="URL says view=glance"):
            fresh.open("patient", "no_such_view")  # the app falls back to the overview: not what was asked for
        fresh.close()
    finally:
        server.stop()
