"""Multi-site runs: many sites gathered and judged concurrently, results kept in SQLite."""
