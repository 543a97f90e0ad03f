"""The product's version, read from the installed package's metadata (pyproject.toml's `version`).

``product_version()`` → "0.1.0"
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version

DISTRIBUTION = "city-profile-search"


@cache
def product_version() -> str:
    """The installed version, or "unknown" when the code runs from a folder that was never installed."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "unknown"
