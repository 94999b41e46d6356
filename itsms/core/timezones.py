"""The organization's time zone: active for every request and task working for one organization.

Forms then read a typed time as local time, templates show local time, and everything is stored in UTC.
`zoned()` formats a time with its UTC offset, for the places where an auditor must know which zone a
time is in (signatures, acknowledgements, audit entries, PDFs).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import zoneinfo
from collections.abc import Iterator

from django.utils import timezone

from .models import Organization


def org_zone(organization: Organization) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(organization.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def activate_org_zone(organization: Organization) -> None:
    """Activate the zone for the rest of this request (the middleware deactivates it at the end)."""
    timezone.activate(org_zone(organization))


@contextlib.contextmanager
def org_zone_active(organization: Organization) -> Iterator[None]:
    """For tasks and commands working for one organization."""
    with timezone.override(org_zone(organization)):
        yield


def utc_offset(value: dt.datetime) -> str:
    offset = value.utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def zoned(value: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """`2026-03-05 09:30 (UTC+08:00)` in the active zone; naive or missing values as they are."""
    if value is None:
        return ""
    if not isinstance(value, dt.datetime) or timezone.is_naive(value):
        return value.strftime(fmt) if hasattr(value, "strftime") else str(value)
    local = timezone.localtime(value)
    return f"{local.strftime(fmt)} ({utc_offset(local)})"
