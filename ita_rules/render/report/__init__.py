"""The published ITA analysis report (Markdown, HTML, DOCX), rendered from saved `ita assess` results."""

from .load import load_check, load_results
from .model import build

__all__ = ["build", "load_check", "load_results"]
