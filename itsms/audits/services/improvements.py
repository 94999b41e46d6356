"""Writes of the register of opportunities for improvement (10.2): propose, decide, record the outcome."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.core import audit
from itsms.core.errors import require
from itsms.core.lifecycle import transition
from itsms.core.models import Organization, User
from itsms.core.numbering import next_number
from itsms.core.services.base import authorize

from ..lifecycle import IMPROVEMENT_TRANSITIONS
from ..models import Improvement, ImprovementStatus, NonconformitySource
from ..permissions import can_propose_improvement

NUMBER_KEY = "OFI"
NUMBER_PATTERN = "OFI-{year}-{seq:04}"
TEXT_MAX = 5000
AUDITED = ["number", "title", "description", "source", "status"]


@transaction.atomic
def improvement_propose(
    *,
    actor: User | None,
    organization: Organization,
    title: str,
    source: str,
    description: str = "",
) -> Improvement:
    authorize(actor, organization, can_propose_improvement)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Name the opportunity for improvement.")})
    if len(title) > 200:
        raise ValidationError({"title": _("At most %(n)d characters.") % {"n": 200}})
    if source not in NonconformitySource.values:
        raise ValidationError({"source": _("Unknown source.")})
    description = (description or "").strip()
    if len(description) > TEXT_MAX:
        raise ValidationError({"description": _("At most %(n)d characters.") % {"n": TEXT_MAX}})
    ofi = Improvement.objects.create(
        organization=organization,
        number=next_number(organization, NUMBER_KEY, NUMBER_PATTERN),
        title=title,
        description=description,
        source=source,
        proposed_by=actor if actor is not None and actor.is_authenticated else None,
        proposed_at=timezone.now(),
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="improvement.raise",
        obj=ofi,
        changes=audit.diff({}, audit.snapshot(ofi, AUDITED)),
    )
    return ofi


def _move(
    *,
    actor: User | None,
    organization: Organization,
    improvement: Improvement,
    target: str,
    field: str,
    text: str,
    message: str,
) -> Improvement:
    require(improvement.organization_id == organization.pk)
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    if len(text) > TEXT_MAX:
        raise ValidationError({field: _("At most %(n)d characters.") % {"n": TEXT_MAX}})
    locked = Improvement.objects.select_for_update().get(pk=improvement.pk)
    before = getattr(locked, field)
    transition(
        locked,
        target,
        actor=actor,
        organization=organization,
        table=IMPROVEMENT_TRANSITIONS,
        changes={field: [before or None, text]},
    )
    setattr(locked, field, text)
    locked.save(update_fields=[field])
    return locked


@transaction.atomic
def improvement_decide(
    *, actor: User | None, organization: Organization, improvement: Improvement, accept: bool, reason: str
) -> Improvement:
    return _move(
        actor=actor,
        organization=organization,
        improvement=improvement,
        target=ImprovementStatus.ACCEPTED if accept else ImprovementStatus.REJECTED,
        field="decision_reason",
        text=reason,
        message=_("Give the reason for the decision."),
    )


@transaction.atomic
def improvement_record_outcome(
    *, actor: User | None, organization: Organization, improvement: Improvement, outcome: str
) -> Improvement:
    return _move(
        actor=actor,
        organization=organization,
        improvement=improvement,
        target=ImprovementStatus.DONE,
        field="outcome",
        text=outcome,
        message=_("Describe the outcome."),
    )
