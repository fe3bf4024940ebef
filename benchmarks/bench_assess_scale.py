"""Benchmark: `ita assess` on 100,000 agencies from one CSV, in every format, memory flat (issue 11 #11).

    python benchmarks/bench_assess_scale.py [-n 100000] [--detail-n 2000] [--jobs 1] [--formats json,markdown,text]

One CSV of generated agencies (fixtures/make_batch.py, bench_assess.py's row generator), then
`ita assess CSV --format F -o FILE --jobs J` once per format: JSON (the ita-assess-batch/1 document),
Markdown (every agency in full), text (one line per agency) and, on `--detail-n` rows, text with
`--detail` (every agency in full through rich, ~27 ms an agency, so 100,000 would take 45 minutes). For each:
wall seconds, CPU seconds, peak resident memory of the process tree (bench_assess.timed: /proc sampled every
50 ms, never below ru_maxrss), bytes written and bytes per agency. The aim: peak under 300 MB for every
format, however many rows. A benchmark, not a test: it prints and never asserts (exit 0).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_assess import ROOT, timed  # noqa: E402

AIM_MB = 300


def run(csv_path: Path, out: Path, fmt: str, jobs: int, detail: bool) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak MB, bytes written) of one `ita assess` run."""
    cmd = [sys.executable, "-m", "cli.main", "assess", str(csv_path), "--format", fmt, "-o", str(out),
           "--jobs", str(jobs), *(["--detail"] if detail else [])]
    wall, cpu, peak = timed(cmd)
    size = out.stat().st_size
    out.unlink()
    return wall, cpu, peak, size


def main() -> None:
    """Generate the rows, run every format, print one line each."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=100_000, help="agencies (default 100,000)")
    ap.add_argument("--detail-n", type=int, default=2_000, help="agencies for text --detail (default 2,000; 0: skip)")
    ap.add_argument("--jobs", type=int, default=1, help="--jobs of ita assess (default 1: one process)")
    ap.add_argument("--formats", default="json,markdown,text", help="comma-separated (default json,markdown,text)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / "batch.csv", Path(tmp) / "detail.csv"
        make = [sys.executable, str(ROOT / "fixtures" / "make_batch.py")]
        subprocess.run([*make, str(a.n), "-o", str(big)], check=True)
        runs = [(f, a.n, big, False) for f in a.formats.split(",") if f]
        if a.detail_n:
            subprocess.run([*make, str(a.detail_n), "-o", str(small)], check=True)
            runs.append(("text", a.detail_n, small, True))
        print(f"cores: {os.cpu_count()}   --jobs {a.jobs}   load average: "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}   aim: peak < {AIM_MB} MB")
        print(f"{'format':16} {'agencies':>9} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'MB out':>9} "
              f"{'bytes/agency':>13} {'ms/agency':>10}  aim")
        for fmt, n, path, detail in runs:
            wall, cpu, peak, size = run(path, Path(tmp) / f"out.{fmt}", fmt, a.jobs, detail)
            name = fmt + (" --detail" if detail else "")
            print(f"{name:16} {n:9,} {wall:8.1f} {cpu:8.1f} {peak:8.0f} {size / 1e6:9.1f} {size / n:13,.0f} "
                  f"{wall / n * 1000:10.2f}  {'ok' if peak < AIM_MB else 'MISSED'}", flush=True)


if __name__ == "__main__":
    main()
