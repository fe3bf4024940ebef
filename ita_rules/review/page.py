"""The review page as HTML: a form per item (works without script), with a few keys for speed."""

from __future__ import annotations

import hashlib
from html import escape
from urllib.parse import quote, unquote

from ..render.rows import fmt
from ..render.safe import visible
from ..words import Lang, say
from .queue import SHOWS, Review, Row, Show

CSS = """
body{font-family:Sarabun,"Noto Sans Thai",Loma,Garuda,"Segoe UI",sans-serif;margin:0;background:#f5f6f8;color:#1d232b;
line-height:1.5}header{background:#fff;border-bottom:1px solid #d5d9e0;padding:12px 20px}main{padding:12px 20px;
max-width:1100px}h1{font-size:1.3em;margin:0 0 4px}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid
#d5d9e0;padding:3px 8px;text-align:left}nav a{margin-right:14px}nav a.on{font-weight:bold;text-decoration:none;
color:#000}.keys{color:#555;font-size:.9em}article{background:#fff;border:1px solid #d5d9e0;border-radius:6px;overflow-wrap:anywhere;
margin:0 0 14px;padding:10px 16px}article:focus{outline:3px solid #2c6bed;outline-offset:2px}h2{font-size:1.1em;
margin:0}.site,.impact{font-weight:normal;color:#555;font-size:.9em;margin-left:10px}.pass{color:#17692f}.fail{color:#b3261e}
.needs_review{color:#8a5a00}.not_crawled,.error{color:#7a2a8a}.decided{background:#eef6ee;padding:4px 8px}.stale{
background:#fff3d6;padding:4px 8px}.ev{margin:4px 0 8px;padding-left:10px;border-left:3px solid #d5d9e0}pre{white-space:
pre-wrap;max-height:18em;overflow:auto;background:#fafafa;padding:6px;font-size:.9em}textarea{width:100%;min-height:3em}
input[type=url],input[type=text]{width:60%}button{font-size:1em;padding:4px 16px;margin:6px 8px 0 0}button.pass{
background:#e2f3e5}button.fail{background:#fbe4e2}.flash{background:#e8f0fe;padding:6px 10px}
"""

SCRIPT = """
const cards=[...document.querySelectorAll('article')];
const here=()=>{const a=document.activeElement;return a&&a.closest?a.closest('article'):null};
function go(d){const c=here();let i=c?cards.indexOf(c)+d:0;i=Math.max(0,Math.min(cards.length-1,i));
 if(cards[i]){cards[i].focus();cards[i].scrollIntoView({block:'start'})}}
document.addEventListener('keydown',e=>{
 if(e.ctrlKey||e.metaKey||e.altKey)return;const t=e.target;
 if(t.matches&&t.matches('textarea,input')){if(e.key==='Escape'){t.blur();const a=t.closest('article');if(a)a.focus()}return}
 const c=here()||cards[0];if(!c)return;const q=s=>c.querySelector(s);
 const act={j:()=>go(1),k:()=>go(-1),p:()=>q('button[value=pass]').click(),f:()=>q('button[value=fail]').click(),
  c:()=>q('textarea').focus(),u:()=>{const b=q('form.undo button');if(b)b.click()}}[e.key];
 if(act){e.preventDefault();act()}});
window.addEventListener('load',()=>{const h=location.hash&&document.getElementById(location.hash.slice(1));
 const c=h||cards[0];if(c){c.focus();c.scrollIntoView({block:'start'})}});
"""


def anchor(site: str, item: str) -> str:
    """A stable element id for one item of one site (site names may hold any character)."""
    return f"i-{hashlib.sha1(site.encode()).hexdigest()[:8]}-{item}"


def _e(text: object) -> str:
    return escape(visible(str(text)), quote=True)  # bidi controls shown, never obeyed (render/safe.py)


def _header(review: Review, show: Show, only: str | None, lang: Lang, token: str, flash: str) -> str:
    p = review.pack
    rows = []
    for name in review.sites:
        st = review.state(name)
        rng = fmt(st.oit.min) if st.oit.min == st.oit.max else f"{fmt(st.oit.min)}–{fmt(st.oit.max)}"
        rows.append(f"<tr><td><a href='/?show={show}&site={quote(name)}'>{_e(name)}</a></td><td>{rng}</td>"
                    f"<td>{st.todo}</td><td>{st.decided}</td><td>{st.stale}</td></tr>")
    counts = {s: len(review.listing(s, only)) for s in SHOWS}
    site_q = f"&site={quote(only)}" if only else ""
    tabs = " ".join(f"<a href='/?show={s}{site_q}' class='{'on' if s == show else ''}'>"
                    f"{say('review.show.' + s, lang)} ({counts[s]})</a>" for s in SHOWS)
    if only:
        tabs += f" · <a href='/?show={show}'>{say('review.all_sites', lang)}</a>"
    return (f"<header><h1>{say('review.title', lang)} · ita review</h1>"
            f"<div>{say('review.pack', lang)} {_e(p.pack.id)} {_e(p.pack.version)} · {say('review.file', lang)} "
            f"<code id='decisions-path'>{_e(review.decisions.path)}</code></div>"
            f"<form method='post' action='/by'><input type='hidden' name='token' value='{token}'>"
            f"<label>{say('review.by', lang)} <input type='text' name='by' value='{_e(review.by)}' required></label> "
            f"<button>{say('review.set_by', lang)}</button></form>"
            f"<table><tr><th>{say('review.col_site', lang)}</th><th>{say('review.col_oit', lang)}</th>"
            f"<th>{say('review.col_todo', lang)}</th><th>{say('review.col_decided', lang)}</th>"
            f"<th>{say('review.col_stale', lang)}</th></tr>{''.join(rows)}</table>"
            f"<nav>{tabs}</nav><p class='keys'>{say('review.keys', lang)}</p>"
            + (f"<p class='flash' role='status'>{_e(flash)}</p>" if flash else "") + "</header>")


