"""The tool's identity and clock, shared by snapshots, baselines and every output."""

from __future__ import annotations

from datetime import datetime, timezone


def tool_version() -> str:
    """Installed ita-rules version, or the source tree's default."""
    try:
        from importlib.metadata import version

        return version("ita-rules")
    except Exception:  # not installed (running from a checkout)
        return "0.1.0"


def utc_now() -> str:
    """Current time as ISO-8601 UTC with a Z suffix."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


