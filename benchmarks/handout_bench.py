"""How long a PDF take-away takes, as a person waits for it: the first one a server builds, and later ones.

A server starts its warm-up (components/warm_up.py) at the first page open: Chromium for the chart images, the
default handouts, every view's caches. This measures, in one fresh process:
  * without warm-up: the first patient handout of a fresh process, as a server without the warm-up gave it (the
    default has no room for its charts, so Chromium is not started);
  * the warm-up itself (it runs in the background; a handout asked for meanwhile waits for its chart images);
  * after it: the first patient handout (A4, with 'what matters' answers), US Letter, nothing marked, the first
    handout of a surgeon's filtered selection, the first of a surgeon's two measures with notes (its two charts
    exported), the first presenter hand-out.
Target: every one after the warm-up <= 3 s.

    python benchmarks/handout_bench.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("BROWSER_PATH", "/usr/bin/chromium")

from streamlit import logger  # noqa: E402

logger.set_log_level("error")  # the cache decorators warn when there is no server
from components import warm_up  # noqa: E402
from components.navigation import presenter_steps  # noqa: E402
from evidence.filters import filtered  # noqa: E402
from evidence.handout import patient_handout, presenter_handout  # noqa: E402
from evidence.load import SHIPPED_DATA, load_folder  # noqa: E402

TARGET_S = 3.0
CHOICES = {"infection": "Very important", "hospital_stay": "A little", "operative_time": "A little"}
QUESTIONS = ["What is the infection rate in your own patients for each approach?",
             "How many nights do your patients usually stay after each approach?"]


def seconds(build) -> float:
    began = time.perf_counter()
    build()
    return time.perf_counter() - began


def cold_first_handout() -> float:
    """The first patient handout of a fresh process with no warm-up (measured in a child process)."""
    code = ("import time, benchmarks.handout_bench as b; t = time.perf_counter(); "
            "b.patient_handout(b.load_folder(b.SHIPPED_DATA), b.load_folder(b.SHIPPED_DATA).figures, 'A4'); "
            "print(time.perf_counter() - t)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          check=True)
    return float(done.stdout.strip().splitlines()[-1])


def figures() -> dict[str, float]:
    """Seconds per handout, in the order a server meets them."""
    out = {"first patient handout, no warm-up": cold_first_handout()}
    evidence = load_folder(SHIPPED_DATA)
    out["warm-up (background, at server start)"] = seconds(lambda: warm_up.prepare(evidence))
    trials = filtered(evidence.figures, None, ["RCT", "meta-analysis of RCTs"])
    after = {
        "first patient handout (A4, answers marked)":
            lambda: patient_handout(evidence, evidence.figures, "A4", choices=CHOICES, questions=QUESTIONS),
        "patient handout, US Letter": lambda: patient_handout(evidence, evidence.figures, "Letter"),
        "first handout of a surgeon's filtered studies": lambda: patient_handout(evidence, trials, "A4"),
        "first handout of a surgeon's two measures, with notes (charts)":
            lambda: patient_handout(evidence, evidence.figures, "A4", measures=["infection", "hospital_stay"],
                                    notes="Plan: MISS at L4-L5."),
        "first presenter hand-out": lambda: presenter_handout(evidence, evidence.figures, presenter_steps(evidence)),
    }
    out |= {name: seconds(build) for name, build in after.items()}
    return out


def main() -> int:
    results = figures()
    width = max(map(len, results))
    for name, value in results.items():
        print(f"{name:<{width}}  {value:6.2f} s")
    worst = max(v for n, v in results.items() if not n.startswith(("warm-up", "first patient handout, no")))
    print(f"target: every handout after the warm-up <= {TARGET_S:.0f} s: "
          f"{'met' if worst <= TARGET_S else 'MISSED'} (slowest {worst:.2f} s)")
    return 0 if worst <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
