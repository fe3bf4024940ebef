"""ITA rule packs (data only): one folder per fiscal-year framework."""
