"""ita_rules."""
