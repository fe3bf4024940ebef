"""Accuracy of `ita check` against the labelled fixture corpus (fixtures/sites/*/expected.yaml).

Scoring is pure (no network) so the test suite can import it; `run_site` serves one fixture site on
127.0.0.1 and runs the real CLI in a subprocess.  Definitions, per item of a site's expected.yaml:

- correct: the tool's outcome is in the item's ``accept`` list (default ``[outcome]``);
- false pass: the tool says pass and the assessor's outcome is not pass (the worst error);
- false fail: the tool says fail and fail is not accepted;
- evidence right: for a correct pass, the tool's first evidence URL (path and query, order-free) is one of
  the item's expected evidence URLs;
- requests: the crawl's fetch count from the result's coverage.

The aims of issue 9 (zero false passes on every site, accuracy >= 0.97 over the corpus, evidence accuracy
>= 0.95) are checked by `violations`, which returns what misses them (empty when all are met).
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
SITES_DIR = ROOT / "fixtures" / "sites"
OUTCOMES = ("pass", "fail", "needs_review", "not_crawled")
AIMS = {"false_passes": 0, "accuracy": 0.97, "evidence_accuracy": 0.95}


# --------------------------------------------------------------------------- expectations


@dataclass(frozen=True)
class Expected:
    """The assessor's verdict on one item."""

    outcome: str
    accept: frozenset[str]
    evidence: frozenset[str]


def norm_url(url: str, base: str | None = None) -> str:
    """Site-relative path + query (decoded, parameters sorted, no fragment); off-site URLs stay absolute."""
    url = url.strip()
    if url.startswith(("#", "javascript:", "mailto:", "tel:")):
        return url
    parts = urlsplit(url)
    if parts.scheme and base is not None and f"{parts.scheme}://{parts.netloc}" != base.rstrip("/"):
        return url.split("#", 1)[0]
    if parts.scheme and base is None:
        return url.split("#", 1)[0]
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return unquote(parts.path or "/") + (("?" + unquote(query)) if query else "")


def corpus_sites(sites_dir: Path = SITES_DIR) -> list[str]:
    """Every fixture site with an expected.yaml, sorted."""
    return sorted(p.name for p in sites_dir.iterdir() if (p / "expected.yaml").is_file())


def load_expected(site_dir: Path) -> tuple[int, dict[str, Expected]]:
    """(fiscal year, item id -> Expected) from a site's expected.yaml."""
    data = yaml.safe_load((Path(site_dir) / "expected.yaml").read_text(encoding="utf-8"))
    items = {}
    for code, item in data["items"].items():
        accept = frozenset(item.get("accept") or [item["outcome"]])
        evidence = frozenset(norm_url(u) for u in item.get("evidence") or [])
        items[code] = Expected(item["outcome"], accept, evidence)
    return int(data["fiscal_year"]), items


# --------------------------------------------------------------------------- tool results


def _field(obj: dict, *names: str, default=None):
    for n in names:
        if n in obj and obj[n] is not None:
            return obj[n]
    return default


def _as_text(v) -> str:
    """An outcome as a plain lower-case string (tolerates {"value": ...} / {"code": ...} shapes)."""
    if isinstance(v, dict):
        v = _field(v, "value", "code", "id", "name", default="")
    return str(v).lower()


def tool_items(result: dict) -> dict[str, dict]:
    """item id -> {"outcome", "reason", "evidence": [url...]} from `ita check --format json` output."""
    raw = _field(result, "items", "findings", default=[])
    if isinstance(raw, dict):
        raw = [dict(v, id=k) for k, v in raw.items()]
    out = {}
    for it in raw:
        code = str(_field(it, "id", "item", "code", default="")).lower()
        ev = _field(it, "evidence", default=[]) or []
        urls = [e.get("url") if isinstance(e, dict) else str(e) for e in ev]
        out[code] = {"outcome": _as_text(_field(it, "outcome", "status", default="")),
                     "reason": _as_text(_field(it, "reason", default="")),
                     "evidence": [u for u in urls if u]}
    return out


def requests_made(result: dict) -> int:
    cov = _field(result, "coverage", "crawl", default={}) or {}
    return int(_field(cov, "pages_fetched", "requests", "fetched", default=0) or 0)


# --------------------------------------------------------------------------- scoring


