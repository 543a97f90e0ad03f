"""Where the Solr folder is (the launcher's Maven project and the configset), and where the launcher is built.

In a checkout, the repository's ``solr/`` folder, the launcher built in place (``solr/target/``). From an
installed package, its copy shipped inside the package (``search_app/_solr/``), the launcher built once
per user and per version of its sources into ``$XDG_CACHE_HOME/city-profile-search/solr-launcher/<digest>/``
(``~/.cache/…`` by default).

``launcher_project().jar`` → ``Path("…/solr/target/solr-launcher-1.0.jar")``
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1] / "solr"
PACKAGED = Path(__file__).resolve().parent / "_solr"
JAR_NAME = "solr-launcher-1.0.jar"
#: what the launcher's Maven build reads
PROJECT_FILES = ("pom.xml", "src")


def solr_dir() -> Path:
    """The folder holding ``pom.xml``, ``src/`` and ``configset/``: the checkout's, else the package's copy."""
    return CHECKOUT if (CHECKOUT / "pom.xml").is_file() else PACKAGED


def configset_dir() -> Path:
    """The configset uploaded to SolrCloud (``solr/configset``)."""
    return solr_dir() / "configset"


def cache_root() -> Path:
    """The per-user cache folder of built launchers (``$XDG_CACHE_HOME`` or ``~/.cache``)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "city-profile-search" / "solr-launcher"


@dataclass(frozen=True)
class LauncherProject:
    """The Maven project the launcher is built in; `in_checkout` is False for a per-user cache folder."""

    path: Path
    in_checkout: bool

    @property
    def jar(self) -> Path:
        return self.path / "target" / JAR_NAME

    @property
    def lib(self) -> Path:
        return self.path / "target" / "lib"

    def built(self) -> bool:
        return self.jar.is_file() and self.lib.is_dir()

    def classpath(self) -> str:
        return f"{self.jar}{os.pathsep}{self.lib}/*"


def launcher_project() -> LauncherProject:
    """The checkout's ``solr/``, else the cache folder named by a digest of the packaged sources (so an
    upgrade that changes them builds anew, and one that does not reuses the built launcher)."""
    if (CHECKOUT / "pom.xml").is_file():
        return LauncherProject(CHECKOUT, True)
    return LauncherProject(cache_root() / _digest(PACKAGED), False)


def stage(project: LauncherProject) -> Path:
    """A fresh copy of the packaged sources beside the cache folder, for Maven to build in."""
    project.path.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{project.path.name}-", dir=project.path.parent))
    for name in PROJECT_FILES:
        src = PACKAGED / name
        if src.is_dir():
            shutil.copytree(src, staged / name)
        else:
            shutil.copyfile(src, staged / name)
    return staged


def publish(staged: Path, project: LauncherProject) -> None:
    """Move a built copy into place (atomically); when another run got there first, keep theirs."""
    try:
        staged.rename(project.path)
    except OSError:
        if not project.built():
            raise
        shutil.rmtree(staged, ignore_errors=True)


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for name in PROJECT_FILES:
        top = folder / name
        for path in sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else [top]:
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]
