"""ita.toml: the TOML line locator, validation before any network access, file:line errors with exit 4, ita init."""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES, run_ita
from httpsrv import TestSite

from ita_rules.ci.config import load_config
from ita_rules.ci.tomlpos import TomlLines

DEMO = FIXTURES / "sites" / "demo"

SITES3 = """\
year = 2568

[[sites]]
name = "a"
url = "https://a.example/"

[[sites]]
name = "b"
url = "https://b.example/"

[[sites]]
name = "c"
url = "{url}"
"""


def test_locator_maps_pydantic_locations_to_lines():
    text = SITES3.format(url="x") + '\n[policy]\nfail_on = "x"  # c\n\n[[waivers]]\nitem = "o1"\nnote = """\nitem = 9\n"""\n'
    lines = TomlLines(text)
    assert lines.line(("sites", 2, "url")) == 13
    assert lines.line(("sites", 2, "agency_type")) == 11  # missing key: the table header
    assert lines.line(("sites", 1)) == 7
    assert lines.line(("policy", "fail_on")) == 16
    assert lines.line(("waivers", 0, "item")) == 19  # not the `item = 9` inside the multi-line string
    assert lines.line(("nowhere",)) is None


def test_locator_handles_nested_arrays_of_tables_dotted_and_quoted_keys():
    text = '[[a]]\nx = [1,\n  2]\n[[a.b]]\n"q k" = 1\n[[a]]\n[a.c]\nd.e = 2\n[tool.ita]\nyear = 1\n'
    lines = TomlLines(text)
    assert lines.line(("a", 0, "b", 0, "q k")) == 5
    assert lines.line(("a", 1, "c", "d", "e")) == 8
    assert lines.line(("year",), prefix=("tool", "ita")) == 10


