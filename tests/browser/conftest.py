"""Browser suite: a real Streamlit server on a free loopback port and Debian's headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
# Test runs write screenshots under build/ (ignored by git; pytest-playwright empties test-results/ as it starts), so
# a run leaves the checkout clean. To refresh the README's pictures on purpose: SCREENSHOT_DIR=docs/screenshots make test
SCREENSHOTS = ROOT / os.environ.get("SCREENSHOT_DIR", "build/screenshots")
SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch arguments, pointed at Debian's Chromium (no browser download works here)."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env_extra: dict[str, str] | None = None):
    """Start `streamlit run dashboard.py` from the repo root (so .streamlit/config.toml applies); wait for health."""
    port = free_port()
    env = {**os.environ, **(env_extra or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("the Streamlit server did not become healthy within 60 s")


@pytest.fixture(scope="session")
def server_url():
    process, url = start_server()
    yield url
    process.terminate()
    process.wait(timeout=10)


def wait_until_drawn(page, timeout: float = 30_000) -> None:
    """Streamlit's own readiness sequence, then every Plotly chart holding a drawn SVG."""
    page.wait_for_selector("[data-testid=stApp][data-test-connection-state=CONNECTED]", timeout=timeout)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout)
    page.wait_for_function("document.querySelectorAll('[data-testid=stSkeleton]').length === 0", timeout=timeout)
    page.wait_for_function(
        "[...document.querySelectorAll('.stPlotlyChart')].every(c => c.querySelector('.main-svg'))",
        timeout=timeout,
    )


def wait_for_address(page, *parts: str, timeout: float = 10_000) -> str:
    """Wait until the address bar holds every part (e.g. 'view=incision') and return it. Streamlit changes the
    address with history.replaceState, which Playwright's page.url does not follow, so read location.href."""
    page.wait_for_function("parts => parts.every(p => location.href.includes(p))", arg=list(parts), timeout=timeout)
    return page.evaluate("location.href")


@pytest.fixture
def outside_requests(page):
    """Every request the page makes to a host other than this machine."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url)
            if not r.url.startswith(("http://localhost", "http://127.0.0.1", "ws://localhost", "data:", "blob:"))
            else None)
    return seen
