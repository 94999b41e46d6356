"""A nonconformity's (or an improvement's) audit entries in words, for its detail page and the API."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from itsms.core import audit_labels as labels
from itsms.core.models import AuditEntry


@dataclass(frozen=True)
class HistoryChange:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryItem:
    entry: AuditEntry
    action: str
    label: str
    actor: str
    changes: list[HistoryChange]


def _chain(value: Any) -> str:
    if not isinstance(value, list):
        return ""
    return "\n".join(
        _("%(n)d. Why? %(why)s Because %(because)s")
        % {"n": i, "why": step.get("why", ""), "because": step.get("because", "")}
        for i, step in enumerate(value, 1)
        if isinstance(step, dict)
    )


def history(entries: Iterable[AuditEntry]) -> list[HistoryItem]:
    items = []
    for entry in entries:
        model = labels.model_for(entry.object_type)
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        related = labels.related_names(model, changes, entry.organization_id)
        rows = []
        for name, value in changes.items():
            pair = value if isinstance(value, list) and len(value) == 2 else [None, value]
            if name == "why_chain":
                before, after = _chain(pair[0]), _chain(pair[1])
            else:
                before = labels.value_label(model, name, pair[0], related)
                after = labels.value_label(model, name, pair[1], related)
            rows.append(HistoryChange(name, labels.field_label(model, name), before, after))
        items.append(
            HistoryItem(
                entry=entry,
                action=entry.action,
                label=labels.action_label(entry.action, entry.object_type, entry.changes),
                actor=entry.actor_label or (str(entry.actor) if entry.actor else _("the system")),
                changes=rows,
            )
        )
    return items