def _check_config(tmp_path, text: str, *args: str, name: str = "ita.toml"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return run_ita("check", *args, cwd=tmp_path)


@pytest.mark.parametrize("text, line, words", [
    (SITES3.format(url="ftp://c.example/"), 13, ["sites[2].url", "only http and https"]),
    (SITES3.format(url="https://c.example/") + "fail_onn = 1\n", 14, ["unknown key 'fail_onn'"]),
    ('[[sites]]\nname = "a"\nurl = "https://a.example/"\n\n[policy]\nfail_on = "warn"\n', 6,
     ["policy.fail_on", "'fail' or 'needs_review'"]),
    ('[[sites]]\nname = "a"\n', 1, ["sites[0]", "exactly one of url"]),
    ('[[sites]]\nname = "a"\nurl = "https://a.example/"\n[[sites]]\nname = "a"\nurl = "https://b.example/"\n', 5,
     ["duplicate site name 'a'"]),
    ('[[sites]]\nname = "a"\nurl = "https://a.example/"\n[crawl]\ndelay = -1\n', 5, ["crawl.delay"]),
    ('year = 2580\n[[sites]]\nname = "a"\nurl = "https://a.example/"\n', 1, ["no rule pack covers fiscal year 2580"]),
    ('[[sites]]\nname = "a"\ndir = "missing-build"\n', 3, ["sites[0].dir", "no such directory"]),
    ('[[sites]]\nname = "a"\nurl = "https://a.example/"\n[[waivers]]\nitem = "o99"\nsite = "a"\n'
     'justification = "because"\n', 5, ["waivers[0].item", "unknown item 'o99'"]),
    ('[[sites]]\nname = "a"\nurl = "https://a.example/"\n[[waivers]]\nitem = "o9"\nsite = "zz"\n'
     'justification = "because"\n', 6, ["waivers[0].site", "unknown site 'zz'"]),
    ('[[sites]]\nname = "a"\nurl = "https://a.example/"\n[[waivers]]\nitem = "o9"\nsite = "a"\n', 4,
     ["missing required key 'justification'"]),
    ('[[sites]]\nname = "a"\nurl = "https://a.example/"\n[[waivers]]\nitem = "o9"\nsite = "a"\n'
     'justification = "because"\nexpires = "31/03/2026"\n', 8, ["waivers[0].expires"]),
    ('[[sites]]\nname = "a"\nurl = "https://a.example/"\n[[waivers]]\nitem = "o9"\nsite = "a"\n'
     'justification = "because"\n[[waivers]]\nitem = "o9"\nsite = "a"\njustification = "again"\n', 8,
     ["second waiver for o9"]),
    ('baseline = "nope.json"\n[[sites]]\nname = "a"\nurl = "https://a.example/"\n', 1, ["baseline", "not found"]),
    ('[[sites]\nname = "a"\n', 1, ["invalid TOML"]),
])
def test_config_errors_name_file_and_line_and_exit_4(tmp_path, text, line, words):
    p = _check_config(tmp_path, text)
    assert p.returncode == 4, (p.stdout, p.stderr)
    err = p.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert err.startswith(f"ita: error: ita.toml:{line}: "), err
    for w in words:
        assert w in err, err
    assert p.stdout == ""


def test_pyproject_tool_ita_is_found_and_its_errors_name_the_line(tmp_path):
    text = '[project]\nname = "x"\n\n[tool.ita]\nyear = 2568\nsites = [{name = "x", urll = "q"}]\n'
    p = _check_config(tmp_path, text, name="pyproject.toml")
    assert p.returncode == 4
    assert p.stderr.strip() == "ita: error: pyproject.toml:6: sites[0].urll: unknown key 'urll'"


def test_waivers_file_errors_name_the_waivers_file(tmp_path):
    (tmp_path / "w.toml").write_text('[[waivers]]\nitem = "o3"\nsite = "a"\njustification = "x y z"\nwho = 1\n',
                                     encoding="utf-8")
    p = _check_config(tmp_path, 'waivers = "w.toml"\n[[sites]]\nname = "a"\nurl = "https://a.example/"\n')
    assert p.returncode == 4
    assert p.stderr.strip().startswith("ita: error: ") and "w.toml:5: waivers[0].who: unknown key" in p.stderr


def test_missing_config_file_and_malformed_baseline_exit_4(tmp_path):
    p = run_ita("check", str(DEMO), "--config", str(tmp_path / "none.toml"))
    assert p.returncode == 4 and "config file not found" in p.stderr
    (tmp_path / "b.json").write_text("{not json", encoding="utf-8")
    p = run_ita("check", str(DEMO), "--baseline", str(tmp_path / "b.json"), "--no-config")
    assert p.returncode == 4 and "b.json:1: invalid JSON" in p.stderr


def test_invalid_config_never_touches_the_network_even_with_soft_fail(tmp_path):
    with TestSite() as site:
        site.html("/")
        text = (f'[[sites]]\nname = "a"\nurl = "{site.url("/")}"\n[policy]\nsoft_fail = true\n'
                '[[waivers]]\nitem = "o3"\nsite = "a"\n')
        p = _check_config(tmp_path, text, "--soft-fail", "--delay", "0")
        assert p.returncode == 4, p.stderr
        assert sum(site.hits.values()) == 0


def test_config_sites_crawl_settings_and_flag_overrides(tmp_path):
    shutil.copytree(DEMO, tmp_path / "build")
    text = '[[sites]]\nname = "demo"\ndir = "build"\n[crawl]\nmax_pages = 3\ndelay = 0\n'
    p = _check_config(tmp_path, text, "--format", "json")
    import json

    data = json.loads(p.stdout)
    assert data["schema_id"] == "ita-check-run/1"
    site = data["sites"][0]
    assert site["site"]["name"] == "demo" and site["site"]["declared_in"] == "ita.toml:3"
    assert site["result"]["coverage"]["ok"] <= 3 and not site["result"]["coverage"]["complete"]
    p = run_ita("check", "--format", "json", "--max-pages", "500", cwd=tmp_path)
    assert json.loads(p.stdout)["sites"][0]["result"]["coverage"]["complete"]  # the flag beat the file


def test_json_has_one_shape_with_or_without_a_config_file(tmp_path):
    # The run document whatever the folder holds: the same keys and the same items without ita.toml,
    # with one that only names the year, and with --no-config.
    import json

    a = run_ita("check", str(DEMO), "--format", "json", cwd=tmp_path)
    (tmp_path / "ita.toml").write_text('year = 2568\n', encoding="utf-8")
    b = run_ita("check", str(DEMO), "--format", "json", cwd=tmp_path)
    c = run_ita("check", str(DEMO), "--format", "json", "--no-config", cwd=tmp_path)
    assert a.returncode == b.returncode == c.returncode == 1
    docs = [json.loads(p.stdout) for p in (a, b, c)]
    assert all(d["schema_id"] == "ita-check-run/1" and d["schema_version"] for d in docs)
    assert set(docs[0]) == set(docs[1]) == set(docs[2])
    items = [[i["outcome"] for i in d["sites"][0]["result"]["items"]] for d in docs]
    assert items[0] == items[1] == items[2]


def test_init_writes_a_valid_commented_starter_and_refuses_to_overwrite(tmp_path):
    p = run_ita("init", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    text = (tmp_path / "ita.toml").read_text(encoding="utf-8")
    assert "เว็บไซต์" in text and "Sites to check" in text  # Thai and English comments
    cfg = load_config(str(tmp_path / "ita.toml"))
    assert [s.name for s in cfg.sites] == ["my-agency"] and cfg.sites[0].target.endswith(".example/")
    p = run_ita("init", cwd=tmp_path)
    assert p.returncode == 2 and "--force" in p.stderr and len(p.stderr.strip().splitlines()) == 1
    p = run_ita("init", "--force", "--site", "build", "--name", "อบต.สายรุ้ง", "--year", "2568", cwd=tmp_path)
    assert p.returncode == 0
    cfg = load_config(str(tmp_path / "ita.toml"))
    assert cfg.model.year == 2568 and cfg.sites[0].name == "อบต.สายรุ้ง" and cfg.model.sites[0].dir == "build"
