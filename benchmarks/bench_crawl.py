"""Benchmark: crawl a generated 2,000-page site on 127.0.0.1, against `wget --mirror`, in the same run.

    python benchmarks/bench_crawl.py [--pages 2000 --pdfs 300 --concurrency 8 --runs 1 --profile]

The site (benchmarks/make_site.py) is served by `python -m fixtures.serve` in its own process and
both tools crawl that same server with politeness off: our crawler via `crawler.fetch.crawl_sync`
(delay 0, per-host/max concurrency N, robots respected, sitemaps off, page budget, depth and
pattern guards opened so the whole site is in scope, every record and body saved by a
SnapshotWriter), and `wget --mirror --no-parent -e robots=on` (one connection, as wget works).
Each tool runs in a child process; wall time covers the whole process (interpreter start-up
included), peak memory is the child's peak resident set (VmHWM, sampled every 20 ms; our
crawler also reports its own at exit).
Pages are HTML pages plus PDFs fetched OK (ours) or files saved (wget, robots.txt excluded).
Everything lives in a temporary directory; nothing is written to the repository.

What to watch is the ratio ours/wget (machines differ, ratios much less).
Aims: at least 2x wget's pages per second, under 300 MB peak.  Exit 2 if wget is missing.
On loopback the server answers in well under a millisecond, so this measures CPU cost per page;
--server-delay 0.02 adds a per-response latency to see what concurrency buys on a real network.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
AIM_RATIO = 2.0
AIM_PEAK_MB = 300.0

CRAWLER = r"""
import json, sys, time
from crawler.fetch import crawl_sync
from crawler.settings import CrawlSettings
from crawler.snapshot import SnapshotWriter

base, snap, conc, profile = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
settings = CrawlSettings(
    delay=0, per_host_concurrency=conc, max_concurrency=conc, respect_robots=True, use_sitemaps=False,
    max_pages=100_000, max_depth=1000, max_per_pattern=1_000_000, time_budget=3600,
)

def run():
    return crawl_sync(base + "/", settings, writer=SnapshotWriter(snap))

t0 = time.perf_counter()
if profile:
    import cProfile
    prof = cProfile.Profile()
    result = prof.runcall(run)
    prof.dump_stats(profile)
else:
    result = run()
wall = time.perf_counter() - t0
hwm = next(int(l.split()[1]) / 1024 for l in open("/proc/self/status") if l.startswith("VmHWM:"))
ok = [r for r in result.records if r.outcome == "ok"]
pdf = sum(1 for r in ok if (r.content_type or "").startswith("application/pdf"))
print(json.dumps({"crawl_seconds": wall, "ok": len(ok), "pdf": pdf, "html": len(ok) - pdf,
                  "hwm_mb": hwm, "stats": result.stats, "warnings": result.warnings[:5]}))
