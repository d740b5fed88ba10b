"""A CI-sized load test: 6 sessions at once against one real server, 3 views each, every run without an error.

The full size (30 sessions x all views, with latency and memory figures) is `python benchmarks/load.py`.
"""

from concurrent.futures import ThreadPoolExecutor

from benchmarks.load import percentile, run_load

SESSIONS = 6
VIEWS = ["glance", "blood_loss", "infection"]  # the overview, a dumbbell comparison, an icon-array comparison


def test_concurrent_sessions_run_every_view_without_error():
    # its own thread: Playwright's sync API keeps an event loop running in this one for the whole session
    with ThreadPoolExecutor(max_workers=1) as pool:
        report = pool.submit(run_load, sessions=SESSIONS, views=VIEWS, timeout=45, deadline=50).result()
    assert report.errors == [], "\n".join(report.errors[:20])
    assert len(report.runs) == SESSIONS * len(VIEWS)
    assert {run.mode for run in report.runs} == {"patient", "surgeon", "presenter"}
    assert all(run.charts >= 1 for run in report.runs if run.view == "blood_loss")  # a real page, not an empty run
    assert percentile([run.ms for run in report.runs], 95) < 30_000
