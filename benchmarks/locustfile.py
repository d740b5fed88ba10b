"""Locust users for the lecture hall: each loads the page, opens its websocket session, then clicks a new view every
--pace seconds (default 10), cycling through every view from a different start, in patient or surgeon mode.

    locust -f benchmarks/locustfile.py --headless --host http://127.0.0.1:8501 -u 100 -r 5 -t 3m --html report.html

benchmarks/load.py starts the servers, runs this, and reads the figures back. Reported names:
  "page"       GET / (the HTML; its cookie keeps the tab on one replica behind nginx)
  "page open"  the websocket session's first run, connect included, to script_finished
  "click"      a click on another view in the sidebar, to script_finished
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

from locust import HttpUser, constant_pacing, events, task

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.streamlit_client import StreamlitTab  # noqa: E402
from benchmarks.views import LABELS  # noqa: E402

MODES = ["patient", "patient", "surgeon"]  # a class follows on phones; some look as a surgeon would
_numbers = itertools.count()


@events.init_command_line_parser.add_listener
def _options(parser) -> None:
    parser.add_argument("--pace", type=float, default=10.0, help="seconds from one click to the next, per user")


class Student(HttpUser):
    """One person in the room with the dashboard open in a browser tab."""

    def wait_time(self) -> float:
        return constant_pacing(self.environment.parsed_options.pace)(self)

    def on_start(self) -> None:
        number = next(_numbers)
        self.mode = MODES[number % len(MODES)]
        views = list(LABELS)
        start = number % len(views)
        self.views = itertools.cycle(views[start + 1:] + views[:start + 1])
        self.tab = None
        self.client.get("/", name="page")
        cookie = "; ".join(f"{name}={value}" for name, value in self.client.cookies.items())
        self._timed("page open", lambda: self._open(views[start], cookie))

    def _open(self, view: str, cookie: str):
        began = time.perf_counter()
        self.tab = StreamlitTab(self.host, cookie=cookie or None)
        run = self.tab.open(self.mode, view)
        run.ms = (time.perf_counter() - began) * 1000  # the connection is part of opening the page
        return run

    @task
    def click_next_view(self) -> None:
        if self.tab is None:
            return  # the page never opened (reported); nothing to click
        view = next(self.views)
        self._timed("click", lambda: self.tab.click(view, LABELS[view]))

    def on_stop(self) -> None:
        if self.tab is not None:
            self.tab.close()

    def _timed(self, name: str, action) -> None:
        began = time.perf_counter()
        try:
            run = action()
        except Exception as err:  # noqa: BLE001 - every failure (RunError, a closed socket, ...) is a counted error
            self.environment.events.request.fire(request_type="WS", name=name, exception=err, response_length=0,
                                                 response_time=(time.perf_counter() - began) * 1000, context={})
            if name == "page open":
                self.tab = None
            return
        self.environment.events.request.fire(request_type="WS", name=name, response_time=run.ms,
                                             response_length=run.bytes, exception=None, context={})
