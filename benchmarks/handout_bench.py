"""How long the PDF take-aways take to build: cold (fresh process: Chromium starts, charts exported) and warm.

Measured in this process, in this order:
  * cold      the first patient handout (A4): kaleido starts Chromium, both charts are exported, fonts are read;
  * warm      the same handout again, A4 and US Letter, with and without 'what matters' answers (charts cached);
  * re-export the same handout with the chart cache emptied: both charts exported again by the running Chromium
              (what a surgeon's filter or new data costs);
  * presenter the presenter hand-out (8 pages), first (its own charts exported) and warm.
Each warm figure is the median of --reps builds. Target: warm patient handout < 3 s. Exit status 1 if missed.

    python benchmarks/handout_bench.py
    python benchmarks/handout_bench.py --reps 10 --out /tmp/handout.pdf
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("BROWSER_PATH", "/usr/bin/chromium")

from streamlit import logger  # noqa: E402

logger.set_log_level("error")  # the cache decorators warn when there is no server
from evidence import handout  # noqa: E402
from evidence.handout import patient_handout, presenter_handout  # noqa: E402
from evidence.load import SHIPPED_DATA, load_folder  # noqa: E402

TARGET_WARM_S = 3.0
CHOICES = {"infection": "Very important", "hospital_stay": "A little", "operative_time": "A little"}
QUESTIONS = [
    "What is the infection rate in your own patients for each approach?",
    "How many nights do your patients usually stay after each approach?",
    "How long will my operation take with each approach?",
]


def timed(build) -> tuple[float, bytes]:
    start = time.perf_counter()
    pdf = build()
    return time.perf_counter() - start, pdf


def median_of(build, reps: int) -> float:
    return statistics.median(timed(build)[0] for _ in range(reps))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=5, help="builds per warm figure (median reported)")
    parser.add_argument("--out", type=Path, help="also write the A4 handout here")
    args = parser.parse_args(argv)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {load:.2f} at start")
    evidence = load_folder(SHIPPED_DATA)
    steps = ["glance", *evidence.comparisons.sort_values("order").comparison_id]

    def a4():
        return patient_handout(evidence, evidence.figures, "A4", choices=CHOICES, questions=QUESTIONS)

    rows = []
    cold, pdf = timed(a4)
    rows.append(("patient A4, cold (Chromium start, 2 charts)", cold, len(pdf)))
    if args.out:
        args.out.write_bytes(pdf)
    warm = median_of(a4, args.reps)
    rows.append(("patient A4, warm", warm, len(pdf)))
    warm_letter = median_of(lambda: patient_handout(evidence, evidence.figures, "Letter", choices=CHOICES,
                                                    questions=QUESTIONS), args.reps)
    rows.append(("patient US Letter, warm", warm_letter, None))
    warm_plain = median_of(lambda: patient_handout(evidence, evidence.figures, "A4"), args.reps)
    rows.append(("patient A4, nothing marked, warm", warm_plain, None))
    handout._png_from_json.cache_clear()
    handout._trimmed.cache_clear()
    fresh, _ = timed(a4)
    rows.append(("patient A4, charts exported again (Chromium running)", fresh, None))
    first, deck = timed(lambda: presenter_handout(evidence, evidence.figures, steps))
    rows.append((f"presenter, {len(steps)} pages, first (its charts)", first, len(deck)))
    rows.append(("presenter, warm", median_of(lambda: presenter_handout(evidence, evidence.figures, steps),
                                             args.reps), None))

    width = max(len(name) for name, _, _ in rows)
    for name, seconds, size in rows:
        print(f"{name:<{width}}  {seconds:6.2f} s" + (f"  ({size / 1024:.0f} KiB)" if size else ""))
    slowest_warm = max(warm, warm_letter, warm_plain)
    verdict = "met" if slowest_warm < TARGET_WARM_S else "MISSED"
    print(f"target: warm patient handout < {TARGET_WARM_S:.0f} s: {verdict} (slowest warm {slowest_warm:.2f} s)")
    return 0 if slowest_warm < TARGET_WARM_S else 1


if __name__ == "__main__":
    sys.exit(main())
