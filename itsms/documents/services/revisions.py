"""The life of a revision: draft → internal review → external check → approval → released → superseded /
withdrawn, with comments, electronic signatures and optimistic locking of drafts."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.core import audit
from itsms.core.files import CheckedUpload, file_check, file_store
from itsms.core.lifecycle import Transition, transition
from itsms.core.models import Department, Organization, User
from itsms.core.services.base import actor_membership, authorize

from ..models import (
    DocStatus,
    Document,
    Meaning,
    ReviewComment,
    Revision,
    RevStatus,
    Stage,
)
from ..permissions import (
    can_approve_documents,
    can_check_externally,
    can_comment_documents,
    can_manage_documents,
    can_write_drafts,
)
from ..tasks import extract_revision_text
from ..text import content_hash
from .base import same_org
from .control import review_problem
from .files import ALLOWED_TYPES, REVISION_PURPOSE
from .notices import tell_about_move


def _unresolved(revision: Revision) -> str | None:
    if revision.comments.filter(resolved_at__isnull=True).exists():
        return _("Resolve every review comment before moving on.")
    return None


def _reviewed(stage: str) -> Callable[[Revision], str | None]:
    """Leaving a review stage: every comment resolved, and enough independent reviews (separation of duties)."""

    def guard(revision: Revision) -> str | None:
        return _unresolved(revision) or review_problem(revision, stage)

    return guard


def _approved(revision: Revision) -> str | None:
    if not revision.signatures.filter(meaning=Meaning.APPROVED).exists():
        return _("The revision needs the approver's signature first.")
    return None


def _has_content(revision: Revision) -> str | None:
    if not revision.text.strip() and revision.file_id is None:
        return _("Write the text or attach a file before submitting.")
    return None


def _release_allowed(m: object, r: Revision) -> bool:
    return can_approve_documents(m) or can_manage_documents(m)  # type: ignore[arg-type]


REVISION_TRANSITIONS = [
    Transition(RevStatus.DRAFT, RevStatus.INTERNAL_REVIEW, lambda m, r: can_write_drafts(m), _has_content),
    Transition(RevStatus.INTERNAL_REVIEW, RevStatus.RETURNED, lambda m, r: can_manage_documents(m)),
    Transition(
        RevStatus.INTERNAL_REVIEW,
        RevStatus.EXTERNAL_CHECK,
        lambda m, r: can_manage_documents(m),
        _reviewed(Stage.INTERNAL),
    ),
    Transition(RevStatus.EXTERNAL_CHECK, RevStatus.RETURNED, lambda m, r: can_check_externally(m)),
    Transition(
        RevStatus.EXTERNAL_CHECK,
        RevStatus.APPROVAL,
        lambda m, r: can_check_externally(m),
        _reviewed(Stage.EXTERNAL),
    ),
    Transition(RevStatus.APPROVAL, RevStatus.RETURNED, lambda m, r: can_approve_documents(m)),
    Transition(RevStatus.APPROVAL, RevStatus.RELEASED, _release_allowed, _approved),
    Transition(RevStatus.RELEASED, RevStatus.SUPERSEDED, _release_allowed),
    Transition(RevStatus.RELEASED, RevStatus.WITHDRAWN, lambda m, r: can_manage_documents(m)),
]
# The moves a person makes with a button; release and supersede happen through their own services.
MANUAL_TARGETS = {RevStatus.INTERNAL_REVIEW, RevStatus.EXTERNAL_CHECK, RevStatus.APPROVAL, RevStatus.RETURNED}


class EditConflict(ValidationError):
    """Someone else saved the draft since this person opened it."""

    def __init__(self, current: Revision) -> None:
        super().__init__(
            _(
                "Someone else saved this draft while you were editing it. Your text is kept below; compare it "
                "with the newer version and save again."
            ),
            code="edit_conflict",
        )
        self.current = current


def next_edition(edition: str) -> str:
    return chr(ord(edition[0]) + 1) if edition and edition[0] < "Z" else edition + "A"


@transaction.atomic
def revision_start(
    *,
    actor: User | None,
    organization: Organization,
    document: Document,
    change_summary: str = "",
    new_edition: bool = False,
) -> Revision:
    """A new draft: A/0 first, then the next revision of the current edition, or the next edition at /0.
    The text of the current released revision is the starting point."""
    authorize(actor, organization, can_write_drafts)
    same_org(organization, document)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status == DocStatus.WITHDRAWN:
        raise ValidationError(_("A withdrawn document gets no new revisions."))
    last = document.revisions.order_by("-pk").first()
    current = document.current_revision
    if last is None:
        edition, number = "A", 0
    elif new_edition:
        edition, number = next_edition(last.edition), 0
    else:
        edition, number = last.edition, last.revision + 1
    revision = Revision(
        organization=organization,
        document=document,
        edition=edition,
        revision=number,
        text=current.text if current else "",
        change_summary=change_summary,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            revision.save()
    except IntegrityError:
        raise ValidationError(
            _("This document already has a revision in the making; finish or return it first.")
        ) from None
    audit.record(
        organization=organization,
        actor=actor,
        action="revision.create",
        obj=revision,
        changes={"label": [None, revision.label], "change_summary": [None, change_summary]},
    )
    return revision


def revision_save(
    *,
    actor: User | None,
    organization: Organization,
    revision: Revision,
    version: int,
    text: str,
    change_summary: str = "",
    upload: File | None = None,
) -> Revision:
    """Save a draft if nobody saved it since `version`; otherwise raise EditConflict (nothing written).
    An uploaded file is checked before the write transaction opens, and its text is extracted by a
    background task after it commits: parsing never holds the database's write lock."""
    authorize(actor, organization, can_write_drafts)
    same_org(organization, revision)
    checked = file_check(upload=upload, allowed_types=ALLOWED_TYPES) if upload is not None else None
    return _revision_save(
        actor=actor,
        organization=organization,
        revision=revision,
        version=version,
        text=text,
        change_summary=change_summary,
        checked=checked,
    )


