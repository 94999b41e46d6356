"""Readiness: per clause of ISO/IEC 20000-1, what every evidence provider can show; plan warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from itsms.catalogue.constants import ISO20000_URN
from itsms.catalogue.models import Clause
from itsms.catalogue.selectors import clause_tree, standard_by_urn
from itsms.core.evidence import Evidence, RegisteredProvider, collect
from itsms.core.milestones import reached
from itsms.core.models import Organization

from .models import Programme

MIN_OPERATING_MONTHS = 3
PREFIX = ISO20000_URN + ":"


@dataclass
class ClauseRow:
    clause: Clause
    count: int
    latest: dt.date | dt.datetime | None
    sources: list[tuple[RegisteredProvider, Evidence]]

    @property
    def covered(self) -> bool:
        return self.count > 0


def urn_clause_ref(urn: str) -> str | None:
    """The clause number a catalogue URN of the standard is about (clause, requirement or document item)."""
    if not urn.startswith(PREFIX):
        return None
    kind, _sep, rest = urn[len(PREFIX) :].partition(":")
    if kind not in ("c", "r", "d", "q", "e") or not rest:
        return None
    return rest.split("/", 1)[0]


def clause_readiness(org: Organization) -> list[ClauseRow]:
    """Every current clause with the evidence found for it or for anything below it."""
    standard = standard_by_urn(ISO20000_URN)
    if standard is None:
        return []
    by_ref: dict[str, list[tuple[RegisteredProvider, Evidence]]] = {}
    for urn, answers in collect(org).items():
        ref = urn_clause_ref(urn)
        if ref is not None:
            by_ref.setdefault(ref, []).extend(answers)
    rows = []
    for clause in clause_tree(standard):
        sources = [
            a
            for ref, answers in by_ref.items()
            if ref == clause.ref_id or ref.startswith(clause.ref_id + ".")
            for a in answers
        ]
        latest = max((e.latest for _p, e in sources if e.latest is not None), default=None, key=_as_datetime)
        rows.append(ClauseRow(clause, sum(e.count for _p, e in sources), latest, sources))
    return rows


def _as_datetime(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime.combine(value, dt.time())


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=d)
        except ValueError:
            continue
    raise ValueError(day)


def plan_warnings(org: Organization, programme: Programme) -> list[str | Promise]:
    """What a certification body would refuse about the plan (Chinese CBs: 3 months, one audit, one review)."""
    warnings: list[str | Promise] = []
    if programme.stage2_target is None:
        return warnings
    if programme.operating_since is None:
        warnings.append(_("Stage 2 is planned but the date the system started operating is not recorded."))
    else:
        earliest = add_months(programme.operating_since, MIN_OPERATING_MONTHS)
        if programme.stage2_target < earliest:
            warnings.append(
                _("Stage 2 is planned less than 3 months after the system started operating (earliest: %s).")
                % earliest.isoformat()
            )
    found = reached(org, ["audits.internal_audit_done", "reviews.management_review_done"])
    if "audits.internal_audit_done" in found and not found["audits.internal_audit_done"].count:
        warnings.append(_("No internal audit has been completed yet; one is needed before stage 2."))
    if "reviews.management_review_done" in found and not found["reviews.management_review_done"].count:
        warnings.append(_("No management review has been completed yet; one is needed before stage 2."))
    return warnings
