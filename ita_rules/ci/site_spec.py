"""A site to check, as declared in a config file or a sites CSV."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SiteSpec(BaseModel):
    """One agency website: a URL or a static-site directory, with where it was declared."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    target: str = Field(min_length=1)  # http(s) URL or a local directory
    agency_type: str | None = None  # e.g. อบต., เทศบาล, school (kept for reports; packs do not branch on it yet)
    declared_in: str | None = None  # "file:line" of the declaration, for SARIF locations and errors
