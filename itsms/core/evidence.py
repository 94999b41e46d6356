"""Evidence providers: what each area can prove, asked the same way by readiness, reviews and packs.

An area registers one provider when its app loads. A provider answers, for an organization, per
requirement, clause or documented-information item (by catalogue URN), how many records prove it, the
latest of their own dates and the list showing exactly those records — with one or a few aggregate
queries, never one per record. Each answer names its evidence *kind* ("documents.in_force",
"training.records"…), which is what readiness rules ask for.

A kind whose records come from a capability that is not built yet is registered as *pending*, with the
reason, so readiness says "missing" with that reason instead of saying nothing. The area that later
provides it registers its provider with `kinds={...}`, which replaces the placeholder: one line.

Blockers are the other side: facts that keep a clause from being ready whatever evidence it has (an open
major nonconformity).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise

from .models import Organization
from .timezones import org_zone

# Operational records older than this do not show that the system operates now (certification bodies
# ask for about three months of records before stage 2).
RECENT_MONTHS = 3


@dataclass(frozen=True)
class Evidence:
    count: int
    latest: dt.date | dt.datetime | None
    url: str = ""
    label: str | Promise = ""
    kind: str = ""
    # Of `count`, those dated within the last RECENT_MONTHS; None when the provider does not tell.
    recent: int | None = None


Provider = Callable[[Organization], dict[str, Evidence]]


@dataclass(frozen=True)
class RegisteredProvider:
    name: str
    label: str | Promise
    fn: Provider


@dataclass(frozen=True)
class EvidenceKind:
    key: str
    label: str | Promise
    available: bool = True
    reason: str | Promise = ""


@dataclass(frozen=True)
class Blocker:
    count: int
    url: str
    label: str | Promise


BlockerFn = Callable[[Organization], dict[str, Blocker]]

_providers: dict[str, RegisteredProvider] = {}
_kinds: dict[str, EvidenceKind] = {}
_blockers: dict[str, BlockerFn] = {}


def register_provider(
    name: str, label: str | Promise, fn: Provider, kinds: Mapping[str, str | Promise] | None = None
) -> None:
    """Register an area's provider and the evidence kinds it answers (replacing pending placeholders)."""
    _providers[name] = RegisteredProvider(name=name, label=label, fn=fn)
    for key, kind_label in (kinds or {}).items():
        _kinds[key] = EvidenceKind(key=key, label=kind_label)


def register_pending_kind(key: str, label: str | Promise, reason: str | Promise) -> None:
    """A kind of evidence whose source is not built yet; a real registration of the key wins."""
    if key in _kinds and _kinds[key].available:
        return
    _kinds[key] = EvidenceKind(key=key, label=label, available=False, reason=reason)


def evidence_kind(key: str) -> EvidenceKind | None:
    return _kinds.get(key)


def register_blocker(name: str, fn: BlockerFn) -> None:
    _blockers[name] = fn


def providers() -> list[RegisteredProvider]:
    return sorted(_providers.values(), key=lambda p: p.name)


def collect(organization: Organization) -> dict[str, list[tuple[RegisteredProvider, Evidence]]]:
    """Every provider's answer, grouped by the URN it is about."""
    found: dict[str, list[tuple[RegisteredProvider, Evidence]]] = {}
    for provider in providers():
        for urn, evidence in provider.fn(organization).items():
            if evidence.count:
                found.setdefault(urn, []).append((provider, evidence))
    return found


def collect_blockers(organization: Organization) -> dict[str, list[Blocker]]:
    found: dict[str, list[Blocker]] = {}
    for name in sorted(_blockers):
        for urn, blocker in _blockers[name](organization).items():
            if blocker.count:
                found.setdefault(urn, []).append(blocker)
    return found


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier when negative), the month's last day when it is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=d)
        except ValueError:
            continue
    raise ValueError(day)


def recent_since(organization: Organization, today: dt.date | None = None) -> dt.date:
    """The first day (in the organization's zone) of the window in which operational records count."""
    if today is None:
        today = timezone.localdate(timezone=org_zone(organization))
    return add_months(today, -RECENT_MONTHS)


def recent_since_datetime(organization: Organization, today: dt.date | None = None) -> dt.datetime:
    """`recent_since` as the aware start of that local day, to compare with datetime fields."""
    return dt.datetime.combine(recent_since(organization, today), dt.time(), tzinfo=org_zone(organization))
