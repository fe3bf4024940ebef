"""Benchmark: `ita assess` on N synthetic agencies from one CSV, against scoring alone, in the same run.

    python benchmarks/bench_assess.py [-n 10000] [--runs 3] [--profile]

Three commands on one generated CSV (fixtures/make_batch.py), each run `--runs` times, the best run
counting (the machine may be shared): the baseline, which loads the sheets and scores them (no engine,
measures or output); `ita assess --format json -o FILE --jobs 1` (one process, one engine host); and the
same with two worker processes (`--jobs 2`; `--jobs 0` picks one per CPU but one). For each: wall seconds, CPU seconds (user + system, the
process and the children it waited for, from wait4), peak resident memory (the process tree, sampled
from /proc every 50 ms, and never below the process's own ru_maxrss) and the ratios to the baseline.
On a busy machine compare CPU seconds and their ratio; wall time means something only on an idle one,
so the load average is printed too. `--profile` adds the top functions of the `--jobs 1` run (cProfile,
which slows it). Linux only (/proc, wait4); no assertions.
"""

from __future__ import annotations

import argparse
import os
import pstats
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


def timed(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident memory (MB, process tree) of a command."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    peak = 0.0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, tree_rss_mb(proc.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code  # reaped above; keep Popen from waiting again
    err = proc.stderr.read() if proc.stderr else b""
    if code not in (0, 1):
        sys.exit(f"benchmark command failed ({code}): {err.decode()[:300]}")
    return wall, usage.ru_utime + usage.ru_stime, max(peak, usage.ru_maxrss / 1024)


def best(cmd: list[str], runs: int) -> tuple[float, float, float]:
    """The best wall and CPU time and the largest peak memory over `runs` runs."""
    got = [timed(cmd) for _ in range(runs)]
    return min(g[0] for g in got), min(g[1] for g in got), max(g[2] for g in got)


def profile(cmd: list[str], tmp: Path) -> None:
    """Print the top functions of one run under cProfile."""
    out = tmp / "assess.prof"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), *cmd[1:]], check=False, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    pstats.Stats(str(out)).sort_stats("tottime").print_stats(25)


def main() -> None:
    """Run the benchmark and print a small table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=10_000, help="agencies (default 10,000)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each command; the best counts (default 3)")
    ap.add_argument("--profile", action="store_true", help="also profile the --jobs 1 run")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "batch.csv"
        subprocess.run([sys.executable, str(ROOT / "fixtures" / "make_batch.py"), str(a.n), "-o", str(csv_path)],
                       check=True)
        assess = [sys.executable, "-m", "cli.main", "assess", str(csv_path), "--format", "json",
                  "-o", str(Path(tmp) / "out.json")]
        rows = [("baseline (load + score, no engine)", best([sys.executable, "-c", BASELINE, str(csv_path)], a.runs)),
                ("ita assess --jobs 1 (one process)", best([*assess, "--jobs", "1"], a.runs)),
                ("ita assess --jobs 2 (workers)", best([*assess, "--jobs", "2"], a.runs))]
        if a.profile:
            profile([*assess, "--jobs", "1"], Path(tmp))
    base_wall, base_cpu, base_rss = rows[0][1]
    print(f"agencies: {a.n}   runs: {a.runs} (best)   cores: {os.cpu_count()}   "
          f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'':38} {'wall s':>7} {'CPU s':>7} {'peak MB':>8} {'wall x':>7} {'CPU x':>6} {'mem x':>6}")
    for name, (wall, cpu, rss) in rows:
        print(f"{name:38} {wall:7.2f} {cpu:7.2f} {rss:8.0f} {wall / base_wall:7.2f} {cpu / base_cpu:6.2f} "
              f"{rss / base_rss:6.2f}")
    one = rows[1][1]
    print(f"--jobs 1 per agency: {one[1] / a.n * 1000:.2f} ms CPU; aim: under 10 s and 300 MB on 2 cores "
          f"(CPU {one[1]:.1f} s, peak {one[2]:.0f} MB)")


if __name__ == "__main__":
    main()
