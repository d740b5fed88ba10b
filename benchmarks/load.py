"""Load test: N concurrent sessions against ONE dashboard server, each driving real script runs through the views.

Each session speaks Streamlit's own websocket protocol (/_stcore/stream) the way the browser does: it opens the page
with `?mode=…&view=…` (BackMsg.rerun_script with the query string), then clicks through the other views by sending
the sidebar "Show" radio's new value as a widget state. A view counts as rendered when the server reports
`script_finished` (FINISHED_SUCCESSFULLY) after sending every element of the run. A protocol client instead of one
Chromium per session keeps the client's CPU small, so on a 2-core machine the figures measure the server.

Errors (each must be 0): a failed connection, a run that times out or does not finish successfully, an exception
element or st.error box in the page, a URL that does not name the requested view afterwards, a traceback in the
server log. Memory: the server process's RSS (psutil) idle, warm, peak under load, with every session still
connected, and after they left; per session = (connected − warm) / sessions.

    python benchmarks/load.py                 # 30 sessions x all 10 views (full size)
    python benchmarks/load.py --quick         # 8 sessions x 3 views (CI size)
    python benchmarks/load.py --sessions 12 --views glance,blood_loss,source --modes surgeon

Only loopback traffic: the server is started here on 127.0.0.1 (or --url must name 127.0.0.1/localhost).
Exit status 1 when any error happened.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import psutil
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[1]
VIEWS = ["glance", "incision", "blood_loss", "infection", "pain", "hospital_stay", "recovery", "tradeoffs",
         "matters", "source"]
MODES = ["patient", "surgeon", "presenter"]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
FULL = {"sessions": 30, "views": len(VIEWS)}
QUICK = {"sessions": 8, "views": 3}
MAX_MESSAGES_PER_RUN = 20_000  # a run sends ~60-200 messages; this only bounds a runaway loop
MB = 1024 * 1024


# ---------------------------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require_loopback(url: str) -> None:
    host = urlparse(url).hostname
    if host not in LOOPBACK:
        raise SystemExit(f"refusing {url!r}: only 127.0.0.1 / localhost may be load-tested")


def wait_healthy(url: str, timeout: float = 60.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode} before it became healthy")
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not become healthy within {timeout:.0f} s")


def start_server(app: str = "dashboard.py", port: int | None = None, log_path: Path | None = None,
                 env_extra: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """`python -m streamlit run APP` from the repo root (so .streamlit/config.toml applies), on 127.0.0.1."""
    port = port or free_port()
    log = open(log_path, "wb") if log_path else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", app, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env={**os.environ, **(env_extra or {})}, stdout=log, stderr=subprocess.STDOUT,
    )
    if log is not subprocess.DEVNULL:
        log.close()  # the child keeps its own descriptor
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process=process)
    except Exception:
        stop_server(process)
        raise
    return process, url


def stop_server(process: subprocess.Popen) -> None:
    """Stop only the server this module started (by its own handle)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class MemorySampler:
    """RSS of one process, sampled every `interval` s on a daemon thread until stopped (or `max_seconds`)."""

    def __init__(self, pid: int | None, interval: float = 0.2, max_seconds: float = 3600.0):
        self.process = psutil.Process(pid) if pid else None
        self.interval, self.max_seconds = interval, max_seconds
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def rss(self) -> int:
        return self.process.memory_info().rss if self.process else 0

    def cpu(self) -> float:
        if not self.process:
            return 0.0
        times = self.process.cpu_times()
        return times.user + times.system

    def _loop(self) -> None:
        end = time.monotonic() + self.max_seconds
        while not self._stop.is_set() and time.monotonic() < end:
            try:
                self.peak = max(self.peak, self.rss())
            except psutil.Error:
                return
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self.peak = self.rss()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


# ---------------------------------------------------------------------------------------------------------------
# One browser session, spoken over the websocket
# ---------------------------------------------------------------------------------------------------------------

