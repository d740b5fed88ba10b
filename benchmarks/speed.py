"""`make benchmark`: every speed target of the dashboard beside its figure and the floor's, measured in one run.

The floor (benchmarks/floor_app.py: one title, one Plotly chart, a "Show" radio in the URL) is measured the same
way, on the same machine, in the same run; ratios are dashboard / floor.
  * Server CPU per script run, every view in every mode: a StreamlitTab (benchmarks/streamlit_client.py) reruns the
    view it has open (a "Show" click on the same view) --reps x 10 times; the server process's CPU over those runs
    / runs. Both servers warmed first (the dashboard's background warm-up finished).
  * Browser (Debian's headless Chromium through Playwright, a fresh context per measurement): page open -> every
    chart drawn (?view=glance, ?view=blood_loss); sidebar click "Hospital stay" -> that view drawn. Timed inside the
    page (performance.now()); "drawn": connected, run finished, the view's <h1>, every chart's SVG with the titles
    that view draws. Medians of --reps after a warm-up.
  * Lecture hall (benchmarks/load.py, Locust): 100 users started over 20 s, a click every 10 s each, 3 minutes, 2
    replicas behind nginx: errors, p95 click-to-view.
  * Memory per session: 300 tabs held open on one warmed replica; RSS slope from the 50th to the 300th.
  * Handouts (benchmarks/handout_bench.py): the first one after the server's warm-up and later ones.

    python benchmarks/speed.py                    # everything (about 9 minutes on 2 cores)
    python benchmarks/speed.py --quick            # small: 2 reps, a 20 s lecture hall of 10 users, no browser
    python benchmarks/speed.py --profile glance   # cProfile of AppTest runs of one view, top functions

Only loopback traffic: every server is started here on 127.0.0.1 and stopped afterwards.
"""

from __future__ import annotations

import argparse
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

from benchmarks import handout_bench, load  # noqa: E402
from benchmarks.servers import Replicas, machine, process_cpu_seconds, process_rss_mb, revision  # noqa: E402
from benchmarks.streamlit_client import StreamlitTab  # noqa: E402
from benchmarks.views import LABELS, VIEWS  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
DASHBOARD = ROOT / "dashboard.py"
FLOOR = ROOT / "benchmarks" / "floor_app.py"
MODES = ["patient", "surgeon", "presenter"]
TARGETS = {"server CPU": 1.5, "click": 1.5, "open": 1.15, "lecture p95 ms": 1000, "MB per session": 2.0,
           "handout s": handout_bench.TARGET_S}
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
    servers, browser = [], None
    samples: dict[str, list[float]] = {}
    try:
        servers.append(Replicas(1))
        servers[0].wait_warm()
        dash = servers[0].url
        servers.append(Replicas(1, str(FLOOR.relative_to(ROOT))))
        floor = servers[1].url
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
        for server in servers:
            server.stop()
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
# Profiling: cProfile of AppTest reruns (--profile)
# ---------------------------------------------------------------------------------------------------------------

class _NoBareModeWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "missing ScriptRunContext" not in record.getMessage()


def _quiet_streamlit() -> None:
    """AppTest outside `streamlit run` logs a harmless 'missing ScriptRunContext' warning per run; drop those."""
    import streamlit.testing.v1  # noqa: F401  (creates streamlit's loggers)
    from streamlit.logger import get_logger

    get_logger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_NoBareModeWarning())


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
# Server CPU per script run
# ---------------------------------------------------------------------------------------------------------------

def cpu_per_run(url: str, pid: int, mode: str, view: str, label: str, runs: int) -> float:
    """ms of the server's CPU per rerun of one view, over `runs` reruns after two unrecorded ones."""
    tab = StreamlitTab(url)
    try:
        tab.open(mode, view)
        for _ in range(2):
            tab.click(view, label)
        before = process_cpu_seconds([pid])
        for _ in range(runs):
            tab.click(view, label)
        return (process_cpu_seconds([pid]) - before) * 1000 / runs
    finally:
        tab.close()


