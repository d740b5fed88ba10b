"""The servers a benchmark measures: dashboard (or floor) replicas on loopback ports, nginx in front, their
processes' CPU and memory, and where and when it was measured."""

from __future__ import annotations

import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def process_cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of these processes so far."""
    return sum(sum(psutil.Process(pid).cpu_times()[:2]) for pid in pids)


def process_rss_mb(pids: list[int]) -> float:
    return sum(psutil.Process(pid).memory_info().rss for pid in pids) / MB


class Replicas:
    """N dashboard replicas on free loopback ports, and nginx in front of them when N > 1 (deploy/README.md); each
    replica's log kept in a temporary folder. `url` is where a browser goes; stop() ends every process started."""

    def __init__(self, count: int = 1, app: str = "dashboard.py"):
        self.folder = Path(tempfile.mkdtemp(prefix="spine-bench-"))
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Path] = []
        self.replica_urls: list[str] = []
        try:
            for number in range(count):
                log = self.folder / f"replica-{number}.log"
                process, url = start_server(app, log_path=log)
                self.processes.append(process)
                self.logs.append(log)
                self.replica_urls.append(url)
            self.url = self.replica_urls[0] if count == 1 else self._nginx(
                [url.removeprefix("http://") for url in self.replica_urls])
        except Exception:
            self.stop()
            raise

    def _nginx(self, replicas: list[str]) -> str:
        """nginx with deploy/'s own config for these replicas, in this run's folder."""
        from deploy.render_nginx_conf import write

        listen = f"127.0.0.1:{free_port()}"
        config = write(self.folder / "nginx.conf", listen, replicas)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.processes.append(subprocess.Popen([nginx, "-p", str(self.folder), "-c", str(config), "-e",
                                                str(self.folder / "logs" / "error.log")],
                                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT))
        wait_healthy(f"http://{listen}", process=self.processes[-1])
        return f"http://{listen}"

    @property
    def replica_pids(self) -> list[int]:
        return [process.pid for process in self.processes[:len(self.logs)]]

    def wait_warm(self, timeout: float = 180.0) -> float:
        """Open a page on every replica (which starts its warm-up) and wait until each log says it finished."""
        from benchmarks.streamlit_client import StreamlitTab

        began = time.monotonic()
        for url in self.replica_urls:
            tab = StreamlitTab(url)
            tab.open("patient", "glance")
            tab.close()
        while not all("warm-up finished" in log.read_text(errors="replace") for log in self.logs):
            if time.monotonic() - began > timeout:
                raise RuntimeError(f"the warm-up did not finish within {timeout:.0f} s")
            time.sleep(0.5)
        return time.monotonic() - began

    def tracebacks(self) -> int:
        return sum(log.read_text(errors="replace").count("Traceback (most recent call last)") for log in self.logs)

    def stop(self) -> None:
        for process in reversed(self.processes):
            stop_server(process)


class Sampler:
    """The highest total RSS of some processes, sampled every `interval` s on a thread until stopped."""

    def __init__(self, pids: list[int], interval: float = 0.25):
        self.pids, self.interval, self.peak_mb = pids, interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak_mb = max(self.peak_mb, process_rss_mb(self.pids))
            except psutil.Error:
                return
            self._stop.wait(self.interval)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
