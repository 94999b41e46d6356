"""Milestones: facts about an organization that the programme's tasks wait for.

An area registers a milestone when its app loads ("training.kickoff_held", "diagnosis.report_issued",
"documents.manual_released"…): a function that answers, with an aggregate query, the Evidence of that fact
(count 0 when it has not happened). A programme task naming a milestone is done when the milestone's count
is above zero, so its status follows the records instead of a tick box.

A key whose area is not built yet ("audits.internal_audit_done") is registered as *pending* with the reason:
it answers count 0 (so the certification plan warns that the fact is not recorded), while a task naming it
stays one that people mark by hand. The area that comes later registers the real milestone under the same
key, which replaces the placeholder. Keys nobody registered are left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from .evidence import Evidence
from .models import Organization


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str | Promise
    fn: Callable[[Organization], Evidence]


@dataclass(frozen=True)
class PendingMilestone:
    key: str
    label: str | Promise
    reason: str | Promise


_milestones: dict[str, Milestone] = {}
_pending: dict[str, PendingMilestone] = {}


def register_milestone(key: str, label: str | Promise, fn: Callable[[Organization], Evidence]) -> None:
    _milestones[key] = Milestone(key=key, label=label, fn=fn)
    _pending.pop(key, None)


def register_pending_milestone(key: str, label: str | Promise, reason: str | Promise) -> None:
    if key not in _milestones:
        _pending[key] = PendingMilestone(key=key, label=label, reason=reason)


def milestone(key: str) -> Milestone | None:
    """The milestone an installed area answers (None for pending and unknown keys)."""
    return _milestones.get(key)


def pending_milestone(key: str) -> PendingMilestone | None:
    return _pending.get(key)


def milestones() -> list[Milestone]:
    return sorted(_milestones.values(), key=lambda m: m.key)


def reached(organization: Organization, keys: list[str]) -> dict[str, Evidence]:
    """The evidence of each known key: pending keys answer count 0; unknown keys are left out."""
    found: dict[str, Evidence] = {}
    for k in keys:
        if k in _milestones:
            found[k] = _milestones[k].fn(organization)
        elif k in _pending:
            found[k] = Evidence(0, None, label=_pending[k].label)
    return found
