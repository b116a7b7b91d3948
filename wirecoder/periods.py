"""The periods of a time axis, as one enumeration for the CLI's ``--by`` and the web API's ``period`` (no imports,
so the CLI starts fast)."""
from enum import Enum


class Period(str, Enum):
    """Length of one period on a time axis."""

    day = "day"
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"
