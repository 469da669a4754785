"""Readers for drifting upstream JSON: a value of the wrong type reads as empty or None."""

from __future__ import annotations

import math
from typing import Any


def as_dict(value: Any) -> dict[str, Any]:
    """`value` if it is a JSON object, else an empty one (upstream shapes drift)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """`value` if it is a JSON array, else an empty one."""
    return value if isinstance(value, list) else []


def as_int(value: Any) -> int | None:
    """`value` as an int, or None when it is not a number."""
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: JSON "Infinity"
        return None


def as_float(value: Any) -> float | None:
    """`value` (number or numeric string) as a finite float, or None."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
