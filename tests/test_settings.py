"""One settings merge for `ita check`: built-in default < ita.toml / [tool.ita] < command-line flag."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ita_rules.ci.config import load_config
from ita_rules.ci.settings import CHECK_DEFAULTS, PRIORITIES, Settings, check_settings, waivers_of

TOML = """\
year = 2567
baseline = "base/b.json"

[crawl]
delay = 0
max_pages = 7

[policy]
soft_fail = true

[thresholds]
min_oit_score = 80

[[waivers]]
item = "o3"
site = "a"
justification = "accepted by the board"
"""


@pytest.fixture
def cfg(tmp_path):
    path = tmp_path / "ita.toml"
    path.write_text(TOML, encoding="utf-8")
    return load_config(str(path))


def test_defaults_alone():
    s = check_settings(None, {})
    assert {k: s[k] for k in CHECK_DEFAULTS} == CHECK_DEFAULTS
    assert {s.priority(k) for k in CHECK_DEFAULTS} == {"default"}


def test_config_beats_default_and_says_where(cfg, tmp_path):
    s = check_settings(cfg, {})
    assert (s["year"], s["delay"], s["max_pages"], s["soft_fail"], s["min_oit_score"]) == (2567, 0, 7, True, 80)
    assert s["baseline"] == str(tmp_path / "base" / "b.json")  # relative to the config's folder
    assert s.where("max_pages").endswith("ita.toml:6") and s.priority("max_pages") == "config"
    assert s.where("year").endswith("ita.toml:1")
    assert s["fail_on"] == "fail" and s.priority("fail_on") == "default"  # not written: the default stays
    assert s["timeout"] == CHECK_DEFAULTS["timeout"] and s.priority("timeout") == "default"
    assert [w.entry.item for w in waivers_of(s)] == ["o3"]


def test_flag_beats_config(cfg):
    s = check_settings(cfg, {"max_pages": 500, "fail_on": "needs_review", "soft_fail": False})
    assert (s["max_pages"], s["fail_on"], s["soft_fail"]) == (500, "needs_review", False)
    assert s.priority("max_pages") == "flag" and s.where("max_pages") == "--max-pages"
    assert s["delay"] == 0  # a flag not given leaves the config's value


def test_a_flag_for_pack_or_year_replaces_both_config_values(tmp_path):
    path = tmp_path / "ita.toml"
    path.write_text('pack = "ita-2568"\n', encoding="utf-8")
    s = check_settings(load_config(str(path)), {"year": 2563})
    assert (s["pack"], s["year"]) == (None, 2563)  # never the 2568 pack with year 2563


def test_waivers_flag_replaces_inline_waivers(cfg, tmp_path):
    w = tmp_path / "w.toml"
    w.write_text('[[waivers]]\nitem = "o9"\nsite = "a"\njustification = "agreed in May"\n', encoding="utf-8")
    s = check_settings(cfg, {"waivers_file": str(w)})
    assert [x.entry.item for x in waivers_of(s)] == ["o9"]


def test_unknown_setting_is_refused():
    with pytest.raises(KeyError):
        check_settings(None, {"max_page": 3})


@given(st.lists(st.tuples(st.sampled_from(list(PRIORITIES)), st.integers()), min_size=1, max_size=12))
def test_the_highest_priority_wins_whatever_the_order(sets):
    s = Settings()
    for priority, value in sets:
        s.set("x", value, priority)
    top = max(PRIORITIES[p] for p, _ in sets)
    # Among equal priorities the last one set wins (a layer may refine its own value).
    assert s["x"] == [v for p, v in sets if PRIORITIES[p] == top][-1]
    assert PRIORITIES[s.priority("x")] == top
