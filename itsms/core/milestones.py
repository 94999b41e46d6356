"""Milestones: facts about an organization that the programme's tasks wait for.

An area registers a milestone when its app loads ("training.kickoff_held", "diagnosis.report_issued",
"documents.manual_released"…): a function that answers, with an aggregate query, the Evidence of that fact
(count 0 when it has not happened). A programme task naming a milestone is done when the milestone's count
is above zero, so its status follows the records instead of a tick box. Keys of areas that do not exist
yet simply answer nothing, and the task stays a manual one.
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


_milestones: dict[str, Milestone] = {}


def register_milestone(key: str, label: str | Promise, fn: Callable[[Organization], Evidence]) -> None:
    _milestones[key] = Milestone(key=key, label=label, fn=fn)


def milestone(key: str) -> Milestone | None:
    return _milestones.get(key)


def milestones() -> list[Milestone]:
    return sorted(_milestones.values(), key=lambda m: m.key)


def reached(organization: Organization, keys: list[str]) -> dict[str, Evidence]:
    """The evidence of each known key; unknown keys are left out (no such area installed)."""
    return {k: _milestones[k].fn(organization) for k in keys if k in _milestones}
