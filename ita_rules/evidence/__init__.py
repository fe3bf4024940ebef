"""Judging a gathered site: topic matching, the OIT index, years, the locator and its checks."""
