"""Speed: the dashboard against a floor (benchmarks/floor_app.py: one Plotly chart), measured the same way, same run.

Browser (Debian's headless Chromium through Playwright, a fresh browser context per measurement):
  * page open -> every chart drawn, for ?view=glance and ?view=blood_loss, and for the floor page;
  * widget change -> updated view drawn: click "Hospital stay" in the sidebar "Show" radio (from ?view=blood_loss),
    and click "Second" in the floor's "Show" radio.
  Timed inside the page: page open from navigation start (performance.now()); a click from the click event. "Drawn"
  means: connected, script notRunning, no skeleton, the view's own <h1>, and every .stPlotlyChart holding a drawn
  .main-svg whose chart titles are the ones that view draws (learnt once per view before timing).
  Each figure is reported in ms and as a ratio to the floor (target <= 1.5x).
Server side:
  * AppTest (streamlit.testing.v1) reruns of dashboard.py per view after a warm-up, in a session opened with
    ?mode=…&view=…: the same view again, and the rerun a click on "Hospital stay" causes (target < 150 ms); the
    floor app the same way. (A session's first AppTest run is not timed: it includes AppTest's ~100 ms scan of
    every installed package for components, which the real server does once at start.);
  * the real server over its websocket, one session: page open and a "Show" click per view, to script_finished.
Every figure is the median of --reps repetitions (default 5), measured after one unrecorded warm-up.

    python benchmarks/speed.py                    # everything (about 3-4 minutes on 2 cores)
    python benchmarks/speed.py --reps 3 --skip-browser
    python benchmarks/speed.py --profile glance   # cProfile of AppTest runs of one view, top functions

Only loopback traffic: both servers are started here on 127.0.0.1 on free ports and stopped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import logging
import os
import pstats
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.load import VIEWS, Session, machine, revision, start_server, stop_server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
DASHBOARD = ROOT / "dashboard.py"
FLOOR = ROOT / "benchmarks" / "floor_app.py"
BROWSER_TARGET = 1.5  # x the floor
SERVER_TARGET_MS = 150.0
TIMEOUT_MS = 60_000

# True once the page shows a finished run whose <h1> and chart titles are the expected ones, every chart drawn;
# then the time since navigation start (performance.now()). `expect` null: only report what is there (calibration).
DRAWN_JS = """
(expect) => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.dataset.testConnectionState !== 'CONNECTED' || app.dataset.testScriptState !== 'notRunning')
    return false;
  if (document.querySelector('[data-testid=stSkeleton]')) return false;
  const h1 = document.querySelector('[data-testid=stMain] h1');
  const charts = [...document.querySelectorAll('.stPlotlyChart')];
  if (!h1 || !charts.every(c => c.querySelector('.main-svg'))) return false;
  const titles = charts.map(c => (c.querySelector('.gtitle') || {}).textContent || '');
  const seen = {h1: h1.innerText.trim(), titles: titles};
  if (expect === null) return seen;
  if (seen.h1 !== expect.h1 || titles.length !== expect.titles.length) return false;
  if (titles.some((t, i) => t !== expect.titles[i])) return false;
  return performance.now();
}
"""
# Installed before a click: notes the click's time, then on every frame checks the page (bounded by timeoutMs) and
# stores when the run had finished with the new <h1> (script notRunning) and when every chart was drawn too.
WATCH_CLICK_JS = """
({expect, timeoutMs}) => {
  const drawn = %s;
  window.__bench = {clicked: null, finished: null, drawn: null, failed: null};
  document.addEventListener('click', () => {
    if (window.__bench.clicked === null) window.__bench.clicked = performance.now();
  }, {capture: true});
  const started = performance.now();
  const tick = () => {
    const b = window.__bench;
    if (b.clicked !== null && b.finished === null) {
      const app = document.querySelector('[data-testid=stApp]');
      const h1 = document.querySelector('[data-testid=stMain] h1');
      if (app && app.dataset.testScriptState === 'notRunning' && h1 && h1.innerText.trim() === expect.h1)
        b.finished = performance.now();
    }
    const done = b.clicked !== null && drawn(expect);
    if (done) { b.drawn = done; if (b.finished === null) b.finished = done; return; }
    if (performance.now() - started > timeoutMs) { b.failed = 'timeout'; return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
""" % DRAWN_JS.strip()


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def fmt(ms: float | None) -> str:
    return "n/a" if ms is None else f"{ms:,.0f} ms"


# ---------------------------------------------------------------------------------------------------------------
# Browser
# ---------------------------------------------------------------------------------------------------------------

class Browser:
    """One headless Chromium; each measurement in its own fresh context (a first visit, empty cache)."""

    def __init__(self):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        self.expected: dict[str, dict] = {}
        self.outside: list[str] = []

    def close(self) -> None:
        self.browser.close()
        self._playwright.stop()

    def _page(self):
        context = self.browser.new_context(viewport={"width": 1400, "height": 1000})
        context.route("**/*", self._only_loopback)
        return context, context.new_page()

    def _only_loopback(self, route) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "ws://localhost", "data:",
                           "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def learn(self, url: str) -> dict:
        """What `url` shows once settled: its <h1> and its charts' titles (waits 2.5 s for late charts)."""
        if url not in self.expected:
            context, page = self._page()
            try:
                page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
                page.wait_for_function(DRAWN_JS, arg=None, polling="raf", timeout=TIMEOUT_MS)
                page.wait_for_timeout(2500)
                seen = page.wait_for_function(DRAWN_JS, arg=None, polling="raf", timeout=TIMEOUT_MS).json_value()
            finally:
                context.close()
            if not seen["titles"]:
                raise RuntimeError(f"{url} drew no chart; nothing to time")
            self.expected[url] = seen
        return self.expected[url]

    def page_open(self, url: str) -> float:
        """ms from navigation start to the view drawn."""
        expect = self.learn(url)
        context, page = self._page()
        try:
            page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
            return page.wait_for_function(DRAWN_JS, arg=expect, polling="raf", timeout=TIMEOUT_MS).json_value()
        finally:
            context.close()

    def widget_change(self, url: str, label: str, target_url: str) -> tuple[float, float]:
        """ms from clicking `label` in the sidebar (page opened at `url`) to the run finished with the new <h1>,
        and to the view `target_url` shows drawn, every chart included."""
        start, expect = self.learn(url), self.learn(target_url)
        context, page = self._page()
        try:
            page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
            page.wait_for_function(DRAWN_JS, arg=start, polling="raf", timeout=TIMEOUT_MS)
            page.evaluate(WATCH_CLICK_JS, {"expect": expect, "timeoutMs": TIMEOUT_MS})
            page.locator("[data-testid=stSidebar]").get_by_text(label, exact=True).click(timeout=TIMEOUT_MS)
            page.wait_for_function("window.__bench.drawn !== null || window.__bench.failed !== null",
                                   timeout=TIMEOUT_MS + 5000)
            bench = page.evaluate("window.__bench")
            if bench["failed"] or bench["clicked"] is None:
                raise RuntimeError(f"{target_url} was not drawn after clicking {label!r}: {bench}")
            return bench["finished"] - bench["clicked"], bench["drawn"] - bench["clicked"]
        finally:
            context.close()


def browser_figures(reps: int) -> dict:
    """Dashboard and floor servers side by side; measurements interleaved so both see the same machine load."""
    processes, browser = [], None
    samples: dict[str, list[float]] = {}
    try:
        dash_process, dash = start_server("dashboard.py")
        processes.append(dash_process)
        floor_process, floor = start_server(str(FLOOR.relative_to(ROOT)))
        processes.append(floor_process)
        browser = Browser()
        cases = {
            "open glance": lambda: browser.page_open(f"{dash}/?view=glance"),
            "open blood_loss": lambda: browser.page_open(f"{dash}/?view=blood_loss"),
            "open floor": lambda: browser.page_open(f"{floor}/"),
            "click Hospital stay": lambda: browser.widget_change(f"{dash}/?view=blood_loss", "Hospital stay",
                                                                 f"{dash}/?view=hospital_stay"),
            "click floor": lambda: browser.widget_change(f"{floor}/", "Second", f"{floor}/?view=Second"),
        }
        # what each view draws once settled (the floor's second choice is learnt by clicking to it)
        for url in (f"{dash}/?view=glance", f"{dash}/?view=blood_loss", f"{dash}/?view=hospital_stay", f"{floor}/"):
            browser.learn(url)
        browser.expected[f"{floor}/?view=Second"] = _floor_second(browser, floor)
        for rep in range(reps + 1):  # rep 0: warm-up, not recorded
            for name, measure in cases.items():
                value = measure()
                if not rep:
                    continue
                if isinstance(value, tuple):  # a click: (run finished, view drawn)
                    samples.setdefault(f"{name} (run finished)", []).append(value[0])
                    value = value[1]
                samples.setdefault(name, []).append(value)
            if rep:
                print(f"  browser rep {rep}/{reps}: " + ", ".join(f"{n} {samples[n][-1]:.0f}" for n in cases),
                      flush=True)
    finally:
        if browser is not None:
            browser.close()
        for process in processes:
            stop_server(process)
    if browser.outside:
        raise RuntimeError(f"requests to other hosts were blocked: {browser.outside[:5]}")
    return {"samples": samples, "median": {n: median(v) for n, v in samples.items()},
            "expected": browser.expected}


def _floor_second(browser: Browser, floor: str) -> dict:
    context, page = browser._page()
    try:
        page.goto(f"{floor}/", wait_until="commit", timeout=TIMEOUT_MS)
        page.wait_for_function(DRAWN_JS, arg=None, polling="raf", timeout=TIMEOUT_MS)
        page.locator("[data-testid=stSidebar]").get_by_text("Second", exact=True).click()
        page.wait_for_function("() => (document.querySelector('[data-testid=stMain] h1') || {}).innerText === 'Second'",
                               timeout=TIMEOUT_MS)
        page.wait_for_timeout(2500)
        return page.wait_for_function(DRAWN_JS, arg=None, polling="raf", timeout=TIMEOUT_MS).json_value()
    finally:
        context.close()


# ---------------------------------------------------------------------------------------------------------------
# Server side: AppTest, and the real server over its websocket
# ---------------------------------------------------------------------------------------------------------------

class _NoBareModeWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "missing ScriptRunContext" not in record.getMessage()


def _quiet_streamlit() -> None:
    """AppTest outside `streamlit run` logs a harmless 'missing ScriptRunContext' warning per run; drop those."""
    import streamlit.testing.v1  # noqa: F401  (creates streamlit's loggers)
    from streamlit.logger import get_logger

    get_logger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_NoBareModeWarning())


def apptest_rerun(script: Path, params: dict[str, str], click: tuple[str, str] | None = None) -> tuple[float, object]:
    """ms of one rerun of `script` in an AppTest session already showing `params` (the first run is not timed:
    AppTest scans every installed package for components on it, ~100 ms the real server spends once at start).
    With `click` (radio key, value) the timed rerun is the one that click causes; else the same view again."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(script), default_timeout=60)
    app.query_params.update(**params)
    app.run()
    if click:
        app.radio(key=click[0]).set_value(click[1])
    start = time.perf_counter()
    app.run()
    ms = (time.perf_counter() - start) * 1000
    if app.exception:
        raise RuntimeError(f"{script.name} {params} raised: {app.exception[0].value}")
    return ms, app


def apptest_figures(reps: int, modes: list[str]) -> dict:
    _quiet_streamlit()
    cases: dict[str, tuple] = {"floor": (FLOOR, {}, None), "floor click": (FLOOR, {}, ("view", "Second"))}
    for mode in modes:
        for view in VIEWS:
            cases[f"{mode} {view}"] = (DASHBOARD, {"mode": mode, "view": view}, None)
        cases[f"{mode} click Hospital stay"] = (DASHBOARD, {"mode": mode, "view": "blood_loss"},
                                                ("view", "hospital_stay"))
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for rep in range(reps + 1):  # rep 0: warm-up
        for name, (script, params, click) in cases.items():
            ms, _ = apptest_rerun(script, params, click)
            if rep:
                samples[name].append(ms)
    return {"samples": samples, "median": {n: median(v) for n, v in samples.items()}}


def websocket_figures(reps: int, mode: str = "patient") -> dict:
    """One session alone against the real server: page open and 'Show' click per view, ms to script_finished."""
    process, url = start_server("dashboard.py")

    async def measure() -> dict[str, list[float]]:
        out: dict[str, list[float]] = {}
        labels: dict[str, str] = {}
        for rep in range(reps + 1):
            for view in VIEWS:
                session = Session(url, 0, timeout=60)
                await session.connect()
                try:
                    run = await session.open(mode, view)
                    if run.error:
                        raise RuntimeError(f"open {view}: {run.error}")
                    labels[view] = session.radios[session.view_radio()].value
                    if rep:
                        out.setdefault(f"open {view}", []).append(run.ms)
                finally:
                    await session.close()
            session = Session(url, 0, timeout=60)
            await session.connect()
            try:
                await session.open(mode, VIEWS[-1])
                for view in VIEWS:
                    run = await session.switch(mode, view, labels[view])
                    if run.error:
                        raise RuntimeError(f"click {view}: {run.error}")
                    if rep:
                        out.setdefault(f"click {view}", []).append(run.ms)
            finally:
                await session.close()
        return out

    try:
        samples = asyncio.run(measure())
    finally:
        stop_server(process)
    return {"samples": samples, "median": {n: median(v) for n, v in samples.items()}}


def profile_view(view: str, mode: str, runs: int, top: int = 45) -> str:
    """cProfile of the script thread over `runs` AppTest reruns of one view (after a warm-up): the top functions
    by cumulative time. (cProfile sees only its own thread, so it is switched on inside ScriptRunner._run_script.)"""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
    from streamlit.testing.v1 import AppTest

    _quiet_streamlit()
    app = AppTest.from_file(str(DASHBOARD), default_timeout=60)
    app.query_params.update(mode=mode, view=view)
    app.run()
    app.run()
    profiler = cProfile.Profile()
    original = ScriptRunner._run_script

    def profiled(self, rerun_data):
        profiler.enable()
        try:
            return original(self, rerun_data)
        finally:
            profiler.disable()

    ScriptRunner._run_script = profiled
    try:
        start = time.perf_counter()
        for _ in range(runs):
            app.run()
        each = (time.perf_counter() - start) * 1000 / runs
    finally:
        ScriptRunner._run_script = original
    out = io.StringIO()
    out.write(f"{runs} reruns of ?mode={mode}&view={view}: {each:.0f} ms each under cProfile\n")
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------------------------

def report(results: dict, reps: int) -> tuple[str, bool]:
    lines = [f"Spine Fusion Compare: speed, median of {reps} after a warm-up",
             f"date {results['started']}; {results['machine']}; revision {results['revision']}"]
    ok = True
    if "browser" in results:
        m = results["browser"]["median"]
        lines += ["", "Browser (headless Chromium, fresh context each)      dashboard      floor    ratio  target",
                  "-" * 92]
        for name, floor in (("open glance", "open floor"), ("open blood_loss", "open floor"),
                            ("click Hospital stay", "click floor")):
            ratio = m[name] / m[floor] if m[name] and m[floor] else None
            passed = ratio is not None and ratio <= BROWSER_TARGET
            ok &= passed
            label = {"open glance": "page open -> charts drawn, ?view=glance",
                     "open blood_loss": "page open -> charts drawn, ?view=blood_loss",
                     "click Hospital stay": "click 'Hospital stay' -> view drawn"}[name]
            lines.append(f"{label:<50} {fmt(m[name]):>10} {fmt(m[floor]):>10} "
                         f"{'n/a' if ratio is None else f'{ratio:.2f}x':>8}  <= {BROWSER_TARGET}x "
                         f"{'ok' if passed else 'MISSED'}")
        finished, floor_finished = m.get("click Hospital stay (run finished)"), m.get("click floor (run finished)")
        lines.append(f"{'  of which: until the run finished (new h1)':<50} {fmt(finished):>10} "
                     f"{fmt(floor_finished):>10}")
        charts = {u.split('?')[-1] if '?' in u else 'floor': len(e['titles'])
                  for u, e in results["browser"]["expected"].items()}
        lines.append(f"charts drawn per page: {charts}")
        server = results.get("websocket", {}).get("median", {}).get("click hospital_stay")
        if server and m["click Hospital stay"]:
            lines.append(f"of the click: the server's run (one session, websocket) {fmt(server)}; the rest, "
                         f"{fmt(m['click Hospital stay'] - server)}, is transport, React and Plotly drawing")
    if "apptest" in results:
        m = results["apptest"]["median"]
        lines += ["", f"Server side, AppTest rerun of the script, view already open (target < {SERVER_TARGET_MS:.0f} ms)",
                  "-" * 92]
        lines.append(f"{'floor_app.py':<50} {fmt(m['floor']):>10}   click {fmt(m['floor click'])}")
        modes = sorted({k.split()[0] for k in m if k.split()[0] not in ("floor",)})
        lines.append(f"{'view':<22}" + "".join(f"{mode:>14}" for mode in modes))
        for view in [*VIEWS, "click Hospital stay"]:
            cells = []
            for mode in modes:
                value = m.get(f"{mode} {view}")
                passed = value is not None and value < SERVER_TARGET_MS
                ok &= passed
                cells.append(f"{fmt(value)}{'' if passed else '*'}".rjust(14))
            lines.append(f"{view:<22}" + "".join(cells))
        lines.append("* = over the target")
    if "websocket" in results:
        m = results["websocket"]["median"]
        lines += ["", "Real server, one session over /_stcore/stream (ms to script_finished, patient mode)",
                  "-" * 92, f"{'view':<22}{'page open':>14}{'Show click':>14}"]
        for view in VIEWS:
            lines.append(f"{view:<22}{fmt(m.get(f'open {view}')):>14}{fmt(m.get(f'click {view}')):>14}")
    return "\n".join(lines), ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=5, help="repetitions per figure (median reported)")
    parser.add_argument("--modes", default="patient,surgeon", help="modes for the AppTest table")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--skip-apptest", action="store_true")
    parser.add_argument("--skip-websocket", action="store_true")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--json", type=Path, help="also write every sample as JSON here")
    parser.add_argument("--profile", metavar="VIEW", help="only profile AppTest runs of this view and print them")
    parser.add_argument("--profile-mode", default="patient")
    args = parser.parse_args(argv)
    if not 1 <= args.reps <= 50:
        raise SystemExit("--reps must be 1..50")
    if args.profile:
        if args.profile not in VIEWS:
            raise SystemExit(f"--profile takes one of {', '.join(VIEWS)}")
        print(profile_view(args.profile, args.profile_mode, args.reps))
        return 0
    results: dict = {"started": datetime.now().astimezone().isoformat(timespec="seconds"),
                     "machine": machine(), "revision": revision()}
    if not args.skip_browser:
        print("browser …", flush=True)
        results["browser"] = browser_figures(args.reps)
    if not args.skip_websocket:
        print("real server over the websocket …", flush=True)
        results["websocket"] = websocket_figures(args.reps)
    if not args.skip_apptest:
        print("AppTest …", flush=True)
        results["apptest"] = apptest_figures(args.reps, [m.strip() for m in args.modes.split(",") if m.strip()])
    results["load_average_after"] = os.getloadavg()
    text, ok = report(results, args.reps)
    print()
    print(text)
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in results['load_average_after'])}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