@dataclass
class Run:
    """One script run as a user sees it: the page opened (kind=open) or the "Show" radio clicked (kind=switch)."""

    session: int
    mode: str
    view: str
    kind: str
    ms: float
    error: str | None = None
    charts: int = 0
    messages: int = 0
    kbytes: float = 0.0


@dataclass
class Radio:
    label: str
    options: list[str]
    value: str | None


class Session:
    """A Streamlit client: connects to /_stcore/stream and requests script runs like the browser does."""

    def __init__(self, base_url: str, number: int = 0, timeout: float = 120.0):
        require_loopback(base_url)
        parsed = urlparse(base_url)
        self.origin = f"{parsed.scheme}://{parsed.netloc}"
        self.ws_url = f"ws://{parsed.netloc}/_stcore/stream"
        self.number, self.timeout = number, timeout
        self.query_string = ""
        self.radios: dict[str, Radio] = {}
        self.radios_in_last_run: list[str] = []
        self.ws = None

    async def connect(self) -> None:
        self.ws = await asyncio.wait_for(
            connect(self.ws_url, subprotocols=["streamlit"], origin=self.origin, max_size=None,
                    open_timeout=self.timeout, ping_interval=None),
            self.timeout,
        )

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 10)
            except (Exception, asyncio.TimeoutError):
                pass
            self.ws = None

    def view_radio(self) -> str | None:
        """The sidebar "Show" radio (else the radio with the most options)."""
        current = [i for i in self.radios_in_last_run if i in self.radios]
        for radio_id in current:
            if self.radios[radio_id].label == "Show":
                return radio_id
        return max(current, key=lambda i: len(self.radios[i].options), default=None)

    @property
    def current_view(self) -> str | None:
        return (parse_qs(self.query_string).get("view") or [None])[0]

    async def open(self, mode: str, view: str) -> Run:
        """The page opened at ?mode=…&view=… (the browser's first rerun_script of a session)."""
        state = ClientState(query_string=f"mode={mode}&view={view}")
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-US"
        state.context_info.url = f"{self.origin}/?mode={mode}&view={view}"
        return await self._run(state, mode, view, "open")

    async def switch(self, mode: str, view: str, label: str) -> Run:
        """Click `label` in the sidebar "Show" radio: every widget's current value, the radio's new one."""
        radio_id = self.view_radio()
        if radio_id is None:
            return Run(self.number, mode, view, "switch", 0.0, error="no 'Show' radio on the page to click")
        if label not in self.radios[radio_id].options:
            return Run(self.number, mode, view, "switch", 0.0, error=f"{label!r} is not an option of 'Show'")
        state = ClientState(query_string=self.query_string)
        for widget_id in self.radios_in_last_run:
            value = label if widget_id == radio_id else self.radios[widget_id].value
            if value is not None:
                state.widget_states.widgets.add(id=widget_id, string_value=value)
        return await self._run(state, mode, view, "switch")

    async def _run(self, state: ClientState, mode: str, view: str, kind: str) -> Run:
        run = Run(self.number, mode, view, kind, 0.0)
        if self.ws is None:
            run.error = "not connected"
            return run
        message = BackMsg()
        message.rerun_script.CopyFrom(state)
        seen_radios: list[str] = []
        elements = 0
        start = time.perf_counter()
        deadline = start + self.timeout
        try:
            await self.ws.send(message.SerializeToString())
            for _ in range(MAX_MESSAGES_PER_RUN):
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    raise asyncio.TimeoutError
                raw = await asyncio.wait_for(self.ws.recv(), remaining)
                run.messages += 1
                run.kbytes += len(raw) / 1024
                forward = ForwardMsg()
                forward.ParseFromString(raw)
                kind_of = forward.WhichOneof("type")
                if kind_of == "delta" and forward.delta.WhichOneof("type") == "new_element":
                    elements += 1
                    element = forward.delta.new_element
                    which = element.WhichOneof("type")
                    if which == "plotly_chart":
                        run.charts += 1
                    elif which == "exception":
                        run.error = run.error or f"exception element: {element.exception.message[:120]!r}"
                    elif which == "alert" and element.alert.format == Alert.ERROR:
                        run.error = run.error or f"st.error box: {element.alert.body[:120]!r}"
                    elif which == "radio":
                        self._remember_radio(element.radio)
                        seen_radios.append(element.radio.id)
                elif kind_of == "page_info_changed":
                    self.query_string = forward.page_info_changed.query_string
                elif kind_of == "session_event" and forward.session_event.HasField("script_compilation_exception"):
                    run.error = run.error or "script compilation error"
                elif kind_of == "script_finished":
                    status = forward.script_finished
                    if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue  # a newer run replaces this one; wait for that one to finish
                    if status != ForwardMsg.FINISHED_SUCCESSFULLY:
                        run.error = run.error or f"script finished with status {ForwardMsg.ScriptFinishedStatus.Name(status)}"
                    break
            else:
                run.error = run.error or f"no script_finished within {MAX_MESSAGES_PER_RUN} messages"
        except asyncio.TimeoutError:
            run.error = run.error or f"no script_finished within {self.timeout:.0f} s"
        except Exception as err:  # connection closed, bad frame, …
            run.error = run.error or f"{type(err).__name__}: {err}"
            await self.close()
        run.ms = (time.perf_counter() - start) * 1000
        if seen_radios:
            self.radios_in_last_run = seen_radios
        if run.error is None and elements == 0:
            run.error = "the run drew nothing"
        if run.error is None and self.current_view != view:
            run.error = f"asked for view={view}, the URL says view={self.current_view}"
        return run

    def _remember_radio(self, proto) -> None:
        known = self.radios.get(proto.id)
        if proto.set_value:
            value = proto.raw_value
        elif known is not None:
            value = known.value  # the browser keeps what the user picked
        else:
            value = proto.options[proto.default] if len(proto.options) > proto.default else None
        self.radios[proto.id] = Radio(proto.label, list(proto.options), value)


