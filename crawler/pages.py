"""Turn a snapshot into parsed pages for the judge: each body extracted once, within the reading limits."""

from __future__ import annotations

from ita_rules.artifacts import Extracted, FetchRecord, Page

from .extract import extract
from .limits import DEFAULT, ReadLimits
from .snapshot import SnapshotReader

_PAGE_TYPES = ("text/html", "application/xhtml+xml")


def _is_page(rec: FetchRecord) -> bool:
    return (rec.content_type or "").split(";")[0].strip().lower() in _PAGE_TYPES


def load_pages(snapshot: SnapshotReader, limits: ReadLimits = DEFAULT) -> list[Page]:
    """Every page record of a snapshot, bodies parsed once (identical bodies parsed once too).

    HTML pages are read first: they carry the links and the OIT index, so when the time budget runs
    out it is documents that go unread, each one marked with the reason.
    """
    records = list(snapshot.pages())
    parsed: dict[tuple[str, str], Extracted] = {}
    for rec in sorted(records, key=lambda r: not _is_page(r)):  # stable: record order within each group
        if not rec.sha256 or rec.outcome != "ok":
            continue
        url = rec.final_url or rec.url
        key = (rec.sha256, url)
        if key not in parsed:
            try:
                parsed[key] = extract(snapshot.body(rec.sha256), rec.content_type, url, limits)
            except Exception as exc:  # a hostile body must not stop the evaluation
                parsed[key] = Extracted(kind="other", url=url, error=f"{type(exc).__name__}: {exc}")
    pages = [Page(record=rec, doc=parsed.get((rec.sha256, rec.final_url or rec.url)) if rec.sha256
                  and rec.outcome == "ok" else None) for rec in records]
    # The probes go last, unread: the judge only compares their body hash with the evidence's.
    return pages + [Page(record=rec) for rec in snapshot.probes()]
