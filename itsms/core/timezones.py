"""The organization's time zone: active for every request and task working for one organization.

Forms then read a typed time as local time, templates show local time, and everything is stored in UTC.
`zoned()` formats a time with its UTC offset, for the places where an auditor must know which zone a
time is in (signatures, acknowledgements, audit entries, PDFs).

A local time the clocks skip (the hour lost when daylight saving time starts) or pass twice (the hour
repeated when it ends) names no single instant. Forms and the API refuse it with a message that says so
(`local_time_problem`), rather than guessing: a record of when something happened must not be a guess. The
API accepts such a time with an explicit offset.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Organization

# Present on some systems' zone folders but not zones an organization can be in: the server's own zone
# and the placeholder of unconfigured machines.
_NOT_ORGANIZATION_ZONES = frozenset({"localtime", "Factory"})

NONEXISTENT = "nonexistent"
AMBIGUOUS = "ambiguous"


@functools.cache
def time_zone_names() -> frozenset[str]:
    """Every zone an organization may choose (IANA names known to this machine's zone data)."""
    return frozenset(zoneinfo.available_timezones()) - _NOT_ORGANIZATION_ZONES


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not a known time zone. Use a name such as Asia/Shanghai."),
            code="invalid_time_zone",
            params={"value": value},
        )


def org_zone(organization: Organization) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(organization.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def org_today(organization: Organization) -> dt.date:
    """Today in the organization's zone, also where no page activated it (tasks, commands, the demo, tests):
    between 16:00 and 24:00 UTC a Chinese organization's today is already tomorrow in UTC terms."""
    return timezone.localdate(timezone=org_zone(organization))


def activate_org_zone(organization: Organization) -> None:
    """Activate the zone for the rest of this request (the middleware deactivates it at the end)."""
    timezone.activate(org_zone(organization))


@contextlib.contextmanager
def org_zone_active(organization: Organization) -> Iterator[None]:
    """For tasks and commands working for one organization."""
    with timezone.override(org_zone(organization)):
        yield


def zone_name(zone: dt.tzinfo | None = None) -> str:
    """The IANA name of a zone (the active one by default), as shown next to exported times."""
    zone = zone or timezone.get_current_timezone()
    return getattr(zone, "key", None) or str(zone)


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


def local_time_problem(value: dt.datetime, zone: dt.tzinfo) -> str | None:
    """NONEXISTENT for a wall-clock time the zone skips, AMBIGUOUS for one it passes twice, else None."""
    naive = value.replace(tzinfo=None, fold=0)
    first = naive.replace(tzinfo=zone)
    if first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != naive:
        return NONEXISTENT
    if first.utcoffset() != naive.replace(fold=1, tzinfo=zone).utcoffset():
        return AMBIGUOUS
    return None


def local_time_error(value: dt.datetime, zone: dt.tzinfo, problem: str) -> ValidationError:
    params = {"time": value.strftime("%Y-%m-%d %H:%M"), "zone": zone_name(zone)}
    if problem == NONEXISTENT:
        return ValidationError(
            _(
                "%(time)s does not exist in %(zone)s: the clocks are put forward at that time. "
                "Enter a time outside the hour of the change."
            ),
            code="nonexistent_time",
            params=params,
        )
    return ValidationError(
        _(
            "%(time)s occurs twice in %(zone)s: the clocks are put back at that time. "
            "Enter a time outside the hour of the change."
        ),
        code="ambiguous_time",
        params=params,
    )


def make_local_aware(value: dt.datetime, zone: dt.tzinfo | None = None) -> dt.datetime:
    """A naive wall-clock time read in the zone (the active one by default); aware values unchanged.

    Raises ValidationError for a time the zone skips or passes twice.
    """
    if timezone.is_aware(value):
        return value
    zone = zone or timezone.get_current_timezone()
    problem = local_time_problem(value, zone)
    if problem is not None:
        raise local_time_error(value, zone, problem)
    return value.replace(tzinfo=zone)