# ---------------------------------------------------------------------------------------------------------------
# The load
# ---------------------------------------------------------------------------------------------------------------

@dataclass
class Report:
    sessions: int
    views: list[str]
    modes: list[str]
    runs: list[Run] = field(default_factory=list)
    warm_runs: list[Run] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_mb: dict[str, float] = field(default_factory=dict)
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0
    wall_s: float = 0.0
    started: str = ""
    machine: str = ""
    revision: str = ""

    def ms(self, kind: str | None = None, runs: list[Run] | None = None) -> list[float]:
        return [r.ms for r in (self.runs if runs is None else runs) if r.error is None and kind in (None, r.kind)]

    def summary(self) -> dict:
        ok = self.ms()
        per_session = ((self.rss_mb.get("connected", 0) - self.rss_mb.get("warm", 0)) / self.sessions
                       if self.sessions and self.rss_mb.get("connected") else None)
        peak_per_session = ((self.rss_mb.get("peak", 0) - self.rss_mb.get("warm", 0)) / self.sessions
                            if self.sessions and self.rss_mb.get("peak") else None)
        return {
            "started": self.started, "machine": self.machine, "revision": self.revision,
            "sessions": self.sessions, "views_per_session": len(self.views), "views": self.views, "modes": self.modes,
            "runs": len(self.runs), "errors": len(self.errors),
            "p50_ms": percentile(ok, 50), "p95_ms": percentile(ok, 95), "max_ms": max(ok, default=None),
            "open_p50_ms": percentile(self.ms("open"), 50), "open_p95_ms": percentile(self.ms("open"), 95),
            "switch_p50_ms": percentile(self.ms("switch"), 50), "switch_p95_ms": percentile(self.ms("switch"), 95),
            "unloaded_switch_p50_ms": percentile(self.ms("switch", self.warm_runs), 50),
            "throughput_runs_per_s": len(ok) / self.wall_s if self.wall_s else None,
            "server_cpu_ms_per_run": self.server_cpu_s * 1000 / len(self.runs) if self.runs else None,
            "client_cpu_s": self.client_cpu_s, "server_cpu_s": self.server_cpu_s,
            "wall_s": self.wall_s, "rss_mb": self.rss_mb,
            "rss_mb_per_session_connected": per_session, "rss_mb_per_session_peak": peak_per_session,
        }

    def table(self) -> str:
        s = self.summary()
        f = lambda v, unit="": "n/a" if v is None else f"{v:,.0f}{unit}" if abs(v) >= 100 else f"{v:,.1f}{unit}"
        rss = self.rss_mb
        rows = [
            ("date", s["started"]),
            ("machine", s["machine"]),
            ("revision", s["revision"]),
            ("sessions x views", f"{s['sessions']} x {s['views_per_session']} = {s['runs']} script runs "
                                 f"(modes {', '.join(self.modes)})"),
            ("errors", f"{s['errors']}"),
            ("time to rendered view p50 / p95 / max", f"{f(s['p50_ms'], ' ms')} / {f(s['p95_ms'], ' ms')} / "
                                                       f"{f(s['max_ms'], ' ms')}"),
            ("  page open p50 / p95", f"{f(s['open_p50_ms'], ' ms')} / {f(s['open_p95_ms'], ' ms')}"),
            ("  'Show' click p50 / p95", f"{f(s['switch_p50_ms'], ' ms')} / {f(s['switch_p95_ms'], ' ms')}"),
            ("  one session alone, click p50", f(s["unloaded_switch_p50_ms"], " ms")),
            ("throughput", f"{f(s['throughput_runs_per_s'])} runs/s over {s['wall_s']:.1f} s"),
            ("server CPU per run", f"{f(s['server_cpu_ms_per_run'], ' ms')} (server {f(s['server_cpu_s'], ' s')}, "
                                   f"this load client {f(s['client_cpu_s'], ' s')} CPU in all)"),
            ("server RSS idle / warm", f"{f(rss.get('idle'), ' MB')} / {f(rss.get('warm'), ' MB')}"),
            ("server RSS peak / all connected / after",
             f"{f(rss.get('peak'), ' MB')} / {f(rss.get('connected'), ' MB')} / {f(rss.get('after'), ' MB')}"),
            ("RSS per session (connected, peak)",
             f"{f(s['rss_mb_per_session_connected'], ' MB')}, {f(s['rss_mb_per_session_peak'], ' MB')}"),
        ]
        width = max(len(k) for k, _ in rows)
        lines = ["Spine Fusion Compare: load test", "-" * (width + 40)]
        lines += [f"{k.ljust(width)}  {v}" for k, v in rows]
        per_view = {}
        for r in self.runs:
            if r.error is None:
                per_view.setdefault(r.view, []).append(r.ms)
        if per_view:
            lines.append("-" * (width + 40))
            lines.append(f"{'view'.ljust(width)}  runs   p50 ms   p95 ms   charts (most in a run)")
            charts: dict[str, int] = {}
            for r in self.runs:
                charts[r.view] = max(charts.get(r.view, 0), r.charts)
            for view in self.views:
                values = per_view.get(view, [])
                lines.append(f"{view.ljust(width)}  {len(values):>4} {f(percentile(values, 50)):>8} "
                             f"{f(percentile(values, 95)):>8} {charts.get(view, 0):>8}")
        if self.errors:
            lines.append("-" * (width + 40))
            lines += [f"ERROR {e}" for e in self.errors[:30]]
            if len(self.errors) > 30:
                lines.append(f"… and {len(self.errors) - 30} more")
        return "\n".join(lines)