def server_cpu_figures(reps: int) -> dict[str, float]:
    """Every view in every mode, and the floor before and after them (its mean is the floor)."""
    runs = reps * 10
    dashboard, floor = Replicas(1), Replicas(1, str(FLOOR.relative_to(ROOT)))
    try:
        dashboard.wait_warm()
        floor_pid, dash_pid = floor.replica_pids[0], dashboard.replica_pids[0]
        out = {"floor (before)": cpu_per_run(floor.url, floor_pid, "patient", "First", "First", runs)}
        for mode in MODES:
            for view in VIEWS:
                out[f"{mode} {view}"] = cpu_per_run(dashboard.url, dash_pid, mode, view, LABELS[view], runs)
        out["floor (after)"] = cpu_per_run(floor.url, floor_pid, "patient", "First", "First", runs)
    finally:
        dashboard.stop()
        floor.stop()
    out["floor"] = (out["floor (before)"] + out["floor (after)"]) / 2
    return out


def memory_figures(sessions: int = 300, first: int = 50) -> dict[str, float]:
    """MB per session: a warmed replica's RSS with `first` tabs open and after `sessions`, each tab having opened a
    view and clicked another; the slope between the two (the first tabs only take up memory the warm-up freed)."""
    server = Replicas(1)
    tabs, rss = [], {}
    try:
        server.wait_warm()
        for number in range(1, sessions + 1):
            tab = StreamlitTab(server.url)
            tab.open(MODES[number % 2], VIEWS[number % len(VIEWS)])
            other = VIEWS[(number + 3) % len(VIEWS)]
            tab.click(other, LABELS[other])
            tabs.append(tab)
            if number in (first, sessions):
                rss[number] = process_rss_mb(server.replica_pids)
    finally:
        for tab in tabs:
            tab.close()
        server.stop()
    return {"sessions": sessions, f"rss with {first}": rss[first], f"rss with {sessions}": rss[sessions],
            "mb per session": (rss[sessions] - rss[first]) / (sessions - first)}


# ---------------------------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------------------------

def row(name: str, figure: float | None, floor: float | None, target: float, unit: str, ratio: bool) -> tuple:
    """(name, figure, floor, ratio, target, verdict): against the floor when `ratio`, else against the value."""
    value = figure / floor if ratio and figure is not None and floor else figure
    met = value is not None and value <= target
    shown = lambda v: "n/a" if v is None else f"{v:,.2f} {unit}" if v < 10 else f"{v:,.0f} {unit}"  # noqa: E731
    return (name, shown(figure), shown(floor) if floor is not None else "", f"{value:.2f}x" if ratio and value else "",
            f"<= {target:g}{'x' if ratio else ' ' + unit}", "met" if met else "MISSED")


def report(results: dict) -> tuple[str, bool]:
    rows = []
    if "server" in results:
        cpu = results["server"]
        views = {k: v for k, v in cpu.items() if not k.startswith("floor")}
        worst = max(views, key=views.get)
        rows.append(row(f"server CPU per script run, worst view ({worst})", views[worst], cpu["floor"],
                        TARGETS["server CPU"], "ms", True))
        rows.append(row("server CPU per script run, median view", statistics.median(views.values()), cpu["floor"],
                        TARGETS["server CPU"], "ms", True))
    if "browser" in results:
        m = results["browser"]["median"]
        rows.append(row("sidebar click -> view drawn (Hospital stay)", m["click Hospital stay"], m["click floor"],
                        TARGETS["click"], "ms", True))
        for view in ("glance", "blood_loss"):
            rows.append(row(f"page open -> all charts drawn (?view={view})", m[f"open {view}"], m["open floor"],
                            TARGETS["open"], "ms", True))
    if "lecture" in results:
        hall = results["lecture"]
        rows.append((f"lecture hall: errors ({hall.users} users, {hall.replicas} replicas)", str(hall.errors), "", "",
                     "0", "met" if hall.errors == 0 else "MISSED"))
        rows.append(row("lecture hall: p95 click -> view", hall.percentile("click"), None,
                        TARGETS["lecture p95 ms"], "ms", False))
    if "memory" in results:
        memory = results["memory"]
        rows.append(row(f"memory per session (RSS slope, 50 to {memory['sessions']} tabs)", memory["mb per session"],
                        None, TARGETS["MB per session"], "MB", False))
    if "handout" in results:
        handouts = {n: v for n, v in results["handout"].items() if n.startswith("first") and "no warm-up" not in n}
        slowest = max(handouts, key=handouts.get)
        rows.append(row(f"handout, slowest first one after warm-up ({slowest.removeprefix('first ')})",
                        handouts[slowest], None, TARGETS["handout s"], "s", False))
    header = ("target", "figure", "floor", "ratio", "target", "")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [f"Spine Fusion Compare: speed and load, {results['started']}",
             f"{results['machine']}; revision {results['revision']}", ""]
    lines += ["  ".join(str(cell).ljust(width) for cell, width in zip(r, widths)).rstrip() for r in [header, *rows]]
    return "\n".join(lines), all(r[-1] == "met" for r in rows)


