"""House rules as tests: size limits, and which package may import which (imports inside functions too)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from check_sizes import MAX_FUNCTION, MAX_MODULE, violations  # noqa: E402

# package -> top-level packages it must never import: the core knows nothing of gathering or of the CLI,
# and gathering knows nothing of the CLI.
FORBIDDEN = {"ita_rules": {"crawler", "cli", "fixtures"}, "crawler": {"cli", "fixtures"}}


def imported_roots(tree: ast.AST, package: str) -> list[tuple[int, str]]:
    """(line, top-level package) of every import in a module, wherever it sits (functions, try blocks)."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative imports stay inside the package
                out.append((node.lineno, package))
            elif node.module:
                out.append((node.lineno, node.module.split(".")[0]))
    for node in ast.walk(tree):  # importlib.import_module("crawler.x") and __import__("cli") count too
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("import_module", "__import__"):
                out.append((node.lineno, node.args[0].value.split(".")[0]))
    return out


def layering_violations(root: Path = ROOT) -> list[str]:
    """Every import that crosses the house's layering the wrong way."""
    found = []
    for package, banned in FORBIDDEN.items():
        for path in sorted((root / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for line, name in imported_roots(tree, package):
                if name in banned:
                    found.append(f"{path.relative_to(root)}:{line}: imports {name}")
    return found


def test_no_core_module_imports_the_crawler_or_the_cli():
    assert layering_violations() == []


def test_the_layering_check_sees_imports_inside_functions(tmp_path):
    (tmp_path / "ita_rules").mkdir()
    (tmp_path / "crawler").mkdir()
    (tmp_path / "ita_rules" / "a.py").write_text(
        "from . import b\n\ndef f():\n    from crawler.fetch import crawl\n    import cli.main\n", encoding="utf-8")
    (tmp_path / "crawler" / "c.py").write_text(
        "import importlib\n\ndef g():\n    return importlib.import_module('cli.check_cmd')\n", encoding="utf-8")
    assert layering_violations(tmp_path) == ["ita_rules/a.py:4: imports crawler", "ita_rules/a.py:5: imports cli",
                                             "crawler/c.py:4: imports cli"]


def test_no_private_name_is_imported_from_another_module():
    # `from ita_rules.loader import _first_error` couples two modules through a name one of them calls private.
    found = []
    for package in ("ita_rules", "crawler", "cli"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom):
                    found += [f"{path.relative_to(ROOT)}:{node.lineno}: {alias.name}" for alias in node.names
                              if alias.name.startswith("_") and not alias.name.startswith("__")]
    assert found == []


def test_house_size_limits_hold():
    assert violations() == []


@pytest.mark.parametrize("extra, words", [
    ("x = 1\n" * MAX_MODULE, "module has"),
    ("def big():\n" + "    x = 1\n" * MAX_FUNCTION, "big() has"),
])
def test_size_check_reports_what_is_over(tmp_path, extra, words):
    (tmp_path / "cli").mkdir()
    (tmp_path / "cli" / "big.py").write_text(extra, encoding="utf-8")
    found = violations(tmp_path)
    assert len(found) == 1 and words in found[0] and found[0].startswith("cli/big.py")


def test_size_script_exit_code():
    p = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_sizes.py")], capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout.strip() == "house limits hold", p.stdout
