"""FY2569 and FY2570 as data: the packs, the mapping between years, `ita rules diff`, the default year,
the provisional pack, and the loader mechanisms behind them (extends, year placeholders, mapping checks)."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
from conftest import ROOT, run_ita
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_rules.errors import ItaError, PackError
from ita_rules.loader import load_pack, pack_by_id, pack_dirs
from ita_rules.scoring import score
from ita_rules.yearmap import diff, mapping_between, previous_items
from ita_rules.years import choose, today

P2568, P2569, P2570 = (pack_by_id(f"ita-{y}") for y in (2568, 2569, 2570))


# ---------------------------------------------------------------------------- the packs


def test_2569_has_26_items_in_two_indicators():
    assert [i.id for i in P2569.items] == [f"o{n}" for n in range(1, 27)]
    assert P2569.members_of["9"] == [f"o{n}" for n in range(1, 20)]
    assert P2569.members_of["10"] == [f"o{n}" for n in range(20, 27)]
    assert {t.id: t.weight for t in P2569.tools} == {"IIT": 30, "EIT": 30, "OIT": 40}
    assert [lv.id for lv in P2569.levels_high_to_low()] == [lv.id for lv in P2568.levels_high_to_low()]
    for target in [*P2569.item, *P2569.indicator, *P2569.tool]:
        assert P2569.measures_for.get(target), target


def test_2569_items_carry_provenance_and_their_2568_topics():
    mapping = P2569.mapping
    assert mapping is not None and mapping.from_pack == "ita-2568"
    for it in P2569.items:
        assert it.provenance.confidence in ("medium", "uncertain", "low", "inferred"), it.id  # never "solid"
        entry = mapping.entry(it.id)
        for source in entry.sources:
            assert f"ita-2568:{source}" in it.aliases, (it.id, source)
    for it in ("o6", "o7"):  # titles not shown in the 2569 headings: still uncertain
        assert P2569.item[it].provenance.confidence == "uncertain"
    assert P2569.item["o11"].coverage.kind == "first_half" and P2569.item["o12"].coverage.kind == "previous_fy"
    assert P2569.documents.results_item == "o25" and P2569.documents.focus.method == "weakest_indicator"


def test_year_placeholders_are_filled_with_the_packs_year():
    def strings(x):
        if isinstance(x, str):
            yield x
        elif isinstance(x, dict):
            for v in x.values():
                yield from strings(v)
        elif isinstance(x, list):
            for v in x:
                yield from strings(v)

    for pack, year in ((P2569, 2569), (P2570, 2570)):
        texts = list(strings(pack.model_dump(mode="json")))
        assert not [t for t in texts if "${" in t]
        assert f"ITA {year}" in pack.site.index_labels
        assert str(year) in pack.item["o4"].elements[1].text.th
        assert f"{year - 1}" in pack.item["o11"].coverage.note.th  # October of the year before


def test_2570_is_2569_marked_provisional():
    meta = P2570.pack
    assert meta.status == "provisional" and meta.extends == "ita-2569" and "2569" in meta.status_note.th
    assert [(i.id, i.title, i.coverage.kind) for i in P2570.items] == \
        [(i.id, i.title, i.coverage.kind) for i in P2569.items]
    assert P2570.measures == P2569.measures and P2570.levels == P2569.levels
    assert P2570.mapping.from_pack == "ita-2569" and P2570.digest != P2569.digest


def test_cli_validate_passes_on_all_four_packs_and_list_shows_status():
    p = run_ita("rules", "validate")
    assert p.returncode == 0, p.stderr
    assert [ln.split("\t")[2].split()[0] for ln in p.stdout.splitlines()] == \
        ["ita-2563", "ita-2568", "ita-2569", "ita-2570"]
    p = run_ita("rules", "list", "--lang", "en")
    rows = {ln.split("\t")[0]: ln.split("\t") for ln in p.stdout.splitlines()}
    assert rows["ita-2570"][3] == "provisional" and rows["ita-2569"][3] == "-"
    assert "26 items" in rows["ita-2569"][4]


# ---------------------------------------------------------------------------- rules diff


def test_diff_2568_2569_shows_the_merges_and_the_procurement_split():
    rows = {(r.kind, tuple(r.before), tuple(r.after)) for r in diff(P2568, P2569, "en")}
    assert ("merged", ("o10", "o11"), ("o10",)) in rows
    assert ("merged", ("o21", "o22"), ("o20",)) in rows
    assert ("split", ("o12", "o13"), ("o11", "o12")) in rows
    assert ("renamed", ("o23",), ("o21",)) in rows and ("kept", ("o28",), ("o26",)) in rows
    assert {k for k, _, _ in rows} == {"kept", "renamed", "merged", "split"}
    covered = sorted({b for _, before, _ in rows for b in before}, key=lambda i: int(i[1:]))
    assert covered == [f"o{n}" for n in range(1, 29)]  # every FY2568 item goes somewhere


def test_cli_diff_thai_english_and_json():
    p = run_ita("rules", "diff", "2568", "2569")
    assert p.returncode == 0, p.stderr
    assert "รวมข้อ     o10, o11 -> o10" in p.stdout and "แยกข้อ     o12, o13 -> o11, o12" in p.stdout
    assert "o21, o22 -> o20" in p.stdout and p.stdout.splitlines()[-1].startswith("คงเดิม")
    p = run_ita("rules", "diff", "ita-2568", "ita-2569", "--lang", "en")
    assert "merged     o10, o11 -> o10" in p.stdout and "was: E-Service + Service statistics" in p.stdout
    data = json.loads(run_ita("rules", "diff", "2568", "2569", "--format", "json").stdout)
    assert data["from"] == "ita-2568" and data["to"] == "ita-2569"
    assert {c["kind"] for c in data["changes"]} == {"kept", "renamed", "merged", "split"}
    p = run_ita("rules", "diff", "2569", "2570")
    assert p.returncode == 0 and "ita-2570" in p.stderr and "ชั่วคราว" in p.stderr
    assert p.stdout.splitlines()[-1] == "คงเดิม 26"
    p = run_ita("rules", "diff", "2563", "2569")
    assert p.returncode == 2 and p.stderr.strip() == "ita: error: ita-2569 has no item mapping from ita-2563"


# ---------------------------------------------------------------------------- previous year, item by item


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([0, 50, 100]), min_size=28, max_size=28))
def test_previous_items_follow_the_mapping(values):
    card = score(P2568, {f"o{n}": v for n, v in enumerate(values, start=1)})
    prev = previous_items(P2568, P2569, card.items)
    assert list(prev) == [i.id for i in P2569.items]  # every FY2569 item has a previous value
    old = {f"o{n}": float(v) for n, v in enumerate(values, start=1)}
    for item, p in prev.items():
        entry = P2569.mapping.entry(item)
        assert p.sources == entry.compared and p.kind == entry.kind
        assert p.score == min(old[s] for s in p.sources)  # binary items: merged is met only if every part was
    assert prev["o10"].sources == ["o10", "o11"] and prev["o12"].sources == ["o13"] and prev["o25"].sources == ["o27"]


def test_same_pack_maps_to_itself_and_unrelated_packs_do_not_map():
    assert mapping_between(P2568, P2568).entry("o27").sources == ["o27"]
    assert mapping_between(pack_by_id("ita-2563"), P2569) is None


# ---------------------------------------------------------------------------- default year


@pytest.mark.parametrize("day, pack, year", [
    (date(2026, 9, 30), "ita-2569", 2569),
    (date(2026, 10, 1), "ita-2570", 2570),
    (date(2026, 12, 4), "ita-2570", 2570),
    (date(2025, 6, 15), "ita-2568", 2568),
])
def test_default_year_is_the_fiscal_year_of_today(day, pack, year):
    c = choose(on=day)
    assert (c.pack.pack.id, c.year) == (pack, year)
    assert not c.notes
    assert bool(c.messages("th")) == (pack == "ita-2570")


def test_no_pack_for_today_falls_back_to_the_newest_with_a_note():
    c = choose(on=date(2030, 1, 15))  # FY2573
    assert c.pack.pack.id == "ita-2570" and c.year == 2570
    msgs = c.messages("en")
    assert msgs[0] == "no rule pack covers fiscal year 2573 (today 2030-01-15); using the newest pack, ita-2570 for 2570"
    assert msgs[1].startswith("warning: rule pack ita-2570 is provisional")


def test_year_and_pack_flags_win_over_today():
    assert choose(year=2568, on=date(2026, 12, 4)).pack.pack.id == "ita-2568"
    assert choose(pack_id="ita-2563", on=date(2026, 12, 4)).year == 2564
    with pytest.raises(PackError):
        choose(year=2566)


def test_today_comes_from_ita_today(monkeypatch):
    monkeypatch.setenv("ITA_TODAY", "2026-12-04")
    assert today() == date(2026, 12, 4)
    monkeypatch.setenv("ITA_TODAY", "4/12/2569")
    with pytest.raises(ItaError) as exc:
        today()
    assert "ITA_TODAY" in exc.value.message and "YYYY-MM-DD" in exc.value.message


def test_rules_show_uses_todays_pack(monkeypatch):
    monkeypatch.setenv("ITA_TODAY", "2026-12-04")
    p = run_ita("rules", "show", "o25")
    assert p.returncode == 0 and p.stdout.startswith("ita-2570 item o25: การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร")
    assert len(p.stderr.strip().splitlines()) == 1 and "ita-2570" in p.stderr
    monkeypatch.setenv("ITA_TODAY", "not-a-date")
    p = run_ita("rules", "show", "o25")
    assert p.returncode == 2 and "ITA_TODAY" in p.stderr and "Traceback" not in p.stderr


# ---------------------------------------------------------------------------- loader mechanisms


@pytest.fixture()
def packs(tmp_path):
    """Copies of ita-2568, ita-2569 and ita-2570 side by side, to break."""
    for y in (2568, 2569, 2570):
        shutil.copytree(ROOT / "rules" / f"ita-{y}", tmp_path / f"ita-{y}")
    return tmp_path


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(path, needle):
    return next(n for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in ln)


def test_copies_load_from_siblings(packs):
    assert load_pack(packs / "ita-2570").pack.status == "provisional"
    _edit(packs / "ita-2569" / "pack.yaml", "    - ITA ${fy}\n", "    - ITA ${fy}\n    - ITA-TEST ${fy}\n")
    assert "ITA-TEST 2570" in load_pack(packs / "ita-2570").site.index_labels  # the sibling, not the bundled one


def test_unknown_placeholder_names_file_and_line(packs):
    f = packs / "ita-2569" / "items.yaml"
    _edit(f, "ลงวันที่อยู่ในปีงบประมาณ พ.ศ. ${fy}", "ลงวันที่อยู่ในปีงบประมาณ พ.ศ. ${year}")
    with pytest.raises(PackError) as exc:
        load_pack(packs / "ita-2569")
    assert exc.value.where == f"{f}:{_line(f, '${year}')}" and "${year}" in exc.value.message


def test_extends_errors(packs):
    f = packs / "ita-2570" / "pack.yaml"
    _edit(f, "extends: ita-2569", "extends: ita-2599")
    with pytest.raises(PackError) as exc:
        load_pack(packs / "ita-2570")
    assert exc.value.where == f"{f}:{_line(f, 'extends:')}" and "ita-2599" in exc.value.message
    _edit(f, "extends: ita-2599", "extends: ita-2570")
    with pytest.raises(PackError) as exc:
        load_pack(packs / "ita-2570")
    assert "cycle" in exc.value.message
    _edit(f, "  status: provisional\n  status_note:\n", "  status: provisional\n  old_note:\n")
    with pytest.raises(PackError):
        load_pack(packs / "ita-2570")


@pytest.mark.parametrize("old, new, needle, words", [
    ("    o10:\n      kind: merged", "    o10:\n      kind: kept", "      kind: kept", "needs exactly one source"),
    ("    o26: {kind: kept, from: [o28],", "    o26: {kind: kept, from: [o29],", "o29", "o29 is not an item of ita-2568"),
    ("    o24: {kind: kept, from: [o26],", "    o24: {kind: new,", None, "o26 of ita-2568 map to nothing"),
    ("    o24: {kind: kept, from: [o26], provenance: {confidence: medium, sources: [S1]}}\n", "", "  items:",
     "o24 has no mapping entry"),
    ("      compare: [o13]", "      compare: [o14]", "compare: [o14]", "compare must name"),
])
def test_mapping_errors_name_file_and_line(packs, old, new, needle, words):
    f = packs / "ita-2569" / "mapping.yaml"
    _edit(f, old, new)
    with pytest.raises(PackError) as exc:
        load_pack(packs / "ita-2569")
    assert words in exc.value.message
    assert exc.value.where == (f"{f}:{_line(f, needle)}" if needle else f"{f}:{_line(f, 'mapping:')}")


def test_every_bundled_pack_loads_and_names_a_known_status():
    for d in pack_dirs():
        assert load_pack(d).pack.status in ("stable", "provisional")


def test_new_and_dropped_items_show_in_the_diff(packs):
    f = packs / "ita-2569" / "mapping.yaml"
    _edit(f, "    o24: {kind: kept, from: [o26],", "    o24: {kind: new,")
    f.write_text(f.read_text(encoding="utf-8") + "  dropped:\n    - item: o26\n      note: {th: ยกเลิก, en: gone}\n"
                 "      provenance: {confidence: low}\n", encoding="utf-8")
    rows = [(r.kind, r.before, r.after, r.note) for r in diff(P2568, load_pack(packs / "ita-2569"), "en")]
    assert ("new", [], ["o24"], "") in rows and rows[-1] == ("dropped", ["o26"], [], "gone")
    _edit(f, "    - item: o26\n", "    - item: o25\n")  # o25 is o23's source: it cannot be dropped too
    with pytest.raises(PackError) as exc:
        load_pack(packs / "ita-2569")
    assert "dropped o25" in exc.value.message
