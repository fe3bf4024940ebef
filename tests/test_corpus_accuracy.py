"""Issue 9's aims on the labelled fixture corpus, by the real `ita check` (benchmarks/accuracy.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "accuracy.py"


def test_no_false_pass_on_any_site_and_corpus_accuracy_holds():
    spec = importlib.util.spec_from_file_location("_corpus_accuracy", BENCH)
    acc = importlib.util.module_from_spec(spec)
    sys.modules["_corpus_accuracy"] = acc
    try:
        spec.loader.exec_module(acc)
        per_site, total = acc.run_corpus()
    finally:
        sys.modules.pop("_corpus_accuracy", None)
    assert len(per_site) >= 12  # the corpus itself must not shrink to meet the aims
    wrong = {name: s.mistakes for name, s in per_site.items() if s.mistakes}
    assert acc.violations(per_site, total) == [], wrong