"""


@dataclass
class Run:
    tool: str
    pages: int
    seconds: float
    peak_mb: float
    note: str = ""

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0


# --------------------------------------------------------------------------- process measurement


def vm_hwm_mb(pid: int | str = "self") -> float:
    """Peak resident memory (VmHWM) of one process, from /proc (Linux); 0 once it has exited.

    VmHWM belongs to the address space and restarts at exec, so unlike a child's ru_maxrss it
    does not inherit the benchmark's own memory from fork.  Both tools run as one process.
    """
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def measure(cmd: list[str], ok_codes: tuple[int, ...] = (0,)) -> tuple[float, float, str]:
    """Run cmd; return (wall seconds, peak RSS MB, stdout); peak from VmHWM sampled every 20 ms."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    sampled = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            sampled[0] = max(sampled[0], vm_hwm_mb(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out_chunks: list[bytes] = []
    err_chunks: list[bytes] = []
    readers = [threading.Thread(target=lambda s=s, c=c: c.append(s.read()), daemon=True)
               for s, c in ((proc.stdout, out_chunks), (proc.stderr, err_chunks))]
    for r in readers:
        r.start()
    _, status, _usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    for r in readers:
        r.join()
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
    if proc.returncode not in ok_codes:
        err = b"".join(err_chunks).decode(errors="replace")[-800:]
        sys.exit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd[:3])} ...\n{err}")
    return wall, sampled[0], b"".join(out_chunks).decode()


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(site: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "fixtures.serve", str(site), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"server exited: {proc.stderr.read().decode()[-500:] if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(base + "/robots.txt", timeout=1) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit("server did not start within 20 s")


# --------------------------------------------------------------------------- tools


def run_ours(base: str, work: Path, conc: int, profile: Path | None = None) -> Run:
    snap = work / "snapshot"
    shutil.rmtree(snap, ignore_errors=True)
    wall, peak, out = measure([sys.executable, "-c", CRAWLER, base, str(snap), str(conc),
                               str(profile) if profile else ""])
    info = json.loads(out.strip().splitlines()[-1])
    shutil.rmtree(snap, ignore_errors=True)
    note = f"{info['html']} html + {info['pdf']} pdf; crawl loop {info['crawl_seconds']:.2f} s"
    return Run(f"ours (c={conc})", info["ok"], wall, max(peak, info["hwm_mb"]), note)


def run_wget(wget: str, base: str, work: Path) -> Run:
    out = work / "wget"
    shutil.rmtree(out, ignore_errors=True)
    # Exit 8 = some server error response (e.g. a 404): still a completed mirror.
    wall, peak, _ = measure([wget, "--mirror", "--no-parent", "-q", "-e", "robots=on", "-P", str(out), base + "/"],
                            ok_codes=(0, 8))
    files = [p for p in out.rglob("*") if p.is_file() and p.name != "robots.txt"]
    pdf = sum(1 for p in files if p.suffix == ".pdf")
    shutil.rmtree(out, ignore_errors=True)
    return Run("wget --mirror", len(files), wall, peak, f"{len(files) - pdf} html + {pdf} pdf")


def median_run(runs: list[Run]) -> Run:
    """The run with the median wall time (pages should not vary); peak memory is the max over runs."""
    mid = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
    return Run(mid.tool, mid.pages, mid.seconds, max(r.peak_mb for r in runs), mid.note)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--pdfs", type=int, default=300)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--runs", type=int, default=3, help="runs per tool (median wall time reported)")
    ap.add_argument("--server-delay", type=float, default=0.0, metavar="SECONDS",
                    help="add this latency to every response (a _routes.yaml delay), like a real network")
    ap.add_argument("--profile", action="store_true",
                    help="also run our crawler once under cProfile and print hot spots")
    a = ap.parse_args()

    wget = shutil.which("wget")
    if wget is None:
        print("wget is not installed; install it (Debian: apt-get install wget) and rerun.", file=sys.stderr)
        return 2
    sys.path.insert(0, str(HERE))
    from make_site import generate  # noqa: E402

    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
        work = Path(tmp)
        site = work / "site"
        counts = generate(site, a.pages, a.pdfs)
        if a.server_delay > 0:
            (site / "_routes.yaml").write_text(f"routes:\n  - {{delay: {a.server_delay}}}\n", encoding="utf-8")
        expected = counts["html"] + counts["pdf"]
        server, base = start_server(site)
        try:
            ours_runs: list[Run] = []
            wget_runs: list[Run] = []
            for _ in range(a.runs):  # alternate so drift (thermal, cache) hits both tools alike
                wget_runs.append(run_wget(wget, base, work))
                ours_runs.append(run_ours(base, work, a.concurrency))
            prof_file = work / "crawl.prof"
            if a.profile:
                run_ours(base, work, a.concurrency, profile=prof_file)
        finally:
            server.terminate()
            server.wait(timeout=10)
        ours, theirs = median_run(ours_runs), median_run(wget_runs)

        print(f"site: {counts['html']} HTML pages + {counts['pdf']} PDFs served by fixtures.serve at {base} "
              f"({os.cpu_count()} CPUs, {a.runs} run(s) each, server delay {a.server_delay:g} s)")
        print(f"{'tool':<16}{'pages':>7}{'seconds':>10}{'pages/s':>10}{'peak MB':>10}  note")
        for r in (theirs, ours):
            print(f"{r.tool:<16}{r.pages:>7}{r.seconds:>10.2f}{r.rate:>10.1f}{r.peak_mb:>10.1f}  {r.note}")
        ratio = ours.rate / theirs.rate if theirs.rate else float("inf")
        print(f"ratio ours/wget pages/s: {ratio:.2f}x (aim >= {AIM_RATIO:g}x)  "
              f"peak memory: {ours.peak_mb:.0f} MB (aim < {AIM_PEAK_MB:g} MB); wget peak {theirs.peak_mb:.0f} MB")
        for r in (ours, theirs):
            if r.pages != expected:
                print(f"warning: {r.tool} got {r.pages} pages, site has {expected}: scopes differ")
        speed_ok, mem_ok = ratio >= AIM_RATIO, ours.peak_mb < AIM_PEAK_MB
        print("verdict: speed " + ("MET" if speed_ok else "MISSED") + ", memory " + ("MET" if mem_ok else "MISSED"))

        if a.profile:
            import pstats

            print("\nhot spots (cProfile, our crawler, top 25 by own time):")
            pstats.Stats(str(prof_file)).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