@dataclass
class Score:
    """Counts for one site (or the corpus total)."""

    items: int = 0
    correct: int = 0
    false_passes: int = 0
    false_fails: int = 0
    correct_passes: int = 0
    evidence_right: int = 0
    requests: int = 0
    seconds: float = 0.0
    mistakes: list[dict] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.items if self.items else 0.0

    @property
    def evidence_accuracy(self) -> float:
        return self.evidence_right / self.correct_passes if self.correct_passes else 1.0

    def add(self, other: "Score") -> None:
        for name in ("items", "correct", "false_passes", "false_fails", "correct_passes", "evidence_right",
                     "requests"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds += other.seconds
        self.mistakes.extend(other.mistakes)

    def to_dict(self) -> dict:
        d = asdict(self)
        d.update(accuracy=round(self.accuracy, 4), evidence_accuracy=round(self.evidence_accuracy, 4),
                 seconds=round(self.seconds, 2))
        return d


def score_site(expected: dict[str, Expected], tool: dict[str, dict], base: str | None = None,
               site: str = "") -> Score:
    """Score one site's tool items against its expectations (a missing item counts as wrong)."""
    s = Score()
    for code, exp in expected.items():
        got = tool.get(code, {"outcome": "missing", "reason": "", "evidence": []})
        outcome = got["outcome"]
        s.items += 1
        ok = outcome in exp.accept
        s.correct += ok
        if outcome == "pass" and exp.outcome != "pass":
            s.false_passes += 1
        if outcome == "fail" and "fail" not in exp.accept:
            s.false_fails += 1
        ev_ok = None
        if ok and outcome == "pass":
            s.correct_passes += 1
            first = norm_url(got["evidence"][0], base) if got["evidence"] else ""
            ev_ok = first in exp.evidence
            s.evidence_right += ev_ok
        if not ok or ev_ok is False:
            s.mistakes.append({"site": site, "item": code, "expected": exp.outcome, "accept": sorted(exp.accept),
                               "got": outcome, "reason": got["reason"],
                               "evidence": norm_url(got["evidence"][0], base) if got["evidence"] else "",
                               "evidence_ok": ev_ok})
    return s


def violations(per_site: dict[str, Score], total: Score, aims: dict = AIMS) -> list[str]:
    """What misses issue 9's aims: any false pass on a site, corpus accuracy, evidence accuracy."""
    out = [f"{name}: {s.false_passes} false pass(es)" for name, s in per_site.items()
           if s.false_passes > aims["false_passes"]]
    if total.accuracy < aims["accuracy"]:
        out.append(f"corpus accuracy {total.accuracy:.3f} < {aims['accuracy']}")
    if total.evidence_accuracy < aims["evidence_accuracy"]:
        out.append(f"evidence accuracy {total.evidence_accuracy:.3f} < {aims['evidence_accuracy']}")
    return out


# --------------------------------------------------------------------------- running the real CLI


def _serve_site():
    """The fixture server's context manager (fixtures/ is a source-checkout package, not installed)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    for mod in ("fixtures.serve", "crawler.serve"):
        try:
            return importlib.import_module(mod).serve_site
        except (ImportError, AttributeError):
            continue
    raise ImportError("no fixture server (serve_site) found")


def check_command(base: str, year: int) -> list[str]:
    """`ita check` as a subprocess: the JSON run document out, no config file, no politeness delay (loopback)."""
    return [sys.executable, "-m", "cli.main", "check", base + "/", "--year", str(year), "--format", "json",
            "--no-config", "--delay", "0"]


def run_site(name: str, sites_dir: Path = SITES_DIR, timeout: float = 600) -> tuple[Score, dict]:
    """Serve one fixture site on 127.0.0.1, run `ita check` on it, and score the result."""
    year, expected = load_expected(sites_dir / name)
    with _serve_site()(sites_dir / name) as (_server, base):
        t0 = time.perf_counter()
        proc = subprocess.run(check_command(base, year), capture_output=True, text=True, cwd=ROOT,
                              timeout=timeout)
        seconds = time.perf_counter() - t0
    if proc.returncode not in (0, 1) or not proc.stdout.strip():
        err = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"{name}: ita check exited {proc.returncode}: {err}")
    result = json.loads(proc.stdout)["sites"][0]["result"]  # the run document holds the one site's result
    score = score_site(expected, tool_items(result), base, name)
    score.requests = requests_made(result)
    score.seconds = seconds
    return score, result


def run_corpus(names: list[str] | None = None, sites_dir: Path = SITES_DIR) -> tuple[dict[str, Score], Score]:
    """Run every (or the named) fixture site; per-site scores and the total."""
    per_site: dict[str, Score] = {}
    total = Score()
    for name in names or corpus_sites(sites_dir):
        per_site[name], _ = run_site(name, sites_dir)
        total.add(per_site[name])
    return per_site, total