def _criteria(review: Review, item_id: str, lang: Lang) -> str:
    it = review.pack.item[item_id]
    elements = "".join(f"<li>{_e(el.text.get(lang))}</li>" for el in it.elements)
    note = f"<div>{_e(it.coverage.note.get(lang))}</div>" if it.coverage.note else ""
    return f"<details open><summary>{say('review.criteria', lang)}</summary>{note}<ol>{elements}</ol></details>"


def _evidence(review: Review, row: Row, lang: Lang) -> str:
    evs = row.tool.evidence
    if not evs:
        return f"<p>{say('review.no_evidence', lang)}</p>"
    out = [f"<h3>{say('review.evidence', lang)}</h3>"]
    for ev in evs[:5]:
        bits = [f"<a href='{_e(ev.url)}' target='_blank' rel='noopener noreferrer'>{_e(unquote(ev.url))}</a>"
                + (f" — {_e(ev.link_text)}" if ev.link_text else "")]
        if ev.claimed:
            bits.append(say("review.claimed", lang))
        if ev.matched:
            bits.append(f"{say('review.matched', lang)}: “{_e(ev.matched)}”")
        if ev.years:
            ok = "" if ev.year_ok is None else f" ({say('review.year_ok' if ev.year_ok else 'review.year_bad', lang)})"
            bits.append(f"{say('review.years', lang)}: {', '.join(map(str, ev.years))}{ok}")
        if ev.found_on:
            bits.append(f"{say('review.found_on', lang)}: {_e(unquote(ev.found_on))}")
        if ev.note:
            bits.append(_e(ev.note))
        text, label = review.preview(row.site, ev.url), say("review.preview", lang)
        if text is None and ev.found_on:
            text, label = review.preview(row.site, ev.found_on), say("review.preview_from", lang,
                                                                      url=_e(unquote(ev.found_on)))
        pre = (f"<details><summary>{label}</summary><pre>{_e(text)}</pre></details>" if text
               else f"<div class='keys'>{say('review.no_preview', lang)}</div>")
        out.append("<div class='ev'>" + "<br>".join(bits) + pre + "</div>")
    return "".join(out)


def _status(row: Row, lang: Lang) -> str:
    d = row.shown.decision
    if d is None:
        return ""
    verdict = say(f"outcome.{d.decision}", lang)
    if not d.applied:
        return f"<p class='stale'>{_e(say('review.stale', lang, decision=verdict, by=d.by, why=d.stale))}</p>"
    text = say("review.decided", lang, decision=verdict, by=d.by, at=d.at.strftime("%Y-%m-%d %H:%M"))
    return f"<p class='decided'>{_e(text)}" + (f" — {_e(d.comment)}" if d.comment else "") + "</p>"


def _card(review: Review, row: Row, nxt: str, show: Show, only: str | None, lang: Lang, token: str) -> str:
    t, d = row.tool, row.shown.decision
    hidden = "".join(f"<input type='hidden' name='{k}' value='{_e(v)}'>" for k, v in
                     (("token", token), ("site", row.site), ("item", t.id), ("show", show), ("next", nxt),
                      ("only", only or "")))
    comment = d.comment if d else ""
    url = (d.evidence_url if d and d.evidence_url else (t.evidence[0].url if t.evidence else "")) or ""
    undo = (f"<form method='post' action='/undo' class='undo'>{hidden}<button>{say('review.undo', lang)} (u)"
            f"</button></form>" if d else "")
    detail = f"; {_e(t.detail)}" if t.detail else ""
    return (f"<article id='{anchor(row.site, t.id)}' tabindex='-1' data-site='{_e(row.site)}' data-item='{t.id}'>"
            f"<h2>{t.id} {_e(t.title)}<span class='site'>{_e(row.site)}</span>"
            f"<span class='impact'>{say('review.impact', lang, points=fmt(row.impact))}</span></h2>"
            f"<div>{say('review.tool', lang)}: <b class='{t.outcome.value}'>{_e(t.outcome.text(lang))}</b> — "
            f"{_e(t.reason.text(lang))}{detail}</div>{_status(row, lang)}{_criteria(review, t.id, lang)}"
            f"{_evidence(review, row, lang)}"
            f"<form method='post' action='/decide' class='decide'>{hidden}"
            f"<label>{say('review.comment', lang)}<br><textarea name='comment'>{_e(comment)}</textarea></label><br>"
            f"<label>{say('review.evidence_url', lang)} <input type='url' name='evidence_url' value='{_e(url)}'>"
            f"</label><br><button name='decision' value='pass' class='pass'>{say('review.pass', lang)} (p)</button>"
            f"<button name='decision' value='fail' class='fail'>{say('review.fail', lang)} (f)</button></form>"
            f"{undo}</article>")


def render_page(review: Review, show: Show, only: str | None, token: str, flash: str = "") -> str:
    """The whole page for one list (to review, tool fails, tool passes, all), optionally one site only."""
    lang = review.lang
    rows = review.listing(show, only)
    cards = [_card(review, r, anchor(rows[n + 1].site, rows[n + 1].tool.id) if n + 1 < len(rows)
                   else anchor(r.site, r.tool.id), show, only, lang, token) for n, r in enumerate(rows)]
    body = "".join(cards) or f"<p>{say('review.empty', lang)}</p>"
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>ita review</title><style>{CSS}</style></head><body>"
            f"{_header(review, show, only, lang, token, flash)}<main>{body}</main><script>{SCRIPT}</script>"
            f"</body></html>")