def percentile(values: list[float], p: float) -> float | None:
    """Linear-interpolated percentile (p in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def machine() -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{platform.node() or 'host'}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"load average {load} at start")


def revision() -> str:
    """The commit measured, and whether the work tree differed from it (others may be editing)."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{commit or 'unknown'}{' + uncommitted changes' if dirty else ''}"


def choose_views(spec: str | int | None, default_count: int) -> list[str]:
    """`--views 3` (the first 3 views), `--views glance,source` (those), or None (default_count)."""
    if spec is None or spec == "":
        return VIEWS[:default_count]
    if isinstance(spec, int) or str(spec).isdigit():
        count = int(spec)
        if not 1 <= count <= len(VIEWS):
            raise SystemExit(f"--views must be 1..{len(VIEWS)} or a comma list of {', '.join(VIEWS)}")
        return VIEWS[:count]
    views = [v.strip() for v in str(spec).split(",") if v.strip()]
    unknown = [v for v in views if v not in VIEWS]
    if unknown:
        raise SystemExit(f"unknown view(s) {unknown}; choose from {', '.join(VIEWS)}")
    return views


async def _learn_labels(url: str, views: list[str], timeout: float, report: Report) -> dict[str, str]:
    """One warm-up session: opens each view (the "Show" radio tells its label), then clicks through them alone."""
    labels: dict[str, str] = {}
    for view in views:
        session = Session(url, -1, timeout)
        try:
            await session.connect()
            run = await session.open("patient", view)
            radio = session.view_radio()
            if run.error:
                report.errors.append(f"warm-up open {view}: {run.error}")
            elif radio is None or session.radios[radio].value is None:
                report.errors.append(f"warm-up open {view}: no 'Show' radio with a value")
            else:
                labels[view] = session.radios[radio].value
        except Exception as err:
            report.errors.append(f"warm-up open {view}: {type(err).__name__}: {err}")
        finally:
            await session.close()
    if len(labels) == len(views) and len(views) > 1:
        session = Session(url, -1, timeout)
        try:
            await session.connect()
            await session.open("patient", views[0])
            for view in [*views[1:], views[0]]:
                run = await session.switch("patient", view, labels[view])
                report.warm_runs.append(run)
                if run.error:
                    report.errors.append(f"warm-up click {view}: {run.error}")
        finally:
            await session.close()
    return labels


