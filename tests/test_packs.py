"""Rule packs load, cover what the issue demands, and broken packs name file and line."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT, run_ita

from ita_rules.errors import PackError
from ita_rules.loader import load_pack, pack_dirs, pack_for_year


def test_bundled_packs_load():
    ids = {load_pack(d).pack.id for d in pack_dirs()}
    assert {"ita-2568", "ita-2563"} <= ids
    assert pack_for_year(2564).pack.id == "ita-2563"


def test_2568_structure(pack2568):
    p = pack2568
    assert {t.id: t.weight for t in p.tools} == {"IIT": 30, "EIT": 30, "OIT": 40}
    assert [i.id for i in p.items] == [f"o{n}" for n in range(1, 29)]
    assert [q.id for q in p.questions if q.id.startswith("i")] == [f"i{n}" for n in range(1, 16)]
    assert [q.id for q in p.questions if q.id.startswith("e")] == [f"e{n}" for n in range(1, 10)]
    assert all(q.parts == ["1", "2"] for q in p.questions if q.id.startswith("e"))
    assert set(p.sub_indicator) == {"9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"}
    assert [lv.name.th for lv in p.levels_high_to_low()][:3] == ["ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน"]
    for members in (p.members_of["9"], p.members_of["10"]):
        assert members
    assert len(p.members_of["9"]) == 20 and len(p.members_of["10"]) == 8


def test_2568_every_item_indicator_tool_has_measures(pack2568):
    for target in [*pack2568.item, *pack2568.indicator, *pack2568.tool]:
        ms = pack2568.measures_for.get(target)
        assert ms, target
        for m in ms:
            assert m.steps and m.owner.th and m.follow_up.th


def test_uncertain_items_keep_their_mark(pack2568):
    marks = {i.id: i.provenance.confidence for i in pack2568.items}
    for item in ("o6", "o7", "o27", "o28"):
        assert marks[item] in ("uncertain", "inferred", "low"), item
    assert pack2568.item["o12"].coverage.kind == "first_half"
    assert pack2568.item["o13"].coverage.kind == "previous_fy"


def test_2563_structure():
    p = load_pack(ROOT / "rules" / "ita-2563")
    assert len(p.items) == 43
    assert [lv.id for lv in p.levels_high_to_low()] == ["AA", "A", "B", "C", "D", "E", "F"]


@pytest.fixture()
def pack_copy(tmp_path):
    dst = tmp_path / "pack"
    shutil.copytree(ROOT / "rules" / "ita-2568", dst)
    return dst


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path, needle):
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_unknown_key_names_file_and_line(pack_copy):
    f = pack_copy / "pack.yaml"
    _edit(f, "    weight: 40\n", "    weight: 40\n    wieght: 4\n")
    with pytest.raises(PackError) as exc:
        load_pack(pack_copy)
    assert exc.value.where == f"{f}:{_line_of(f, 'wieght')}"
    assert "unknown key 'wieght'" in exc.value.message


def test_bad_reference_names_file_and_line(pack_copy):
    f = pack_copy / "pack.yaml"
    _edit(f, "    tool: OIT\n    name: {th: การเปิดเผยข้อมูล", "    tool: XIT\n    name: {th: การเปิดเผยข้อมูล")
    with pytest.raises(PackError) as exc:
        load_pack(pack_copy)
    assert exc.value.where.startswith(str(f) + ":")
    assert int(exc.value.where.rsplit(":", 1)[1]) == _line_of(f, "tool: XIT")


def test_broken_yaml_and_duplicate_keys(pack_copy):
    f = pack_copy / "pack.yaml"
    _edit(f, "  version: 1.0.0\n", "  version: 1.0.0\n  version: 1.0.1\n")
    with pytest.raises(PackError) as exc:
        load_pack(pack_copy)
    assert "duplicate key" in exc.value.message and exc.value.where == f"{f}:{_line_of(f, 'version: 1.0.1')}"


def test_cli_rules_validate_and_show(pack_copy):
    p = run_ita("rules", "validate")
    assert p.returncode == 0 and "ita-2568" in p.stdout
    p = run_ita("rules", "show", "O23")
    assert p.returncode == 0 and "สินบน" in p.stdout and "measures" in p.stdout
    _edit(pack_copy / "measures.yaml", "applies_to: [", "applies_to: [o99, ")
    p = run_ita("rules", "validate", str(pack_copy))
    assert p.returncode == 2
    assert "measures.yaml:" in p.stderr and "o99" in p.stderr and len(p.stderr.strip().splitlines()) == 1
    p = run_ita("rules", "list")
    assert p.returncode == 0 and "ita-2563" in p.stdout


def test_item_aliases_point_at_real_items():
    """An alias 'ita-YYYY:oN' names item oN of the framework used in fiscal year YYYY."""
    from ita_rules.errors import PackError as _PE

    packs = [load_pack(d) for d in pack_dirs()]
    checked = 0
    for p in packs:
        for item in p.items:
            for alias in item.aliases:
                prefix, _, old = alias.partition(":")
                assert prefix.startswith("ita-") and old.startswith("o"), alias
                try:
                    other = pack_for_year(int(prefix[4:]))
                except _PE:
                    continue  # no bundled pack for that year: the alias is a pointer for humans
                assert old in other.item, f"{p.pack.id} {item.id}: {alias}"
                checked += 1
    assert checked > 20
