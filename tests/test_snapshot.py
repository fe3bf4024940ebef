"""Snapshot directory: round trip, content addressing, crash tolerance and clear errors."""

from __future__ import annotations

import json

import pytest

from ita_rules.artifacts import FetchRecord
from crawler.snapshot import SnapshotError, SnapshotReader, SnapshotWriter, sha256_hex


def rec(url: str, **kw) -> FetchRecord:
    return FetchRecord(url=url, final_url=url, status=200, outcome="ok", headers={"content-type": "text/html"},
                       content_type="text/html", **kw)


def test_round_trip_and_content_addressing(tmp_path):
    body = "<p>ประกาศ</p>".encode()
    with SnapshotWriter(tmp_path / "s") as w:
        a = w.add(rec("http://a.go.th/"), body)
        b = w.add(rec("http://a.go.th/copy"), body)  # same bytes: one stored body
        c = w.add(FetchRecord(url="http://a.go.th/x.pdf", outcome="robots_blocked", error="disallowed"))
    assert a.sha256 == b.sha256 == sha256_hex(body) and a.size == len(body)
    assert len(list((tmp_path / "s" / "bodies").iterdir())) == 1
    r = SnapshotReader(tmp_path / "s")
    assert list(r.records()) == [a, b, c]
    assert r.body(a.sha256) == body
    m = r.manifest
    assert m["complete"] is True and m["counts"]["records"] == 3 and m["counts"]["bodies"] == 1
    assert m["counts"]["outcomes"] == {"ok": 2, "robots_blocked": 1}
    assert m["started_at"] <= m["finished_at"]


def test_close_merges_manifest_extra(tmp_path):
    w = SnapshotWriter(tmp_path / "s")
    w.add(rec("http://a.go.th/"), b"x")
    w.close({"target": "http://a.go.th/", "stats": {"ok": 1}})
    m = SnapshotReader(tmp_path / "s").manifest
    assert m["target"] == "http://a.go.th/" and m["stats"] == {"ok": 1} and m["complete"] is True


def test_interrupted_writer_is_still_readable(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with SnapshotWriter(tmp_path / "s") as w:
            w.add(rec("http://a.go.th/"), b"one")
            w.add(rec("http://a.go.th/b"), b"two")
            raise KeyboardInterrupt
    r = SnapshotReader(tmp_path / "s")
    assert [x.url for x in r.records()] == ["http://a.go.th/", "http://a.go.th/b"]
    assert r.manifest["complete"] is False and "KeyboardInterrupt" in r.manifest["interrupted"]


def test_killed_writer_without_close_is_readable(tmp_path):
    # No close() at all (process killed): records were flushed line by line, manifest is provisional.
    w = SnapshotWriter(tmp_path / "s")
    w.add(rec("http://a.go.th/"), b"one")
    with open(tmp_path / "s" / "records.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"url": "http://a.go.th/half", "outc')  # torn last line
    r = SnapshotReader(tmp_path / "s")
    assert [x.url for x in r.records()] == ["http://a.go.th/"]
    assert r.manifest["complete"] is False
    assert any(":2: truncated last record" in msg for msg in r.warnings)


def test_records_are_read_line_by_line_not_whole(tmp_path):
    # Streaming: records appended after reading began are still read (a whole-file read would miss them), and
    # a valid last line without its newline is a record, not a truncation.
    w = SnapshotWriter(tmp_path / "s")
    w.add(rec("http://a.go.th/"), b"one")
    r = SnapshotReader(tmp_path / "s")
    it = r.records()
    assert next(it).url == "http://a.go.th/"
    w.add(rec("http://a.go.th/two"), b"two")
    with open(tmp_path / "s" / "records.jsonl", "a", encoding="utf-8") as fh:
        fh.write(rec("http://a.go.th/three").model_dump_json())
    assert [x.url for x in it] == ["http://a.go.th/two", "http://a.go.th/three"]
    assert r.warnings == []


def test_corrupt_line_names_path_and_line(tmp_path):
    with SnapshotWriter(tmp_path / "s") as w:
        w.add(rec("http://a.go.th/"))
    path = tmp_path / "s" / "records.jsonl"
    path.write_text(path.read_text() + '{"url": "x", "outcome": "bogus"}\n' + path.read_text(), encoding="utf-8")
    with pytest.raises(SnapshotError) as err:
        list(SnapshotReader(tmp_path / "s").records())
    assert f"{path}:2:" in str(err.value) and "outcome" in str(err.value)


def test_missing_or_foreign_directories(tmp_path):
    with pytest.raises(SnapshotError, match="not found"):
        SnapshotReader(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(SnapshotError, match="manifest.json missing"):
        SnapshotReader(tmp_path / "empty")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "manifest.json").write_text("{not json")
    (tmp_path / "bad" / "records.jsonl").write_text("")
    with pytest.raises(SnapshotError, match="unreadable manifest"):
        SnapshotReader(tmp_path / "bad")
    (tmp_path / "bad" / "manifest.json").write_text(json.dumps({"format": "other"}))
    with pytest.raises(SnapshotError, match="not an ita-rules-snapshot"):
        SnapshotReader(tmp_path / "bad")


def test_body_errors(tmp_path):
    with SnapshotWriter(tmp_path / "s") as w:
        a = w.add(rec("http://a.go.th/"), b"good")
    r = SnapshotReader(tmp_path / "s")
    with pytest.raises(SnapshotError, match="body missing"):
        r.body("0" * 64)
    with pytest.raises(SnapshotError, match="invalid body hash"):
        r.body("../manifest.json")
    (tmp_path / "s" / "bodies" / a.sha256).write_bytes(b"tampered")
    with pytest.raises(SnapshotError, match="hash mismatch"):
        r.body(a.sha256)


def test_writer_refuses_to_mix_snapshots(tmp_path):
    SnapshotWriter(tmp_path / "s").close()
    with pytest.raises(SnapshotError, match="already exists"):
        SnapshotWriter(tmp_path / "s")
    w = SnapshotWriter(tmp_path / "s", overwrite=True)
    w.close()
    with pytest.raises(SnapshotError, match="closed"):
        w.add(rec("http://a.go.th/"))
    with pytest.raises(SnapshotError):
        SnapshotWriter(tmp_path / "s", overwrite=True).add(rec("http://a.go.th/", sha256="f" * 64), b"other")
