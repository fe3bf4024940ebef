"""The `ita.toml` (or `[tool.ita]`) config: found, parsed and validated before any network access."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ita_rules.ci.site_spec import SiteSpec

from ita_rules.ci.tomldoc import ConfigError, TomlDoc, read_toml
from ita_rules.ci.waivers import WaiverEntry

CONFIG_NAME = "ita.toml"
PYPROJECT = "pyproject.toml"
PYPROJECT_PREFIX = ("tool", "ita")
FailOn = Literal["fail", "needs_review"]


class _Strict(BaseModel):
    """Unknown keys are errors: a typo must never be silently ignored (nor an endless `inf` or `nan` budget)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class SiteEntry(_Strict):
    """One `[[sites]]` table: a URL or a directory (static-site build), a name and an agency type."""

    name: str = Field(min_length=1)
    url: str | None = None
    dir: str | None = None
    agency_type: str | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("the site name is blank")
        return v.strip()

    @field_validator("url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        if v is None:
            return v
        from ita_rules.urls import validate_start_url

        validate_start_url(v)  # raises ValueError with the reason
        return v

    @model_validator(mode="after")
    def _one_target(self) -> "SiteEntry":
        if (self.url is None) == (self.dir is None):
            raise ValueError("give exactly one of url = \"https://...\" or dir = \"path/to/site-build\"")
        return self


class CrawlConfig(_Strict):
    """Crawl politeness and budgets; each key mirrors the `ita check` flag of the same name."""

    delay: float | None = Field(None, ge=0)
    concurrency: int | None = Field(None, ge=1, le=32)
    max_pages: int | None = Field(None, ge=1)
    max_depth: int | None = Field(None, ge=0)
    time_budget: float | None = Field(None, ge=1)
    max_mb: float | None = Field(None, ge=0.1)
    timeout: float | None = Field(None, ge=0.5)
    retries: int | None = Field(None, ge=0, le=10)
    ignore_robots: bool | None = None


class PolicyConfig(_Strict):
    """Which outcomes fail the run, and whether the run may fail at all."""

    fail_on: FailOn = "fail"
    soft_fail: bool = False


class ThresholdsConfig(_Strict):
    """Score gates checked per site."""

    min_oit_score: float | None = Field(None, ge=0, le=100)


class ConfigModel(_Strict):
    """The whole config file."""

    year: int | None = Field(None, ge=2550, le=2600)
    pack: str | None = Field(None, min_length=1)
    sites: list[SiteEntry] = []
    crawl: CrawlConfig = CrawlConfig()
    policy: PolicyConfig = PolicyConfig()
    thresholds: ThresholdsConfig = ThresholdsConfig()
    baseline: str | None = Field(None, min_length=1)
    waivers: list[WaiverEntry] = []
    waivers_file: str | None = Field(None, min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _waivers_path(cls, data: Any) -> Any:
        # `waivers = "file.toml"` and inline `[[waivers]]` share one key; keep the path apart.
        if isinstance(data, dict) and isinstance(data.get("waivers"), str):
            data = dict(data)
            data["waivers_file"] = data.pop("waivers")
        return data


@dataclass
class Config:
    """A validated config with its source, so later checks can still name file and line."""

    doc: TomlDoc
    model: ConfigModel
    sites: list[SiteSpec]
    base_dir: Path

    def where(self, loc: tuple | list = ()) -> str:
        """`file:line` of a key in the config."""
        return self.doc.where(loc)

    def path_of(self, value: str) -> Path:
        """A path written in the config, relative to the config file's folder."""
        p = Path(value).expanduser()
        return p if p.is_absolute() else self.base_dir / p


def _has_tool_ita(path: Path) -> bool:
    from ita_rules.infile import MAX_CONFIG_BYTES, read_text

    try:
        text = read_text(path, ConfigError, limit=MAX_CONFIG_BYTES)
    except ConfigError:
        return False
    return "[tool.ita" in text or "tool.ita" in text


def find_config(explicit: str | None, cwd: Path | None = None) -> tuple[str, tuple] | None:
    """The config to use: `--config PATH`, else ./ita.toml, else ./pyproject.toml with [tool.ita]."""
    if explicit:
        p = Path(explicit)
        if not p.is_file():
            raise ConfigError("config file not found", explicit)
        return explicit, (PYPROJECT_PREFIX if p.name == PYPROJECT else ())
    base = cwd or Path.cwd()
    if (base / CONFIG_NAME).is_file():
        return CONFIG_NAME if cwd is None else str(base / CONFIG_NAME), ()
    if (base / PYPROJECT).is_file() and _has_tool_ita(base / PYPROJECT):
        return PYPROJECT if cwd is None else str(base / PYPROJECT), PYPROJECT_PREFIX
    return None


def load_config(path: str, prefix: tuple = ()) -> Config:
    """Parse and validate a config file; every problem is a ConfigError naming file:line (exit 4)."""
    doc = read_toml(path)
    data: Any = doc.data
    for key in prefix:
        if not isinstance(data, dict) or key not in data:
            raise ConfigError(f"no [{'.'.join(prefix)}] table", path)
        data = data[key]
    if not isinstance(data, dict):
        raise ConfigError(f"[{'.'.join(prefix)}] must be a table", doc.where(()))
    doc = TomlDoc(doc.path, data, doc.lines, prefix)
    try:
        model = ConfigModel.model_validate(data)
    except ValidationError as exc:
        raise doc.error(exc, {"waivers_file": "waivers"}) from None
    base_dir = Path(path).parent
    config = Config(doc=doc, model=model, sites=[], base_dir=base_dir)
    seen: dict[str, int] = {}
    for n, s in enumerate(model.sites):
        if s.name in seen:
            raise ConfigError(f"sites[{n}].name: duplicate site name {s.name!r} (first in sites[{seen[s.name]}])",
                              doc.where(("sites", n, "name")))
        seen[s.name] = n
        key = "url" if s.url is not None else "dir"
        target = s.url if s.url is not None else str(config.path_of(s.dir or ""))
        config.sites.append(SiteSpec(name=s.name, target=target, agency_type=s.agency_type,
                                     declared_in=doc.where(("sites", n, key))))
    return config


def check_site_dirs(config: Config | None, sites: list[SiteSpec]) -> None:
    """Directory sites declared in the config must hold a static site (checked only for sites to crawl)."""
    if config is None:
        return
    declared = {s.name: n for n, s in enumerate(config.model.sites) if s.dir is not None}
    for site in sites:
        n = declared.get(site.name)
        if n is None or site.target != str(config.path_of(config.model.sites[n].dir or "")):
            continue
        p = Path(site.target)
        where = config.where(("sites", n, "dir"))
        if not p.is_dir():
            raise ConfigError(f"sites[{n}].dir: no such directory: {site.target}", where)
        if not any((p / name).is_file() for name in ("index.html", "index.htm")):
            raise ConfigError(f"sites[{n}].dir: no index.html in {site.target}", where)
