"""Where a finding lives in the repository: a page's source file (directory sites) or the config line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from ita_rules.results.check import ItemResult
from ita_rules.urls import LOCAL_BASE, url_to_path
from ita_rules.ci.site_spec import SiteSpec

_LOCAL_HOST = urlsplit(LOCAL_BASE).hostname


@dataclass(frozen=True)
class Location:
    """A repository-relative POSIX path and a 1-based line."""

    path: str
    line: int = 1

    @property
    def uri(self) -> str:
        """The path as a relative URI reference (Thai file names percent-encoded, as SARIF requires)."""
        return quote(self.path, safe="/-._~")


def repo_root() -> Path:
    """The nearest folder with .git at or above the working directory, else the working directory.

    (Not $GITHUB_WORKSPACE: a checkout into a sub-folder has its own root, and upload-sarif's checkout_path
    follows the checkout.)"""
    cwd = Path.cwd().resolve()
    for d in (cwd, *cwd.parents):
        if (d / ".git").exists():
            return d
    return cwd


def relative(path: Path | str, root: Path) -> str | None:
    """`path` relative to `root` in POSIX form, or None when it lies outside the repository."""
    p = Path(path).resolve()
    if p != root and root not in p.parents:
        return None
    return p.relative_to(root).as_posix()


def declaration(site: SiteSpec, root: Path) -> Location | None:
    """The config line that declared the site."""
    if not site.declared_in:
        return None
    file, _, line = site.declared_in.rpartition(":")
    if not file or not line.isdigit():
        file, line = site.declared_in, "1"
    rel = relative(file, root)
    return Location(rel, int(line)) if rel else None


def site_dir(site: SiteSpec) -> Path | None:
    """The static-site folder of a directory target."""
    if "://" in site.target:
        return None
    p = Path(site.target)
    return p.resolve() if p.is_dir() else None


def _local_file(folder: Path, url: str | None) -> Path | None:
    if not url or urlsplit(url).hostname != _LOCAL_HOST:
        return None
    try:
        return url_to_path(folder, url)
    except (UnicodeDecodeError, ValueError):
        return None


def _line_of(file: Path, needles: list[str]) -> int:
    """First line of an HTML file mentioning one of the needles (link text, file name), else 1."""
    if file.suffix.lower() not in (".html", ".htm", ".php", ".xhtml") and file.suffix:
        return 1
    try:
        text = file.read_bytes()[:2_000_000].decode("utf-8", errors="replace")
    except OSError:
        return 1
    for needle in needles:
        if needle and len(needle) >= 2:
            at = text.find(needle)
            if at >= 0:
                return text.count("\n", 0, at) + 1
    return 1


def item_location(site: SiteSpec, item: ItemResult | None, root: Path) -> Location | None:
    """For a directory site: the page that offers (or should offer) the evidence; else the site's config line."""
    folder = site_dir(site)
    if folder is not None:
        ev = item.evidence[0] if item and item.evidence else None
        page = _local_file(folder, ev.found_on if ev else None)
        if page is not None and ev is not None:
            # The linking page is where an officer fixes a broken, missing or outdated link.
            target = _local_file(folder, ev.url)
            needles = [ev.link_text, target.name if target else "", Path(urlsplit(ev.url).path).name]
            rel = relative(page, root)
            if rel:
                return Location(rel, _line_of(page, needles))
        target = _local_file(folder, ev.url if ev else None)
        if target is not None and (rel := relative(target, root)):
            return Location(rel, 1)
        for name in ("index.html", "index.htm"):
            if (folder / name).is_file() and (rel := relative(folder / name, root)):
                return Location(rel, 1)
    return declaration(site, root)


def locatable(site: SiteSpec, root: Path) -> bool:
    """Can every result of this site be placed in a repository file?"""
    folder = site_dir(site)
    if folder is not None and relative(folder, root):
        return True
    return declaration(site, root) is not None
