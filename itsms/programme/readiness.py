"""Readiness: per clause of ISO/IEC 20000-1, what the evidence providers show against what the clause needs.

The rule of each clause is written once, here, from the catalogue (its documented-information items) and
the table below (the kinds of records it expects):
- every document item (kind D or DR) needs a document in force mapped to it; a lowest-level clause with no
  such item needs a document in force answering its requirements (except where the design records alone
  are the evidence, e.g. 4.1 context issues);
- the kinds of records in RECORD_NEEDS, any one of each group; for the operational clauses (8, 9.1, 9.4)
  only records dated within the last RECENT_MONTHS count;
- an open major nonconformity on the clause keeps it from being ready.
Status: missing (none of its needs met), partial (some), ready (all, and nothing blocks it). A clause with
sub-clauses is ready when its own needs and every sub-clause are.

A kind whose source is not built yet is pending (core.evidence): its need stays unmet and the reason is
shown. The readiness page, the `readiness` command, the programme overview and the documents coverage
report read `clause_readiness()` or the same providers, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from itsms.catalogue.constants import ISO20000_URN
from itsms.catalogue.models import Clause, DocumentedInfo, DocumentedInfoKind
from itsms.catalogue.models.standards import localized
from itsms.catalogue.selectors import clause_tree, standard_by_urn
from itsms.core.evidence import (
    RECENT_MONTHS,
    Blocker,
    Evidence,
    RegisteredProvider,
    add_months,
    collect,
    collect_blockers,
    evidence_kind,
    register_pending_kind,
)
from itsms.core.milestones import pending_milestone, reached, register_pending_milestone
from itsms.core.models import Organization
from itsms.core.timezones import org_zone

from .models import Programme

__all__ = ["add_months", "clause_readiness", "plan_warnings", "readiness_report"]

MIN_OPERATING_MONTHS = 3
PREFIX = ISO20000_URN + ":"
DOCUMENTS_IN_FORCE = "documents.in_force"

MISSING, PARTIAL, READY = "missing", "partial", "ready"

# Clauses whose records must be recent: they show that the services are operated now.
OPERATIONAL = ("8", "9.1", "9.4")

# (what is needed, in the words of "no …", the evidence kinds any of which meets it)
RECORD_NEEDS: dict[str, list[tuple[str | Promise, tuple[str, ...]]]] = {
    "4.1": [(_("context issues"), ("organization.context",))],
    "4.2": [(_("interested parties"), ("organization.interested_parties",))],
    "4.3": [(_("scope statement"), ("organization.scope",))],
    "5.1": [(_("ISO 20000 committee"), ("organization.committee",))],
    "5.2.1": [(_("released service management policy"), ("organization.policy",))],
    "5.3": [
        (_("signed appointment of the management representative"), ("organization.appointment",)),
        (_("responsibility matrix"), ("organization.raci",)),
    ],
    "6.1": [(_("risks and opportunities"), ("organization.risks",))],
    "6.2.1": [(_("objectives"), ("organization.objectives",))],
    "6.2.2": [(_("objectives with owner, method and frequency"), ("organization.objectives",))],
    "7.2": [(_("training records"), ("training.records",))],
    "7.3": [
        (_("awareness records"), ("training.awareness_sessions", "training.awareness_confirmations")),
    ],
    "9.1": [(_("monitoring and measurement results"), ("reporting.monitoring",))],
    "9.2": [(_("internal audit records"), ("audits.internal_audit",))],
    "9.3": [(_("management review records"), ("reviews.management_review",))],
    "9.4": [(_("service reports"), ("reporting.service_reports",))],
    "10.1": [
        (_("nonconformity records"), ("audits.nonconformities",)),
        (_("corrective action records"), ("audits.corrective_actions",)),
    ],
    "10.2": [(_("records of improvement opportunities"), ("improvement.opportunities",))],
}

# Clause 8: the operational records each part of it expects, by the longest matching clause prefix.
OPERATION_NEEDS: dict[str, tuple[str | Promise, str]] = {
    "8.1": (_("records that the processes were carried out as planned"), "operations.records"),
    "8.2": (_("service catalogue and service records"), "services.records"),
    "8.2.5": (_("asset and configuration records"), "cmdb.records"),
    "8.2.6": (_("asset and configuration records"), "cmdb.records"),
    "8.3": (_("customer, agreement and service level records"), "services.agreements"),
    "8.3.4": (_("supplier records"), "suppliers.records"),
    "8.4": (_("budget, demand and capacity records"), "capacity.records"),
    "8.5": (_("change, design and release records"), "changes.records"),
    "8.6": (_("incident, request and problem records"), "tickets.records"),
    "8.7": (_("availability, continuity and information security records"), "assurance.records"),
}

# Where the design's or training's records alone are what an auditor asks for.
NO_DOCUMENT_NEEDED = {"4.1", "4.2", "5.1", "6.2.2"}

# Sources not built yet: (kind, label, reason). A later app's `register_provider(..., kinds=...)` wins.
PENDING_SOURCES: list[tuple[str, str | Promise, str | Promise]] = [
    (
        "reviews.management_review",
        _("management review records"),
        _("the management-review module is not in use yet"),
    ),
    (
        "reporting.monitoring",
        _("monitoring and measurement results"),
        _("service monitoring is not in use yet"),
    ),
    ("reporting.service_reports", _("service reports"), _("service reporting is not in use yet")),
    ("improvement.opportunities", _("improvement records"), _("the improvement register is not in use yet")),
    ("operations.records", _("operational records"), _("the service operation modules are not in use yet")),
    ("services.records", _("service records"), _("the service catalogue module is not in use yet")),
    ("services.agreements", _("agreement records"), _("the service level module is not in use yet")),
    ("cmdb.records", _("configuration records"), _("the configuration management module is not in use yet")),
    ("suppliers.records", _("supplier records"), _("the supplier management module is not in use yet")),
    ("capacity.records", _("capacity records"), _("the supply and demand module is not in use yet")),
    ("changes.records", _("change records"), _("the change management module is not in use yet")),
    ("tickets.records", _("ticket records"), _("the ticket module is not in use yet")),
    (
        "assurance.records",
        _("service assurance records"),
        _("the service assurance module is not in use yet"),
    ),
]


def register_pending_sources() -> None:
    for key, label, reason in PENDING_SOURCES:
        register_pending_kind(key, label, reason)
    register_pending_milestone(
        "reviews.management_review_done",
        _("Management review completed"),
        _("the management-review module is not in use yet"),
    )


def is_operational(ref: str) -> bool:
    return any(ref == p or ref.startswith(p + ".") for p in OPERATIONAL)


def _operation_need(ref: str) -> tuple[str | Promise, str] | None:
    parts = ref.split(".")
    for n in range(len(parts), 1, -1):
        found = OPERATION_NEEDS.get(".".join(parts[:n]))
        if found:
            return found
    return None


@dataclass
class Need:
    label: str
    met: bool
    missing: str = ""


@dataclass
class EvidenceRow:
    kind: str
    label: str | Promise
    count: int
    latest: dt.date | dt.datetime | None
    url: str


@dataclass
class ClauseRow:
    clause: Clause
    status: str = MISSING
    needs: list[Need] = field(default_factory=list)
    evidence: list[EvidenceRow] = field(default_factory=list)
    blockers: list[Blocker] = field(default_factory=list)
    children: list[ClauseRow] = field(default_factory=list)
    # Kept for the providers' raw answers (who said what).
    sources: list[tuple[RegisteredProvider, Evidence]] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        found = [n.missing for n in self.needs if not n.met and n.missing]
        found += [_g("open major nonconformities: %(n)s") % {"n": b.count} for b in self.blockers]
        return found

    @property
    def count(self) -> int:
        return sum(e.count for e in self.evidence)

    @property
    def latest(self) -> dt.date | dt.datetime | None:
        dates = [e.latest for e in self.evidence if e.latest is not None]
        return max(dates, key=_as_datetime) if dates else None

    @property
    def covered(self) -> bool:
        return self.status == READY

    @property
    def leaf(self) -> bool:
        return not self.children


def urn_clause_ref(urn: str) -> str | None:
    """The clause number a catalogue URN of the standard is about (clause, requirement or document item);
    a provider may add `#kind` to tell several answers about one URN apart."""
    urn = urn.split("#", 1)[0]
    if not urn.startswith(PREFIX):
        return None
    kind, _sep, rest = urn[len(PREFIX) :].partition(":")
    if kind not in ("c", "r", "d", "q", "e") or not rest:
        return None
    return rest.split("/", 1)[0]


def _as_datetime(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime.combine(value, dt.time())


def _record_need(
    label: str | Promise, kinds: tuple[str, ...], found: dict[str, Evidence], operational: bool
) -> Need:
    def counts(e: Evidence) -> int:
        return (e.recent or 0) if operational else e.count

    met = any(k in found and counts(found[k]) > 0 for k in kinds)
    if met:
        return Need(str(label), True)
    pending = [evidence_kind(k) for k in kinds]
    reasons = [k.reason for k in pending if k is not None and not k.available]
    if reasons and len(reasons) == len(kinds):
        text = _g("no %(what)s (%(reason)s)") % {"what": label, "reason": reasons[0]}
    elif operational:
        text = _g("no %(what)s in the last %(months)s months") % {"what": label, "months": RECENT_MONTHS}
    else:
        text = _g("no %(what)s") % {"what": label}
    return Need(str(label), False, text)


def clause_readiness(org: Organization) -> list[ClauseRow]:
    """Every current clause, in tree order, with its status, what is missing and the evidence counted.

    A constant number of queries: the clause tree, the document items, and each provider's aggregates."""
    standard = standard_by_urn(ISO20000_URN)
    if standard is None:
        return []
    clauses = clause_tree(standard)
    items: dict[int, list[tuple[str, str]]] = {}
    for clause_id, urn, title, title_zh in DocumentedInfo.objects.filter(
        standard=standard, retired=False, kind__in=(DocumentedInfoKind.DOCUMENT, DocumentedInfoKind.BOTH)
    ).values_list("clause_id", "urn", "title", "title_zh"):
        items.setdefault(clause_id, []).append((urn, localized(title, title_zh)))
    # Every provider's answers, by clause number; each answer keeps the URN it is about.
    by_ref: dict[str, list[tuple[str, RegisteredProvider, Evidence]]] = {}
    for urn, answers in collect(org).items():
        ref = urn_clause_ref(urn)
        if ref is not None:
            by_ref.setdefault(ref, []).extend((urn, p, e) for p, e in answers)
    blocked: dict[str, list[Blocker]] = {}
    for urn, found in collect_blockers(org).items():
        ref = urn_clause_ref(urn)
        if ref is not None:
            blocked.setdefault(ref, []).extend(found)

    rows = {c.pk: ClauseRow(c) for c in clauses}
    for c in clauses:
        if c.parent_id in rows:
            rows[c.parent_id].children.append(rows[c.pk])
    for row in rows.values():
        _fill(row, items.get(row.clause.pk, []), by_ref.get(row.clause.ref_id, []), blocked)
    # Children before parents: a parent's status follows its sub-clauses.
    for c in sorted(clauses, key=lambda c: -c.depth):
        _status(rows[c.pk])
    return [rows[c.pk] for c in clauses]


