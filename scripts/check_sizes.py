"""House limits: no module over 450 lines, no function over 60 lines (fixtures, tests and benchmarks aside)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ita_rules", "crawler", "cli")
MAX_MODULE, MAX_FUNCTION = 450, 60


def violations(root: Path = ROOT) -> list[str]:
    """Every module and function of the product packages that is over the house limits."""
    out: list[str] = []
    for pkg in PACKAGES:
        for path in sorted((root / pkg).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            rel = path.relative_to(root)
            lines = text.count("\n") + 1
            if lines > MAX_MODULE:
                out.append(f"{rel}: module has {lines} lines (max {MAX_MODULE})")
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    n = node.end_lineno - node.lineno + 1
                    if n > MAX_FUNCTION:
                        out.append(f"{rel}:{node.lineno}: {node.name}() has {n} lines (max {MAX_FUNCTION})")
    return out


if __name__ == "__main__":
    found = violations()
    print("\n".join(found) or "house limits hold")
    sys.exit(1 if found else 0)
