"""Benchmark: assess N synthetic agencies from one CSV, against scoring alone, in the same run.

Prints wall time and peak memory of `ita assess batch.csv --format json` and of a baseline that
loads the same sheets and scores them without the rule engine, measures or rendering; the ratio
is what to watch (machines differ, ratios much less).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = """
import sys
from ita_rules.loader import pack_for_year
from ita_rules.scoring import score
from ita_rules.sheet import load_sheets, check_ids
pack = pack_for_year(2568)
n = 0
for s in load_sheets(sys.argv[1]):
    check_ids(s, pack)
    score(pack, s.scores)
    n += 1
print(n)
"""


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"benchmark command failed ({proc.returncode}): {err.decode()[:300]}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    """Run the benchmark and print a small table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=10_000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "batch.csv"
        subprocess.run([sys.executable, str(ROOT / "fixtures" / "make_batch.py"), str(a.n), "-o", str(csv_path)],
                       check=True)
        base_wall, base_rss = timed([sys.executable, "-c", BASELINE, str(csv_path)])
        full_wall, full_rss = timed([sys.executable, "-m", "cli.main", "assess", str(csv_path), "--format", "json",
                                     "-o", str(Path(tmp) / "out.json")])
    print(f"agencies: {a.n}")
    print(f"baseline (load + score, no engine): {base_wall:6.2f} s")
    print(f"ita assess (engine + measures + JSON): {full_wall:6.2f} s   ratio {full_wall / base_wall:.2f}x")
    # RUSAGE_CHILDREN keeps the max over all children so far; the full run is the larger one.
    print(f"peak RSS (largest child): {full_rss:6.0f} MB (baseline child <= {base_rss:.0f} MB)")
    print(f"per agency: {full_wall / a.n * 1000:.2f} ms")


if __name__ == "__main__":
    main()
