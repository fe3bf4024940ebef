"""The review page's web app (Bottle) and its local server: 127.0.0.1 only, one token against other sites' forms."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from socketserver import ThreadingMixIn
from urllib.parse import quote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import bottle

from ..decisions.apply import entry_for
from ..decisions.model import DecisionsError
from ..words import say
from .page import anchor, render_page
from .queue import SHOWS, Review

HOST = "127.0.0.1"


def build_app(review: Review, token: str | None = None) -> bottle.Bottle:
    """The routes: the page, a decision, undoing one, and the reviewer's name."""
    app = bottle.Bottle()
    token = token or secrets.token_urlsafe(24)
    flash = {"text": ""}

    @app.hook("before_request")
    def local_only():
        # A page on 127.0.0.1 can be reached by another site through DNS rebinding: accept our own names only.
        host = (bottle.request.get_header("Host") or "").rsplit(":", 1)[0].strip("[]")
        if host not in (HOST, "localhost"):
            bottle.abort(403, say("review.bad_request", review.lang, why="host"))

    @app.get("/")
    def page():
        show = bottle.request.query.get("show") or "todo"
        only = bottle.request.query.decode("utf-8").get("site") or None
        if show not in SHOWS or (only is not None and only not in review.sites):
            bottle.abort(404, say("review.bad_request", review.lang, why=show if show not in SHOWS else only))
        text, flash["text"] = flash["text"], ""
        bottle.response.set_header("Cache-Control", "no-store")
        return render_page(review, show, only, token, text)

    @app.post("/decide")
    def decide():
        form = _form(token, review.lang)
        flash["text"] = _decide(review, form)
        _back(form)

    @app.post("/undo")
    def undo():
        form = _form(token, review.lang)
        site, item = form.get("site") or "", form.get("item") or ""
        if site in review.sites and _saving(lambda: review.decisions.remove(site, item)):
            review.changed(site)
            flash["text"] = say("review.removed", review.lang, item=item, site=site)
        form["next"] = anchor(site, item)
        _back(form)

    @app.post("/by")
    def by():
        form = _form(token, review.lang)
        review.by = " ".join((form.get("by") or "").split()) or review.by
        _back(form)

    return app


def _form(token: str, lang: str):
    """The posted form, refused unless it carries the page's token."""
    form = bottle.request.forms.decode("utf-8")  # Bottle hands latin-1 text unless asked for UTF-8
    # Another site's page can post to 127.0.0.1 too: only forms this page rendered carry the token.
    if not secrets.compare_digest(form.get("token") or "", token):
        bottle.abort(403, say("review.bad_request", lang, why="token"))
    return form


def _decide(review: Review, form) -> str:
    """Save one decision (the file is written before the answer); returns the note the page shows next."""
    site, item, decision = form.get("site") or "", form.get("item") or "", form.get("decision") or ""
    if decision not in ("pass", "fail"):
        bottle.abort(400, say("review.bad_request", review.lang, why="decision"))
    try:
        row = review.row(site, item)
        entry = entry_for(row.tool, decision, review.by, form.get("comment") or "",
                          form.get("evidence_url") or None, lang=review.lang)
    except KeyError:
        bottle.abort(404, say("review.bad_request", review.lang, why=f"{site} {item}"))
    except ValueError as exc:  # an evidence URL that is not http(s)
        bottle.abort(400, say("review.bad_request", review.lang, why=str(exc).splitlines()[-1]))
    _saving(lambda: review.decisions.set(site, item, entry))
    review.changed(site)
    return say("review.saved", review.lang, item=item, site=site, decision=say(f"outcome.{decision}", review.lang))


def _back(form) -> None:
    """Back to the list after a POST (303), at the next item."""
    show = form.get("show") if form.get("show") in SHOWS else "todo"
    only, nxt = form.get("only") or "", form.get("next") or ""
    bottle.redirect(f"/?show={show}" + (f"&site={quote(only)}" if only else "") + (f"#{nxt}" if nxt else ""), 303)


def _saving(write: Callable[[], object]) -> object:
    try:
        return write()
    except DecisionsError as exc:  # a full disk: say so on the page; the file on disk is still the old one
        bottle.abort(500, str(exc))


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's signature
        """No access log on the terminal: the page itself shows what happened."""


def make(app: bottle.Bottle, port: int) -> WSGIServer:
    """A threaded server on 127.0.0.1 (`port` 0: any free port); raises OSError when the port is taken."""
    return make_server(HOST, port, app, server_class=_Server, handler_class=_Quiet)
