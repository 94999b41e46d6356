"""The ranges every number and date from a request must fall in, for the API and the pages alike.

A database integer column holds a signed 64-bit value: a bigger number sent as an id or an offset made
SQLite raise OverflowError (HTTP 500) and PostgreSQL a data error. A list page never needs more than a few
hundred rows at once, and no record of a management system is dated before 1900 or after 2200; a bare
number is a Unix timestamp to pydantic (`0` became 1970-01-01), never a date a person meant.
"""

from __future__ import annotations

import datetime as dt
import re

MAX_ID = 2**63 - 1
MAX_LIMIT = 200
# Offsets are for small lists (the competence matrix pages people); big lists use keysets.
MAX_OFFSET = 100_000
MAX_PAGE = MAX_OFFSET
# Any other integer (a score, a count) still has to fit the column it is stored in.
MIN_INT = -(2**63)
MAX_INT = 2**63 - 1

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2200, 12, 31)

# A date is written as ISO 8601 text; a date-time starts with one.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def query_int(value: str | None, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """A whole number from a page's query string inside [minimum, maximum], or None for anything else.

    Pages treat a nonsense filter as no filter (as a hand-edited URL deserves), never as a crash.
    """
    if value is None:
        return None
    text = value.strip()
    # Long digit strings cost quadratic time to convert; nothing in range is longer than 20 characters.
    if not text or len(text) > 20:
        return None
    try:
        number = int(text)
    except ValueError:
        return None
    return number if minimum <= number <= maximum else None


def is_iso_text(value: object) -> bool:
    """True for ISO 8601 date (or date-time) text; False for numbers and numeric strings."""
    return isinstance(value, str) and _ISO_DATE.match(value.strip()) is not None


def in_date_range(value: dt.date) -> bool:
    day = value.date() if isinstance(value, dt.datetime) else value
    return EARLIEST <= day <= LATEST
