"""Reading the course's own data tables (``glutelab/data/*.csv``), shared by every model."""

from __future__ import annotations

import csv
from importlib.resources import files

__all__ = ["float_or_none", "rows"]


def rows(name: str) -> list[dict[str, str]]:
    """Return the rows of one packaged CSV table as dictionaries keyed by its header."""
    text = files("glutelab").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def float_or_none(text: str) -> float | None:
    """Parse a table cell as a number; an empty cell (no published value) gives ``None``."""
    return float(text) if text.strip() else None
