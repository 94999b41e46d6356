"""One way to move an object through its lifecycle.

A lifecycle is a status field (TextChoices) and a table of allowed transitions, each naming who may make
it. `transition()` checks the move and the permission, sets the status (and `<field>_changed_at` /
`<field>_changed_by` when the model has them), saves and writes the audit entry — documents,
nonconformities, audits, tickets and changes all go through it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .models import Membership, Organization, User
from .services.base import actor_membership


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    # Who may make the move; receives the membership and the object.
    allowed: Callable[[Membership, Any], bool]
    # Extra condition on the object itself (e.g. "all review comments resolved"); returns an error or None.
    guard: Callable[[Any], str | None] | None = None


def allowed_targets(
    obj: models.Model, table: Iterable[Transition], membership: Membership | None, *, field: str = "status"
) -> list[str]:
    """The statuses this member may move the object to now (for showing the right buttons)."""
    current = getattr(obj, field)
    return [
        t.target for t in table if t.source == current and (membership is None or t.allowed(membership, obj))
    ]


def transition(
    obj: models.Model,
    target: str,
    *,
    actor: User | None,
    organization: Organization,
    table: Iterable[Transition],
    field: str = "status",
    note: str = "",
    changes: dict[str, list[Any]] | None = None,
) -> models.Model:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transition must run inside the service's transaction")
    owner = obj.pk if isinstance(obj, Organization) else getattr(obj, "organization_id", None)
    if owner != organization.pk:
        raise PermissionDenied
    current = getattr(obj, field)
    move = next((t for t in table if t.source == current and t.target == target), None)
    if move is None:
        raise ValidationError(
            _("This record cannot go from “%(source)s” to “%(target)s”.")
            % {"source": _label(obj, field, current), "target": _label(obj, field, target)}
        )
    if actor is not None:
        membership = actor_membership(actor, organization)
        if membership is None or not move.allowed(membership, obj):
            raise PermissionDenied
    if move.guard is not None:
        problem = move.guard(obj)
        if problem:
            raise ValidationError(problem)
    setattr(obj, field, target)
    update = [field]
    names = {f.name for f in obj._meta.get_fields()}
    if f"{field}_changed_at" in names:
        setattr(obj, f"{field}_changed_at", timezone.now())
        update.append(f"{field}_changed_at")
    if f"{field}_changed_by" in names:
        setattr(obj, f"{field}_changed_by", actor)
        update.append(f"{field}_changed_by")
    obj.save(update_fields=update)
    recorded = {field: [current, target], **(changes or {})}
    if note:
        recorded["note"] = [None, note]
    audit.record(
        organization=organization,
        actor=actor,
        action=f"{obj._meta.model_name}.{target}",
        obj=obj,
        changes=recorded,
    )
    return obj


def _label(obj: models.Model, field: str, value: str) -> str:
    model_field = obj._meta.get_field(field)
    choices = dict(getattr(model_field, "flatchoices", []))
    return str(choices.get(value, value))
