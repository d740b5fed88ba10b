"""The lecture hall: Locust users (benchmarks/locustfile.py) against dashboard replicas on this machine.

Starts the replicas (nginx in front when more than one), waits for their warm-up, runs Locust headless (users,
spawn rate, run time, pace between clicks), and reads back its statistics: errors, page open and click-to-view
percentiles, server CPU per script run, RSS warm and at its peak under load.
Locust writes its CSV and HTML report to --out.

    python benchmarks/load.py                          # 100 users over 20 s, a click every 10 s each, 3 minutes
    python benchmarks/load.py --users 10 --run-time 20 --pace 2 --replicas 1

Only loopback traffic. Exit status 1 when any request failed or a server logged a traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.servers import Replicas, Sampler, process_cpu_seconds, process_rss_mb  # noqa: E402

LECTURE_HALL = {"users": 100, "spawn_rate": 5.0, "run_time": 180, "pace": 10.0, "replicas": 2}


@dataclass
class Result:
    users: int
    spawn_rate: float
    run_time: int
    pace: float
    replicas: int
    requests: dict[str, dict] = field(default_factory=dict)  # Locust's row per name: count, failures, percentiles
    failures: list[str] = field(default_factory=list)
    tracebacks: int = 0
    warm_up_s: float = 0.0
    server_cpu_s: float = 0.0
    warm_rss_mb: float = 0.0
    peak_rss_mb: float = 0.0
    report: str = ""

    @property
    def errors(self) -> int:
        return sum(int(row["Failure Count"]) for row in self.requests.values()) + self.tracebacks

    def percentile(self, name: str, p: str = "95%") -> float | None:
        row = self.requests.get(name)
        return float(row[p]) if row and row[p] not in ("", "N/A") else None

    def count(self, name: str) -> int:
        return int(self.requests[name]["Request Count"]) if name in self.requests else 0

    @property
    def runs(self) -> int:
        return self.count("page open") + self.count("click")

    @property
    def cpu_ms_per_run(self) -> float | None:
        return self.server_cpu_s * 1000 / self.runs if self.runs else None

    def table(self) -> str:
        rows = [
            ("load", f"{self.users} users started at {self.spawn_rate:g}/s, a click every {self.pace:g} s each, "
                     f"{self.run_time} s, {self.replicas} replica(s){' behind nginx' if self.replicas > 1 else ''}"),
            ("errors", f"{self.errors} (failed requests {self.errors - self.tracebacks}, server tracebacks "
                       f"{self.tracebacks})"),
        ]
        for name in ("click", "page open", "page"):
            rows.append((f"{name} p50 / p95 / max",
                         " / ".join(f"{self.percentile(name, p) or 0:,.0f} ms" for p in ("50%", "95%", "100%"))
                         + f" ({self.count(name)})"))
        rows += [
            ("server CPU per script run", f"{self.cpu_ms_per_run or 0:.0f} ms ({self.server_cpu_s:.0f} s in all)"),
            ("memory", f"warm {self.warm_rss_mb:.0f} MB, peak under load {self.peak_rss_mb:.0f} MB"),
            ("warm-up after start", f"{self.warm_up_s:.0f} s"),
            ("Locust report", self.report),
        ]
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"{name.ljust(width)}  {value}" for name, value in rows + [
            ("failure", text) for text in self.failures[:10]])


def run(users: int, spawn_rate: float, run_time: int, pace: float, replicas: int, out: Path | None = None) -> Result:
    """Start the replicas, run Locust against them, stop them; return what Locust and the servers measured."""
    out = out or Path(tempfile.mkdtemp(prefix="spine-locust-"))
    out.mkdir(parents=True, exist_ok=True)
    result = Result(users, spawn_rate, run_time, pace, replicas, report=str(out / "report.html"))
    servers = Replicas(replicas)
    try:
        result.warm_up_s = servers.wait_warm()
        pids = servers.replica_pids
        result.warm_rss_mb = process_rss_mb(pids)
        cpu_before = process_cpu_seconds(pids)
        with Sampler(pids) as sampler:
            command = [sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless",
                       "--host", servers.url, "-u", str(users), "-r", str(spawn_rate), "-t", f"{run_time}s",
                       "--pace", str(pace), "--csv", str(out / "locust"), "--html", result.report, "--only-summary",
                       "--stop-timeout", "15", "--loglevel", "WARNING"]
            with open(out / "locust.log", "w") as log:
                locust = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
                try:
                    locust.wait(timeout=run_time + users / spawn_rate + 90)
                except subprocess.TimeoutExpired:  # it has its figures; SIGTERM makes it write them out and end
                    locust.terminate()
                    locust.wait(timeout=60)
        result.server_cpu_s = process_cpu_seconds(pids) - cpu_before
        result.peak_rss_mb = sampler.peak_mb
        result.tracebacks = servers.tracebacks()
    finally:
        servers.stop()
    with open(out / "locust_stats.csv", newline="") as stats:
        result.requests = {row["Name"]: row for row in csv.DictReader(stats) if row["Name"] != "Aggregated"}
    with open(out / "locust_failures.csv", newline="") as failures:
        result.failures = [f"{row['Name']}: {row['Error']} (x{row['Occurrences']})" for row in csv.DictReader(failures)]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=LECTURE_HALL["users"])
    parser.add_argument("--spawn-rate", type=float, default=LECTURE_HALL["spawn_rate"], help="users started per s")
    parser.add_argument("--run-time", type=int, default=LECTURE_HALL["run_time"], help="seconds")
    parser.add_argument("--pace", type=float, default=LECTURE_HALL["pace"], help="seconds between clicks, per user")
    parser.add_argument("--replicas", type=int, default=LECTURE_HALL["replicas"])
    parser.add_argument("--out", type=Path, help="folder for Locust's CSV and HTML report")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    result = run(args.users, args.spawn_rate, args.run_time, args.pace, args.replicas, args.out)
    print(result.table())
    print(f"(measured in {time.perf_counter() - began:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(asdict(result), indent=2))
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
