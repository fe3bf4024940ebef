"""Benchmark: check 200 small generated sites in one batch, against `ita check` once per site, in the same run.

    python benchmarks/bench_batch.py [--sites 200 --pages 20 --hosts 20 --in-flight 4 --baseline-sites N]

Sites come from benchmarks/make_site.py (a different seed each), all served by one server process
(`fixtures.serve.make_server`, one port per site) spread over `--hosts` loopback addresses
127.0.0.1..N, which the crawler treats as distinct hosts: sites on one host are crawled one after
another, sites on different hosts together.  Both modes use `ita check`'s settings with `--delay 0`
(per-host concurrency 2).  The batch is `cli.runs.batch.run_batch` in a child process writing
SQLite; the baseline runs `python -m cli.main check URL --delay 0 --format json` once per site,
sequentially (the first `--baseline-sites` sites; the rate is per site, so a sample compares).
Peak memory is the whole process tree's resident set (the batch's evaluation workers included),
sampled from /proc every 50 ms.  Also checks that both modes give every site the same outcomes.
Prints a table and the ratio; no assertions.  Linux only (/proc).
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_assess import tree_rss_mb  # noqa: E402

SERVER = """
import json, sys, threading, time
from fixtures.serve import make_server
roots, hosts = sys.argv[1:-1], int(sys.argv[-1])
bases = []
for i, root in enumerate(roots):
    srv = make_server(root, host=f"127.0.0.{i % hosts + 1}")
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    bases.append("http://%s:%d/" % srv.server_address[:2])
print(json.dumps(bases), flush=True)
time.sleep(10**6)
"""

BATCH = """
import sys
from cli.runs.batch import load_sites_csv, run_batch
from crawler.settings import CrawlSettings
from ita_rules.loader import pack_by_id

if __name__ == "__main__":
    settings = CrawlSettings(delay=0, per_host_concurrency=2, max_concurrency=4)  # `ita check --delay 0`
    s = run_batch(load_sites_csv(sys.argv[1]), pack_by_id("ita-2568"), 2568, "th", settings, sys.argv[2],
                  max_sites_in_flight=int(sys.argv[3]))
    print(s.done, s.peak_in_flight)
"""


def measure(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak process-tree RSS (MB) and stdout of one command."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_rss_mb(proc.pid))
        time.sleep(0.05)
    out, err = proc.communicate()
    if proc.returncode not in (0, 1):
        sys.exit(f"benchmark command failed ({proc.returncode}): {err.strip()[-400:]}")
    return time.perf_counter() - t0, peak, out


def main() -> None:
    """Generate, serve, run both modes and print the table."""
    from make_site import generate

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sites", type=int, default=200)
    ap.add_argument("--pages", type=int, default=20, help="HTML pages per site (at least 18)")
    ap.add_argument("--pdfs", type=int, default=2)
    ap.add_argument("--hosts", type=int, default=20, help="loopback addresses the sites are spread over")
    ap.add_argument("--in-flight", type=int, default=4, help="max_sites_in_flight of the batch")
    ap.add_argument("--baseline-sites", type=int, default=None, help="sites for the sequential baseline (all)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        t = Path(tmp)
        roots = [t / "sites" / f"s{i:03d}" for i in range(a.sites)]
        for i, root in enumerate(roots):
            generate(root, a.pages, a.pdfs, seed=i)
        server = subprocess.Popen([sys.executable, "-c", SERVER, *map(str, roots), str(a.hosts)], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True)
        try:
            bases = json.loads(server.stdout.readline())
            names = [f"site-{i:03d}" for i in range(a.sites)]
            listing = t / "sites.csv"
            with listing.open("w", newline="", encoding="utf-8") as fh:
                csv.writer(fh).writerows([("name", "url"), *zip(names, bases)])
            db = t / "results.sqlite"
            b_wall, b_peak, out = measure([sys.executable, "-c", BATCH, str(listing), str(db), str(a.in_flight)])
            done, in_flight = map(int, out.split())
            n_base = min(a.baseline_sites or a.sites, a.sites)
            s_wall, s_peak, same = 0.0, 0.0, 0
            conn = sqlite3.connect(db)
            for name, base in list(zip(names, bases))[:n_base]:
                out_json = t / "one.json"
                w, p, _ = measure([sys.executable, "-m", "cli.main", "check", base, "--delay", "0", "--format",
                                   "json", "-o", str(out_json)])
                s_wall, s_peak = s_wall + w, max(s_peak, p)
                items = json.loads(out_json.read_text())["sites"][0]["result"]["items"]
                one = [(i["id"], i["outcome"]) for i in items]
                stored = conn.execute("SELECT item, outcome FROM items WHERE site = ? ORDER BY rowid",
                                      (name,)).fetchall()
                same += one == [tuple(r) for r in stored]
            conn.close()
        finally:
            server.kill()
            server.wait()
    b_rate, s_rate = done / b_wall * 60, n_base / s_wall * 60
    print(f"{a.sites} generated sites ({a.pages} pages + {a.pdfs} PDFs each) on {a.hosts} loopback hosts, "
          f"delay 0, per-host concurrency 2")
    print("| mode | sites | seconds | sites/min | peak MB (process tree) |\n|---|---|---|---|---|")
    print(f"| batch (run_batch, {a.in_flight} sites in flight, peak {in_flight}) | {done} | {b_wall:.1f} | "
          f"{b_rate:.0f} | {b_peak:.0f} |")
    print(f"| `ita check` per site, sequential | {n_base} | {s_wall:.1f} | {s_rate:.0f} | {s_peak:.0f} |")
    print(f"ratio batch/sequential: {b_rate / s_rate:.1f}x sites per minute, {b_peak / s_peak:.1f}x peak memory")
    print(f"same outcomes in both modes: {same}/{n_base} sites")


if __name__ == "__main__":
    main()