@transaction.atomic
def _revision_save(
    *,
    actor: User | None,
    organization: Organization,
    revision: Revision,
    version: int,
    text: str,
    change_summary: str,
    checked: CheckedUpload | None,
) -> Revision:
    authorize(actor, organization, can_write_drafts)
    current = Revision.objects.select_for_update().get(pk=revision.pk)
    if current.status != RevStatus.DRAFT:
        raise ValidationError(_("Only a draft can be changed; this revision was submitted."))
    if current.version != version:
        raise EditConflict(current)
    before = audit.snapshot(current, ["text", "change_summary", "file"])
    if checked is not None:
        stored = file_store(
            actor=actor,
            organization=organization,
            purpose=REVISION_PURPOSE,
            allowed_types=ALLOWED_TYPES,
            checked=checked,
        )
        current.file = stored
        # Filled by the task once this commits; until then search finds the draft by its text.
        current.extracted_text = ""
        revision_id, file_id = current.pk, str(stored.pk)
        transaction.on_commit(lambda: extract_revision_text.enqueue(revision_id, file_id))
    current.text = text
    current.change_summary = change_summary
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    after = audit.snapshot(current, ["text", "change_summary", "file"])
    changes = audit.diff(before, after)
    if "text" in changes:
        # The text itself can be long; the trail records that it changed and its new length.
        changes["text"] = [len(before["text"] or ""), len(after["text"] or "")]
    audit.record(organization=organization, actor=actor, action="revision.save", obj=current, changes=changes)
    return current


