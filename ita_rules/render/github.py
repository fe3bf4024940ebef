"""GitHub Actions workflow commands (`::error file=...,line=...,title=...::message`) for a run."""

from __future__ import annotations

from pathlib import Path

from ita_rules.pack import RulePack

from ita_rules.ci.locations import declaration, item_location
from ita_rules.ci.run import CiRun
from ita_rules.ci.wording import message
from ita_rules.words import say

COMMAND = {"fail": "error", "needs_review": "warning", "error": "warning", "not_crawled": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _line(cmd: str, msg: str, title: str, loc=None) -> str:
    props = []
    if loc is not None:
        props += [f"file={_prop(loc.path)}", f"line={loc.line}"]
    props.append(f"title={_prop(title)}")
    return f"::{cmd} {','.join(props)}::{_data(msg)}"


def to_github(run: CiRun, pack: RulePack, repo: Path) -> str:
    """One workflow command per non-pass item; waived and baselined findings are notices, not errors."""
    lang = run.lang
    out = []
    for sr in run.sites:
        items = {i.id: i for i in sr.result.items}
        for v in sr.verdicts:
            if v.outcome == "pass":
                continue
            cmd = COMMAND[v.outcome]
            if v.status == "waived" or v.baseline == "baselined":
                cmd = "notice"
            title = f"ITA {v.id} ({sr.site.name})"
            if v.status == "waived":
                title += f" [{say('ci.waived', lang)}]"
            elif v.baseline == "baselined":
                title += f" [{say('ci.baselined', lang)}]"
            out.append(_line(cmd, message(pack, sr.site, items[v.id], v, lang, sr.result.coverage.home), title,
                             item_location(sr.site, items[v.id], repo)))
        if sr.below_threshold:
            score = "-" if sr.result.oit.score is None else f"{sr.result.oit.score:g}"
            msg = say("ci.threshold", lang).format(score=score, min=f"{run.policy.min_oit_score or 0:g}")
            out.append(_line("error", msg, f"ITA OIT score ({sr.site.name})", declaration(sr.site, repo)))
    for text in run.warnings:
        out.append(_line("warning", text, "ita"))
    t = run.totals
    out.append(_line("notice", f"exit {run.exit_code}: " + ", ".join(f"{k} {n}" for k, n in t.items()),
                     "ITA summary"))
    return "\n".join(out) + "\n"
