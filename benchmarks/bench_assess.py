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


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, from /proc (Linux)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(d.name)] = int(stat[1])
            rss[int(d.name)] = int(stat[21]) * resource.getpagesize()
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parents.items() if pp == p and c not in tree]
        tree.update(kids)
        frontier += kids
    return sum(rss.get(p, 0) for p in tree) / 2**20


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of a command summed over its process tree."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_rss_mb(proc.pid))
        time.sleep(0.05)
    err = proc.stderr.read() if proc.stderr else b""
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"benchmark command failed ({proc.returncode}): {err.decode()[:300]}")
    return wall, peak


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
        cmd = [sys.executable, "-m", "cli.main", "assess", str(csv_path), "--format", "json",
               "-o", str(Path(tmp) / "out.json")]
        full_wall, full_rss = timed(cmd)
        one_wall, one_rss = timed([*cmd, "--jobs", "1"])
    print(f"agencies: {a.n}")
    print(f"baseline (load + score, no engine): {base_wall:6.2f} s")
    print(f"ita assess (engine + measures + JSON): {full_wall:6.2f} s   ratio {full_wall / base_wall:.2f}x")
    print(f"peak memory, whole process tree: {full_rss:6.0f} MB   (baseline {base_rss:.0f} MB, "
          f"ratio {full_rss / base_rss:.2f}x)")
    print(f"ita assess --jobs 1 (one process, one engine host): {one_wall:6.2f} s   ratio "
          f"{one_wall / base_wall:.2f}x   peak {one_rss:.0f} MB")
    print(f"per agency: {full_wall / a.n * 1000:.2f} ms")


if __name__ == "__main__":
    main()