def details(results: dict) -> str:
    """The figures behind the table: each view's CPU per run, the lecture hall's own table, every handout."""
    lines = []
    if "server" in results:
        cpu = results["server"]
        lines += ["", f"server CPU per script run, ms (floor {cpu['floor']:.0f}: before {cpu['floor (before)']:.0f}, "
                      f"after {cpu['floor (after)']:.0f})", f"{'view':<16}" + "".join(f"{m:>11}" for m in MODES)]
        lines += [f"{view:<16}" + "".join(f"{cpu[f'{m} {view}']:>11.0f}" for m in MODES) for view in VIEWS]
    if "browser" in results:
        m = results["browser"]["median"]
        lines += ["", "browser, medians: " + ", ".join(f"{k} {v:.0f} ms" for k, v in m.items())]
    if "lecture" in results:
        lines += ["", results["lecture"].table()]
    if "memory" in results:
        lines += ["", "memory: " + ", ".join(f"{k} {v:,.2f}" for k, v in results["memory"].items())]
    if "handout" in results:
        lines += [""] + [f"{name:<48} {value:6.2f} s" for name, value in results["handout"].items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=5, help="repetitions per browser figure; x10 CPU reruns a view")
    parser.add_argument("--quick", action="store_true", help="a small run of everything but the browser")
    parser.add_argument("--skip", default="", help="comma list of: server, browser, lecture, memory, handout")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--profile", metavar="VIEW", help="only profile AppTest runs of this view and print them")
    parser.add_argument("--profile-mode", default="patient")
    args = parser.parse_args(argv)
    if args.profile:
        if args.profile not in VIEWS:
            raise SystemExit(f"--profile takes one of {', '.join(VIEWS)}")
        print(profile_view(args.profile, args.profile_mode, args.reps))
        return 0
    skip = {s.strip() for s in args.skip.split(",") if s.strip()} | ({"browser"} if args.quick else set())
    reps = 2 if args.quick else args.reps
    hall = dict(users=10, spawn_rate=5.0, run_time=20, pace=2.0, replicas=1) if args.quick else load.LECTURE_HALL
    results: dict = {"started": datetime.now().astimezone().isoformat(timespec="seconds"), "machine": machine(),
                     "revision": revision()}
    steps = {"server": lambda: server_cpu_figures(reps), "browser": lambda: browser_figures(reps),
             "lecture": lambda: load.run(**hall), "memory": lambda: memory_figures(100 if args.quick else 300),
             "handout": handout_bench.figures}
    for name, measure in steps.items():
        if name not in skip:
            began = time.perf_counter()
            print(f"{name} …", flush=True)
            results[name] = measure()
            print(f"  {time.perf_counter() - began:.0f} s", flush=True)
    table, ok = report(results)
    print(details(results))
    print("\n" + table)
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=lambda o: getattr(o, "__dict__", str(o))))
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
