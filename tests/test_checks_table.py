"""The evidence checks table: named, documented, ordered; items opt into item checks by name from the pack."""

from __future__ import annotations

import shutil

import pytest

from ita_rules.errors import PackError
from ita_rules.evidence.checks import CANDIDATE_CHECKS, ITEM_CHECKS
from ita_rules.loader import load_pack, pack_by_id, pack_dirs


def test_every_check_is_named_and_documented():
    names = [n for n, _ in CANDIDATE_CHECKS]
    assert len(names) == len(set(names))
    for _, fn in CANDIDATE_CHECKS:
        assert fn.__doc__ and fn.__doc__.strip()
    for fn in ITEM_CHECKS.values():
        assert fn.__doc__ and fn.__doc__.strip()


def test_links_are_checked_before_fetching_and_the_year_last():
    names = [n for n, _ in CANDIDATE_CHECKS]
    assert names.index("link_goes_somewhere") < names.index("was_fetched") < names.index("has_text_layer")
    assert names[-2:] == ["on_topic", "right_year"]


def test_months_are_an_item_check_the_pack_opts_into():
    pack = pack_by_id("ita-2568")
    assert [i.id for i in pack.items if "months_first_half" in i.checks] == ["o12"]


def test_an_unknown_check_name_is_a_pack_error_naming_file_and_line(tmp_path):
    src = next(d for d in pack_dirs() if d.name == "ita-2568")
    dst = tmp_path / "ita-2568"
    shutil.copytree(src, dst)
    items = dst / "items.yaml"
    items.write_text(items.read_text(encoding="utf-8").replace("checks: [months_first_half]",
                                                               "checks: [months_frist_half]"), encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(dst)
    assert "months_frist_half" in str(err.value) and "items.yaml:" in str(err.value)
