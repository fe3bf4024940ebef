"""Turn a snapshot into parsed pages for the judge: each body extracted once."""

from __future__ import annotations

from ita_rules.artifacts import Extracted, Page

from .extract import extract
from .snapshot import SnapshotReader


def load_pages(snapshot: SnapshotReader) -> list[Page]:
    """Every page record of a snapshot, bodies parsed once (identical bodies parsed once too)."""
    parsed: dict[tuple[str, str], Extracted] = {}
    pages: list[Page] = []
    for rec in snapshot.pages():
        doc = None
        if rec.sha256 and rec.outcome == "ok":
            url = rec.final_url or rec.url
            key = (rec.sha256, url)
            if key not in parsed:
                try:
                    parsed[key] = extract(snapshot.body(rec.sha256), rec.content_type, url)
                except Exception as exc:  # a hostile body must not stop the evaluation
                    parsed[key] = Extracted(kind="other", url=url, error=f"{type(exc).__name__}: {exc}")
            doc = parsed[key]
        pages.append(Page(record=rec, doc=doc))
    return pages
