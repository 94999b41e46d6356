"""Separation of duties in document control (编制–审核–批准 by different people) and the organization's own,
stricter rules for it.

The built-in minimum: the author of a revision (who started it, or who submitted it) never signs it as
reviewer or approver, and a revision leaves the internal review and the external check only after at least
one independent review at that stage: a reviewer's signature, or a round of comments resolved, by someone
other than the author. An organization may require more independent reviews per stage, and that the approver
is not one of the reviewers.

The system itself (actor None: demo data, commands) moves revisions under the same guard: the evidence of
review is a property of the revision, not of whoever presses the button. Signatures always have a person.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.core import audit
from itsms.core.models import Organization, User
from itsms.core.services.base import authorize

from ..models import ControlSettings, Meaning, Revision, RevStatus, Stage
from ..models.revisions import MAX_REVIEWERS
from ..permissions import can_configure_document_control

SETTING_FIELDS = ["internal_reviewers_required", "external_reviewers_required", "approver_independent"]
# The review stage a revision's status is in (a "reviewed" signature records it).
STAGE_OF_STATUS: dict[str, str] = {
    RevStatus.INTERNAL_REVIEW: Stage.INTERNAL,
    RevStatus.EXTERNAL_CHECK: Stage.EXTERNAL,
}


def control_settings_for(organization_id: int) -> ControlSettings:
    """The organization's rules; the built-in defaults (an unsaved row) until someone changes them."""
    found = ControlSettings.objects.filter(organization_id=organization_id).first()
    return found if found is not None else ControlSettings(organization_id=organization_id)


@transaction.atomic
def control_settings_update(
    *,
    actor: User | None,
    organization: Organization,
    internal_reviewers_required: int,
    external_reviewers_required: int,
    approver_independent: bool,
) -> ControlSettings:
    authorize(actor, organization, can_configure_document_control)
    errors = {}
    for name, value in (
        ("internal_reviewers_required", internal_reviewers_required),
        ("external_reviewers_required", external_reviewers_required),
    ):
        if not 1 <= value <= MAX_REVIEWERS:
            errors[name] = _("Between 1 and %(max)d.") % {"max": MAX_REVIEWERS}
    if errors:
        raise ValidationError(errors)
    current, _created = ControlSettings.objects.select_for_update().get_or_create(organization=organization)
    before = audit.snapshot(current, SETTING_FIELDS)
    current.internal_reviewers_required = internal_reviewers_required
    current.external_reviewers_required = external_reviewers_required
    current.approver_independent = approver_independent
    changes = audit.diff(before, audit.snapshot(current, SETTING_FIELDS))
    if not changes:
        return current
    current.updated_at, current.updated_by = timezone.now(), actor
    current.save()
    audit.record(
        organization=organization,
        actor=actor,
        action="documentcontrol.settings",
        obj=current,
        changes=changes,
    )
    return current


def revision_authors(revision: Revision) -> set[int]:
    """The logins that wrote the revision: who started it and who submitted it."""
    return {pk for pk in (revision.created_by_id, revision.submitted_by_id) if pk is not None}


def independent_reviewers(revision: Revision, stage: str) -> set[int]:
    """People other than the author who reviewed at this stage: signed as reviewed, or raised comments
    that were resolved (an unresolved comment keeps the revision where it is anyway)."""
    signers = revision.signatures.filter(meaning=Meaning.REVIEWED, stage=stage).values_list(
        "signer_id", flat=True
    )
    commenters = revision.comments.filter(
        stage=stage, resolved_at__isnull=False, author__isnull=False
    ).values_list("author_id", flat=True)
    return ({*signers} | {pk for pk in commenters if pk is not None}) - revision_authors(revision)


def review_problem(revision: Revision, stage: str) -> str | None:
    """Why the revision may not leave this review stage yet, or None."""
    required = control_settings_for(revision.organization_id).reviewers_required(stage)
    have = len(independent_reviewers(revision, stage))
    if have >= required:
        return None
    return _(
        "This stage needs %(required)d independent review(s) and has %(have)d: a reviewer's signature or "
        "a resolved round of comments by someone other than the author."
    ) % {"required": required, "have": have}


def signature_check(actor: User, revision: Revision, meaning: str) -> str:
    """Refuse a signature that breaks separation of duties; return the stage the signature belongs to."""
    if actor.pk in revision_authors(revision):
        raise ValidationError(
            _("You wrote this revision: someone else signs it as reviewer or approver."), code="author_signs"
        )
    stage = STAGE_OF_STATUS.get(revision.status, "") if meaning == Meaning.REVIEWED else ""
    if revision.signatures.filter(signer=actor, meaning=meaning, stage=stage).exists():
        raise ValidationError(_("You have already signed this revision with this meaning."))
    if (
        meaning == Meaning.APPROVED
        and control_settings_for(revision.organization_id).approver_independent
        and revision.signatures.filter(signer=actor, meaning=Meaning.REVIEWED).exists()
    ):
        raise ValidationError(
            _("You reviewed this revision; the organization requires an approver who did not review it."),
            code="reviewer_approves",
        )
    return stage
