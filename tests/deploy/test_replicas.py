"""Past one machine: two replicas behind nginx (deploy/nginx.conf.template), sticky sessions, and one replica stopping.

Everything listens on 127.0.0.1 only, every wait has a deadline, and every process started here is ended here.
Needs Debian's `nginx` package (the test skips without it; it installs nothing itself).
"""

from __future__ import annotations

import os
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
from tests.browser.conftest import ROOT, browser_type_launch_args, free_port, wait_until_drawn  # noqa: F401

NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)
pytestmark = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed: `apt-get install nginx` (Debian package `nginx`) to run this test")

VIEW_URL = "/?mode=surgeon&view=blood_loss"
ERROR_BOXES = "[data-testid=stException], [data-testid=stAlertContentError]"
UPLOADED = "beside the published ones, marked 'Your data'"
START_DEADLINE_S = 45
RECONNECT_DEADLINE_S = 30


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


def _end(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
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
            return sum(1 for c in psutil.Process(self.process.pid).net_connections(kind="tcp")
                       if c.status == psutil.CONN_ESTABLISHED and c.laddr and c.laddr.port == self.port)
        except psutil.NoSuchProcess:
            return 0


@dataclass
class Cluster:
    url: str
    replicas: list[Replica]
    access_log: Path

    def upstreams_of(self, request_start: str) -> set[str]:
        """The replicas that nginx's access log names for requests starting with `request_start` ("PUT /_stcore/...")."""
        lines = self.access_log.read_text(encoding="utf-8").splitlines() if self.access_log.exists() else []
        return {part.removeprefix("upstream=") for line in lines if f'"{request_start}' in line
                for part in line.split() if part.startswith("upstream=")}


def _start(command: list[str], log: Path) -> subprocess.Popen:
    with open(log, "wb") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), stdout=out, stderr=subprocess.STDOUT)


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
            port = free_port()
            processes.append(_start([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
                                     "--server.address", "127.0.0.1", "--server.headless", "true"],
                                    tmp_path / f"replica-{n}.log"))
            replicas.append(Replica(processes[-1], port))

        prefix = tmp_path / "nginx"
        nginx_port = free_port()
        conf = write_nginx_conf(prefix / "nginx.conf", f"127.0.0.1:{nginx_port}", [r.address for r in replicas])
        nginx = [NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "logs" / "error.log")]
        check = subprocess.run([*nginx, "-t", "-q"], capture_output=True, text=True, timeout=30)
        assert check.returncode == 0, check.stderr
        processes.append(_start(nginx, prefix / "logs" / "stdout.log"))  # `daemon off;`: this is the master

        for n, replica in enumerate(replicas):
            _wait_healthy(replica.process, f"http://{replica.address}", tmp_path / f"replica-{n}.log", START_DEADLINE_S)
        url = f"http://localhost:{nginx_port}"
        _wait_healthy(processes[-1], url, prefix / "logs" / "error.log", 10)
        yield Cluster(url, replicas, prefix / "logs" / "access.log")
    finally:
        for process in reversed(processes):  # nginx first (SIGTERM: its fast shutdown), then the replicas
            _end(process)


def test_a_stopped_replica_hands_the_page_to_the_other_which_redraws_the_same_view(page, cluster):
    page.goto(cluster.url + VIEW_URL)
    wait_until_drawn(page)
    title = page.locator("h1").first.inner_text()
    assert title == "Blood loss"
    query = parse_qs(urlsplit(page.url).query)

    # An upload through nginx: the XSRF cookie and header pass, and the PUT reaches the replica holding the websocket.
    figures = (ROOT / "data" / "figures.csv").read_text(encoding="utf-8").splitlines()
    own_row = figures[1].replace(figures[1].split(",")[0], "own1", 1).replace(",yes,", ",no,", 1)
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_text("Add your own data").click()
    sidebar.locator("input[type=file]").set_input_files(
        files=[{"name": "figures.csv", "mimeType": "text/csv", "buffer": f"{figures[0]}\n{own_row}\n".encode()}])
    page.get_by_text(UPLOADED, exact=False).wait_for(timeout=30_000)
    wait_until_drawn(page)
    assert page.locator(ERROR_BOXES).count() == 0

    # Which replica serves this browser: the one holding its websocket, and the one nginx sent the upload to.
    serving = _wait_for("one replica holding the websocket",
                        lambda: [r for r in cluster.replicas if r.open_connections() > 0], 10)
    assert len(serving) == 1, "both replicas hold connections: the session is not sticky"
    serving = serving[0]
    other = next(r for r in cluster.replicas if r is not serving)
    assert cluster.upstreams_of("PUT /_stcore/upload_file/") == {serving.address}

    _end(serving.process)  # SIGTERM, as a stopping host, a rolling update or a scaled-down container sends

    # The page notices, reconnects through nginx to the other replica, and that one reruns the script for the same URL.
    _wait_for("the other replica holding the websocket", lambda: other.open_connections() > 0, RECONNECT_DEADLINE_S)
    wait_until_drawn(page, timeout=RECONNECT_DEADLINE_S * 1000)
    assert page.locator("h1").first.inner_text() == title
    assert parse_qs(urlsplit(page.url).query) == query
    assert page.locator(ERROR_BOXES).count() == 0
    assert page.locator("[data-testid=stApp][data-test-connection-state=CONNECTED]").count() == 1
    # Only in-session state is lost: the upload lived in the stopped replica's memory.
    assert page.get_by_text(UPLOADED, exact=False).count() == 0
