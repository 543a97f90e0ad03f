"""Figures of the last reliability run, saved for docs/RELIABILITY.md (under artifacts/, git-ignored)."""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "artifacts" / "reliability"


def save(name: str, report: dict) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")