@transaction.atomic
def revision_move(
    *, actor: User | None, organization: Organization, revision: Revision, target: str, note: str = ""
) -> Revision:
    """A stage move by button (submit, pass on, return). Submitting freezes the content with its hash.
    Returning (target "returned", or "draft" for short) keeps the submitted revision exactly as it was —
    content, SHA-256, comments and signatures — and opens a new draft with the same label and a copy of
    its content; that draft is what is returned (the others return the moved revision)."""
    same_org(organization, revision)
    if target == RevStatus.DRAFT:
        target = RevStatus.RETURNED
    if target not in MANUAL_TARGETS:
        raise ValidationError(_("This move has its own step."))
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    changes: dict[str, list[object]] = {}
    if revision.status == RevStatus.DRAFT and target == RevStatus.INTERNAL_REVIEW:
        revision.sha256 = content_hash(revision.text, revision.file.sha256 if revision.file else "")
        # The submitter is an author too (separation of duties); the transition saves the status after.
        revision.submitted_by = actor
        revision.save(update_fields=["sha256", "submitted_by"])
        changes["sha256"] = [None, revision.sha256]
        changes["submitted_by"] = [None, actor.pk if actor is not None else None]
    transition(
        revision,
        target,
        actor=actor,
        organization=organization,
        table=REVISION_TRANSITIONS,
        note=note,
        changes=changes,
    )
    if target == RevStatus.RETURNED:
        draft = _rework_draft(actor, organization, revision, note)
        tell_about_move(actor=actor, organization=organization, revision=revision, note=note, rework=draft)
        return draft
    tell_about_move(actor=actor, organization=organization, revision=revision, note=note)
    return revision


def _rework_draft(actor: User | None, organization: Organization, returned: Revision, note: str) -> Revision:
    draft = Revision.objects.create(
        organization=organization,
        document_id=returned.document_id,
        edition=returned.edition,
        revision=returned.revision,
        text=returned.text,
        file=returned.file,
        extracted_text=returned.extracted_text,
        change_summary=returned.change_summary,
        # The rework belongs to the same author: whoever returned it does not become its author.
        created_by_id=returned.created_by_id,
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="revision.create",
        obj=draft,
        changes={"label": [None, draft.label], "returned_from": [None, returned.pk], "note": [None, note]},
    )
    return draft


@transaction.atomic
def comment_add(
    *,
    actor: User | None,
    organization: Organization,
    revision: Revision,
    text: str,
    department: Department | None = None,
) -> ReviewComment:
    authorize(actor, organization, can_comment_documents)
    same_org(organization, revision, department)
    revision = Revision.objects.get(pk=revision.pk)  # the caller's copy may predate the last move
    stages: dict[str, str] = {
        RevStatus.INTERNAL_REVIEW: Stage.INTERNAL,
        RevStatus.EXTERNAL_CHECK: Stage.EXTERNAL,
    }
    if revision.status not in stages:
        raise ValidationError(_("Comments are given during the internal review or the external check."))
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    if department is None and actor is not None:
        m = actor_membership(actor, organization)
        department = m.person.department if m is not None and m.person is not None else None
    comment = ReviewComment.objects.create(
        organization=organization,
        revision=revision,
        stage=stages[revision.status],
        department=department,
        author=actor,
        text=text.strip(),
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="revision.comment",
        obj=revision,
        changes={"comment": [None, comment.text]},
    )
    return comment


@transaction.atomic
def comment_resolve(
    *, actor: User | None, organization: Organization, comment: ReviewComment, resolution: str
) -> ReviewComment:
    """The author (or a controller) answers a comment; the revision moves on when all are answered."""
    authorize(actor, organization, can_write_drafts)
    same_org(organization, comment)
    if not resolution.strip():
        raise ValidationError({"resolution": _("Say how the comment was handled.")})
    comment.resolution, comment.resolved_at, comment.resolved_by = resolution.strip(), timezone.now(), actor
    comment.save(update_fields=["resolution", "resolved_at", "resolved_by"])
    audit.record(
        organization=organization,
        actor=actor,
        action="revision.comment_resolve",
        obj=comment.revision,
        changes={"comment": [comment.text, None], "resolution": [None, comment.resolution]},
    )
    return comment