async def _drive(number: int, url: str, mode: str, views: list[str], labels: dict[str, str], start_delay: float,
                 think: float, timeout: float, keep: list[Session]) -> list[Run]:
    await asyncio.sleep(start_delay)
    session = Session(url, number, timeout)
    keep.append(session)
    try:
        await session.connect()
    except Exception as err:
        return [Run(number, mode, views[0], "open", 0.0, error=f"connect: {type(err).__name__}: {err}")]
    runs = [await session.open(mode, views[0])]
    for view in views[1:]:
        if session.ws is None:
            runs.append(Run(number, mode, view, "switch", 0.0, error="connection lost"))
            continue
        if think:
            await asyncio.sleep(think)
        runs.append(await session.switch(mode, view, labels[view]))
    return runs  # still connected: the caller measures memory with every session open, then closes them


async def _load(url: str, pid: int | None, sessions: int, views: list[str], modes: list[str], think: float,
                ramp: float, timeout: float, deadline: float, report: Report) -> None:
    sampler_pid = pid
    rss = lambda: psutil.Process(sampler_pid).memory_info().rss / MB if sampler_pid else None
    report.rss_mb["idle"] = rss()
    labels = await _learn_labels(url, views, timeout, report)
    if len(labels) != len(views):
        report.errors.append("warm-up could not learn every view's label; load phase skipped")
        return
    report.rss_mb["warm"] = rss()
    keep: list[Session] = []
    with MemorySampler(pid) as sampler:
        cpu_before = sampler.cpu()
        client_before = time.process_time()
        start = time.perf_counter()
        tasks = [
            _drive(i, url, modes[i % len(modes)], views[i % len(views):] + views[:i % len(views)], labels,
                   ramp * i / max(sessions, 1), think, timeout, keep)
            for i in range(sessions)
        ]
        try:
            results = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), deadline)
        except asyncio.TimeoutError:
            results = []
            report.errors.append(f"the load did not finish within the {deadline:.0f} s deadline")
        report.wall_s = time.perf_counter() - start
        report.server_cpu_s = sampler.cpu() - cpu_before
        report.client_cpu_s = time.process_time() - client_before
        await asyncio.sleep(0.5)  # let the server settle the last runs' bookkeeping
        report.rss_mb["connected"] = rss()
        report.rss_mb["peak"] = sampler.peak / MB if pid else None
    for result in results:
        if isinstance(result, BaseException):
            report.errors.append(f"session crashed: {type(result).__name__}: {result}")
        else:
            report.runs += result
    for run in report.runs:
        if run.error:
            report.errors.append(f"session {run.session} ({run.mode}) {run.kind} {run.view}: {run.error}")
    await asyncio.gather(*(s.close() for s in keep))
    await asyncio.sleep(2.0)
    report.rss_mb["after"] = rss()