def _fill(
    row: ClauseRow,
    doc_items: list[tuple[str, str]],
    answers: list[tuple[str, RegisteredProvider, Evidence]],
    blocked: dict[str, list[Blocker]],
) -> None:
    ref = row.clause.ref_id
    operational = is_operational(ref)
    row.sources = [(p, e) for _u, p, e in answers]
    row.blockers = blocked.get(ref, [])
    by_urn = {u: e for u, _p, e in answers}
    by_kind: dict[str, Evidence] = {}
    for _u, _p, e in answers:
        if e.kind and e.kind != DOCUMENTS_IN_FORCE:
            by_kind[e.kind] = e
        count = (e.recent or 0) if operational and e.kind != DOCUMENTS_IN_FORCE else e.count
        row.evidence.append(EvidenceRow(e.kind, e.label, count, e.latest, e.url))
    for urn, title in doc_items:
        met = by_urn.get(urn) is not None and by_urn[urn].count > 0
        row.needs.append(
            Need(title, met, "" if met else _g("no document in force for “%(item)s”") % {"item": title})
        )
    needs = list(RECORD_NEEDS.get(ref, []))
    if row.clause.leaf and ref.startswith("8"):
        op = _operation_need(ref)
        if op is not None:
            needs.append((op[0], (op[1],)))
    for label, kinds in needs:
        row.needs.append(_record_need(label, kinds, by_kind, operational))
    if row.clause.leaf and not doc_items and ref not in NO_DOCUMENT_NEEDED:
        answering = by_urn.get(f"{PREFIX}c:{ref}#{DOCUMENTS_IN_FORCE}")
        met = answering is not None and answering.count > 0
        row.needs.append(
            Need(
                _g("documents answering its requirements"),
                met,
                "" if met else _g("no document in force answering its requirements"),
            )
        )


