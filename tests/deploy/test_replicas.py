"""Past one machine: two replicas behind nginx (deploy/nginx.conf.template), sticky sessions, and one replica stopping.

Everything listens on 127.0.0.1 only, every wait has a deadline, every process started here is ended here, and
each runs under coreutils' `timeout`, so it stops by itself even if pytest is killed. Needs Debian's `nginx`
package: the test skips without it and installs nothing itself.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psutil
import pytest

from deploy.render_nginx_conf import write as write_nginx_conf
from tests.browser.conftest import ROOT, browser_type_launch_args, free_port, outside_requests, wait_until_drawn  # noqa: F401 (fixtures: Debian's Chromium; requests leaving this machine)

NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")  # /usr/sbin: not on a user's PATH
pytestmark = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed: `apt-get install nginx` (Debian package `nginx`) to run this test")

VIEW_URL = "/?mode=surgeon&view=blood_loss"
ERROR_BOXES = "[data-testid=stException], [data-testid=stAlertContentError]"
UPLOADED = "[data-testid=stSidebar] [data-testid=stAlertContentSuccess]"  # "Showing your 1 figure beside ..."
START_DEADLINE_S = 45
RECONNECT_DEADLINE_S = 30
LIFETIME_S = 180  # the most any process started here may live (the whole test takes about 20 s)


def _healthy(url: str) -> bool:
    try:
        return urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok"
    except OSError:
        return False


def _wait_for(what: str, condition, deadline_s: float, every_s: float = 0.2):
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(every_s)
    raise AssertionError(f"{what}: not within {deadline_s} s")


def _start(command: list[str], log: Path) -> subprocess.Popen:
    """`command` under `timeout` (which forwards SIGTERM to it and leads its own process group)."""
    with open(log, "wb") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(["timeout", "--kill-after=5", str(LIFETIME_S), *command], cwd=ROOT,
                                env=os.environ.copy(), stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)


def _end(process: subprocess.Popen) -> None:
    """SIGTERM (forwarded by `timeout`), then after 10 s SIGKILL to the process group that `timeout` leads."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@dataclass
class Replica:
    process: subprocess.Popen
    port: int

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def open_connections(self) -> int:
        """Established TCP connections to this replica: nginx's leg of a browser's websocket (no upstream keepalive)."""
        try:
            wrapper = psutil.Process(self.process.pid)
            processes = [wrapper, *wrapper.children(recursive=True)]
            return sum(1 for p in processes for c in p.net_connections(kind="tcp")
                       if c.status == psutil.CONN_ESTABLISHED and c.laddr and c.laddr.port == self.port)
        except psutil.NoSuchProcess:
            return 0


@dataclass
class Cluster:
    url: str
    replicas: list[Replica]
    access_log: Path

    def upstreams_of(self, request_start: str) -> list[tuple[int, str]]:
        """(status, replica that answered) from nginx's access log, for each request starting with `request_start`
        ("PUT /_stcore/..."). After a failover nginx logs "stopped : answered"; this keeps the last address."""
        text = self.access_log.read_text(encoding="utf-8") if self.access_log.exists() else ""
        return [(int(m.group(1)), m.group(2).split()[-1]) for line in text.splitlines() if f'"{request_start}' in line
                for m in [re.search(r'" (\d{3}) .* upstream="([^"]*)"', line)] if m]


