"""Command-line interface of ita-rules (the `ita` command)."""