def _status(row: ClauseRow) -> None:
    met = [n.met for n in row.needs] + [c.status == READY for c in row.children]
    some = [n.met for n in row.needs] + [c.status != MISSING for c in row.children]
    if met and all(met) and not row.blockers:
        row.status = READY
    elif any(some):
        row.status = PARTIAL
    else:
        row.status = MISSING


def overall(rows: list[ClauseRow]) -> float:
    """The share of lowest-level clauses that are ready (0 when nothing is)."""
    leaves = [r for r in rows if r.leaf]
    return round(sum(1 for r in leaves if r.status == READY) / len(leaves), 4) if leaves else 0.0


def _day(value: dt.date | dt.datetime | None, org: Organization) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value, org_zone(org)).date().isoformat()
    return value.isoformat()


def readiness_report(org: Organization) -> dict[str, object]:
    """What `manage.py readiness --json` prints: overall share and every clause's status and evidence."""
    rows = clause_readiness(org)
    return {
        "overall": overall(rows),
        "clauses": [
            {
                "ref": r.clause.ref_id,
                "status": r.status,
                "missing": [str(m) for m in r.missing],
                "evidence": [
                    {
                        "kind": e.kind,
                        "label": str(e.label),
                        "count": e.count,
                        "latest": _day(e.latest, org),
                        "url": e.url,
                    }
                    for e in r.evidence
                ],
            }
            for r in rows
        ],
    }


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
    for key, message, pending_message in (
        (
            "audits.internal_audit_done",
            _("No internal audit has been completed yet; one is needed before stage 2."),
            _("No internal audit is recorded (%s); one is needed before stage 2."),
        ),
        (
            "reviews.management_review_done",
            _("No management review has been completed yet; one is needed before stage 2."),
            _("No management review is recorded (%s); one is needed before stage 2."),
        ),
    ):
        if key in found and not found[key].count:
            pending = pending_milestone(key)
            warnings.append(pending_message % pending.reason if pending else message)
    return warnings