def _wait_healthy(process: subprocess.Popen, url: str, log: Path, deadline_s: float) -> None:
    def up() -> bool:
        if process.poll() is not None:
            pytest.fail(f"{url} exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        return _healthy(url)
    _wait_for(f"{url}/_stcore/health answering ok", up, deadline_s, 0.3)


@pytest.fixture
def cluster(tmp_path: Path):
    """Two `streamlit run dashboard.py` replicas on free loopback ports and nginx in front of them, all ended after."""
    processes: list[subprocess.Popen] = []
    try:
        replicas = []
        for n in range(2):  # both start at once; Streamlit takes a few seconds
            port = free_port()  # 127.0.0.1 only, like nginx below
            streamlit = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
                         "--server.address", "127.0.0.1", "--server.headless", "true"]
            processes.append(_start(streamlit, tmp_path / f"replica-{n}.log"))
            replicas.append(Replica(processes[-1], port))

        prefix = tmp_path / "nginx"
        nginx_port = free_port()
        conf = write_nginx_conf(prefix / "nginx.conf", f"127.0.0.1:{nginx_port}", [r.address for r in replicas])
        nginx = [NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "logs" / "error.log")]
        check = subprocess.run([*nginx, "-t", "-q"], capture_output=True, text=True, timeout=30)
        assert check.returncode == 0, check.stderr
        processes.append(_start(nginx, prefix / "logs" / "stdout.log"))  # `daemon off;`: the master stays our child

        for n, replica in enumerate(replicas):
            _wait_healthy(replica.process, f"http://{replica.address}", tmp_path / f"replica-{n}.log", START_DEADLINE_S)
        url = f"http://localhost:{nginx_port}"
        _wait_healthy(processes[-1], url, prefix / "logs" / "error.log", 10)
        yield Cluster(url, replicas, prefix / "logs" / "access.log")
    finally:
        for process in reversed(processes):  # nginx first (SIGTERM: its fast shutdown), then the replicas
            _end(process)


def test_a_stopped_replica_hands_the_tab_to_the_other_which_redraws_the_same_view(cluster, page, outside_requests):
    page.goto(cluster.url + VIEW_URL)
    wait_until_drawn(page)
    title = page.locator("h1").first.inner_text()
    assert title == "Blood loss"
    query = parse_qs(urlsplit(page.url).query)

    # An upload through nginx: the XSRF cookie and header pass, and the PUT reaches the replica holding the session.
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_text("Add your own data").click()
    sidebar.locator("input[type=file]").set_input_files(
        files=[{"name": "figures.csv", "mimeType": "text/csv", "buffer": _one_own_figure()}])
    page.locator(UPLOADED).wait_for(timeout=30_000)
    wait_until_drawn(page)
    assert page.locator(ERROR_BOXES).count() == 0
    assert page.locator("[data-testid=stFileChipIconError]").count() == 0

    # Which replica serves this tab: the one holding its websocket, the one nginx sent the upload to, the cookie's.
    serving = _wait_for("one replica holding the websocket",
                        lambda: [r for r in cluster.replicas if r.open_connections() > 0], 10)
    assert len(serving) == 1, "both replicas hold connections: the session is not sticky"
    serving = serving[0]
    other = next(r for r in cluster.replicas if r is not serving)
    assert cluster.upstreams_of("PUT /_stcore/upload_file/") == [(204, serving.address)]
    assert _replica_cookie(page) == f"r{cluster.replicas.index(serving)}"

    # SIGTERM, as a stopping host, a rolling update or a scaled-down container sends. The tab reconnects through
    # nginx to the other replica, which answers with a new cookie; the page's script then reloads the tab there.
    page.evaluate("window.sfcBeforeFailover = true")
    with page.expect_navigation(timeout=RECONNECT_DEADLINE_S * 1000):
        _end(serving.process)
    assert serving.process.returncode is not None and serving.open_connections() == 0
    wait_until_drawn(page, timeout=RECONNECT_DEADLINE_S * 1000)

    assert page.evaluate("window.sfcBeforeFailover") is None  # drawn afresh, not the stopped replica's drawing
    assert page.locator("h1").first.inner_text() == title
    assert parse_qs(urlsplit(page.url).query) == query
    assert page.locator(ERROR_BOXES).count() == 0
    assert page.locator("[data-testid=stApp][data-test-connection-state=CONNECTED]").count() == 1
    assert other.open_connections() > 0
    assert _replica_cookie(page) == f"r{cluster.replicas.index(other)}"
    assert cluster.upstreams_of(f"GET {VIEW_URL} ")[-1] == (200, other.address)
    # Only in-session state is lost: the upload lived in the stopped replica's memory.
    assert page.locator(UPLOADED).count() == 0
    assert page.locator("[data-testid=stFileChipName]").count() == 0
    assert outside_requests == []


def _one_own_figure() -> bytes:
    """A figures.csv with one valid row of the user's own: the first shipped row under a new id."""
    with open(ROOT / "data" / "figures.csv", newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        row = {**next(reader), "figure_id": "own1", "typical_open": "no"}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue().encode()


def _replica_cookie(page) -> str | None:
    return next((c["value"] for c in page.context.cookies() if c["name"] == "sfc_replica"), None)
