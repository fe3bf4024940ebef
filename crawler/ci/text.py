"""The human report of a CI run: each site's usual report, then waivers, baseline and the verdict."""

from __future__ import annotations

from urllib.parse import unquote

from rich.console import Console
from rich.markup import escape

from crawler.render import render_text

from .run import CiRun, SiteRun
from .wording import status_text

L = {
    "site": {"th": "เว็บไซต์", "en": "Site"},
    "waived": {"th": "ข้อที่ได้รับการยกเว้น (ไม่นับเป็นผ่าน)", "en": "Waived items (never counted as pass)"},
    "counts": {"th": "สรุป (ข้อที่ยกเว้นแยกนับ)", "en": "Summary (waived counted apart)"},
    "blocking": {"th": "ข้อบกพร่องที่ทำให้ไม่ผ่าน", "en": "Blocking findings"},
    "baseline": {"th": "เทียบกับ baseline", "en": "Baseline"},
    "new": {"th": "ใหม่", "en": "new"},
    "still": {"th": "ยังอยู่", "en": "still present"},
    "fixed": {"th": "แก้แล้ว", "en": "fixed"},
    "stale": {"th": "ล้าสมัย", "en": "stale"},
    "written": {"th": "บันทึก baseline แล้วที่", "en": "Baseline written to"},
    "warnings": {"th": "ข้อสังเกต", "en": "Warnings"},
    "result": {"th": "ผลการตรวจ", "en": "Result"},
    "soft": {"th": "soft-fail: รายงานเท่านั้น ไม่ทำให้ล้มเหลว", "en": "soft-fail: reported, not enforced"},
    "below": {"th": "คะแนน OIT ต่ำกว่าเกณฑ์", "en": "OIT score below the minimum"},
}


def _t(key: str, lang: str) -> str:
    return L[key][lang]


def _site_section(sr: SiteRun, lang: str, console: Console) -> None:
    waived = [v for v in sr.verdicts if v.status == "waived"]
    if waived:
        console.print(f"\n[bold]{_t('waived', lang)}[/bold]")
        for v in waived:
            console.print(f"  {v.id} ({status_text(v.outcome, lang)}) — {escape(v.waiver.message)} "
                          f"[dim]{escape(v.waiver.declared_in)}[/dim]", highlight=False)
    blocking = [v for v in sr.verdicts if v.blocking]
    if blocking:
        console.print(f"\n[bold red]{_t('blocking', lang)}[/bold red]: "
                      + ", ".join(f"{v.id} ({status_text(v.outcome, lang)})" for v in blocking), highlight=False)
    counts = " · ".join(f"{status_text(k, lang)} {n}" for k, n in sr.counts.items() if n)
    console.print(f"{_t('counts', lang)}: {counts}", highlight=False)


def render_run(run: CiRun, console: Console) -> None:
    """Print every site, then the baseline comparison, warnings and the exit verdict."""
    lang = run.lang
    for n, sr in enumerate(run.sites):
        if n or len(run.sites) > 1:
            console.rule(f"{_t('site', lang)}: {escape(sr.site.name)}")
        render_text(sr.result, console)
        _site_section(sr, lang, console)
    if run.baseline is not None:
        b = run.baseline
        console.print(f"\n[bold]{_t('baseline', lang)}[/bold] {escape(b.path)}: {_t('new', lang)} {len(b.new)} · "
                      f"{_t('still', lang)} {len(b.still_present)} · {_t('fixed', lang)} {len(b.fixed)} · "
                      f"{_t('stale', lang)} {len(b.stale)}", highlight=False)
        for f in b.new:
            console.print(f"  + {escape(f.site)} {f.item} {f.outcome} {escape(unquote(f.locator))}", highlight=False)
        for f in b.fixed:
            console.print(f"  - {escape(f.site)} {f.item} {f.outcome} ({_t('fixed', lang)})", highlight=False)
    if run.baseline_written:
        console.print(f"{_t('written', lang)} {escape(run.baseline_written)}", highlight=False)
    if run.warnings:
        console.print(f"\n[yellow]{_t('warnings', lang)}[/yellow]")
        for w in run.warnings:
            console.print(f"  - {escape(w)}", highlight=False)
    below = [s.site.name for s in run.sites if s.below_threshold]
    verdict = f"exit {run.exit_code} (--fail-on {run.policy.fail_on}; blocking {run.totals['blocking']}"
    if below:
        verdict += f"; {_t('below', lang)}: {', '.join(below)}"
    verdict += ")"
    if run.policy.soft_fail:
        verdict += f" — {_t('soft', lang)}"
    console.print(f"\n[bold]{_t('result', lang)}[/bold]: {escape(verdict)}", highlight=False)