def run_load(sessions: int = FULL["sessions"], views: str | int | list[str] | None = None,
             modes: list[str] | None = None, url: str | None = None, pid: int | None = None, think: float = 0.0,
             ramp: float = 0.0, timeout: float = 120.0, deadline: float = 900.0,
             server_log: Path | None = None) -> Report:
    """Start a dashboard server (unless `url` names a running loopback one), load it, stop it; return the report."""
    views = views if isinstance(views, list) else choose_views(views, FULL["views"])
    modes = modes or MODES
    unknown = [m for m in modes if m not in MODES]
    if unknown:
        raise SystemExit(f"unknown mode(s) {unknown}; choose from {', '.join(MODES)}")
    report = Report(sessions, views, modes, started=datetime.now().astimezone().isoformat(timespec="seconds"),
                    machine=machine(), revision=revision())
    process = None
    log_path = server_log or Path(tempfile.mkstemp(prefix="load-server-", suffix=".log")[1])
    if url is None:
        process, url = start_server(log_path=log_path)
        pid = process.pid
    else:
        require_loopback(url)
        wait_healthy(url, timeout=10)
    try:
        asyncio.run(_load(url, pid, sessions, views, modes, think, ramp, timeout, deadline, report))
    finally:
        if process is not None:
            stop_server(process)
    if process is not None:
        text = log_path.read_text(errors="replace")
        tracebacks = text.count("Traceback (most recent call last)")
        if tracebacks:
            report.errors.append(f"{tracebacks} traceback(s) in the server log {log_path}")
        elif server_log is None:
            log_path.unlink(missing_ok=True)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help=f"CI size: {QUICK['sessions']} sessions x {QUICK['views']} views")
    parser.add_argument("--sessions", type=int, help=f"concurrent sessions (default {FULL['sessions']})")
    parser.add_argument("--views", help="views per session: a count (first N) or a comma list (default: all 10)")
    parser.add_argument("--modes", default=",".join(MODES), help="modes, cycled over the sessions")
    parser.add_argument("--think", type=float, default=0.0, help="seconds a session waits between clicks")
    parser.add_argument("--ramp", type=float, default=0.0, help="seconds over which the sessions start (0 = at once)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one run may take")
    parser.add_argument("--deadline", type=float, default=900.0, help="seconds the whole load may take")
    parser.add_argument("--url", help="an already running server on 127.0.0.1/localhost (default: start one)")
    parser.add_argument("--pid", type=int, help="that server's pid, for memory figures")
    parser.add_argument("--json", type=Path, help="also write the summary and every run as JSON here")
    parser.add_argument("--server-log", type=Path, help="keep the started server's log here")
    args = parser.parse_args(argv)
    size = QUICK if args.quick else FULL
    sessions = args.sessions or size["sessions"]
    if not 1 <= sessions <= 500:
        raise SystemExit("--sessions must be 1..500")
    views = choose_views(args.views, size["views"])
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    report = run_load(sessions, views, modes, url=args.url, pid=args.pid, think=args.think, ramp=args.ramp,
                      timeout=args.timeout, deadline=args.deadline, server_log=args.server_log)
    print(report.table())
    if args.json:
        args.json.write_text(json.dumps({"summary": report.summary(), "errors": report.errors,
                                         "runs": [asdict(r) for r in report.runs],
                                         "warm_runs": [asdict(r) for r in report.warm_runs]}, indent=2))
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
