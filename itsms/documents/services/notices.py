"""Who is told when a revision moves: the reviewers when it is submitted, the approver when it awaits
approval, its authors when it is returned. In-app notification and e-mail (itsms.core.notify, after commit),
each recipient in their own language."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from itsms.core.models import Membership, Organization, Role, User
from itsms.core.notify import notify

from ..models import Document, Revision, RevStatus, TargetKind
from ..models.release import DistributionTarget
from .control import revision_authors

# Who is asked to review a submitted revision: those who run document control, and the managers of the
# departments concerned (the owner department and the departments on the distribution list).
REVIEW_COORDINATORS = (Role.DOCUMENT_CONTROLLER, Role.MANAGEMENT_REP)


def _active(organization: Organization) -> Q:
    return Q(organization=organization, is_active=True, user__is_active=True)


def reviewers_of(revision: Revision) -> list[User]:
    document = revision.document
    departments = set(
        DistributionTarget.objects.filter(
            document=document, kind=TargetKind.DEPARTMENT, is_active=True, department__isnull=False
        ).values_list("department_id", flat=True)
    )
    if document.owner_department_id is not None:
        departments.add(document.owner_department_id)
    who = Q(roles__role__in=REVIEW_COORDINATORS) | Q(
        roles__role=Role.DEPARTMENT_MANAGER, person__department_id__in=departments
    )
    return _users(Membership.objects.filter(_active(revision.organization), who))


def approvers_of(revision: Revision) -> list[User]:
    """The document's named approver; when none is named, top management."""
    document: Document = revision.document
    if document.approver_id is not None:
        named = Membership.objects.filter(_active(revision.organization), person_id=document.approver_id)
        found = _users(named)
        if found:
            return found
    return _users(Membership.objects.filter(_active(revision.organization), roles__role=Role.TOP_MANAGEMENT))


def _users(memberships: QuerySet[Membership]) -> list[User]:
    return [m.user for m in memberships.select_related("user").distinct().order_by("pk")]


def _send(
    organization: Organization,
    users: Iterable[User],
    subject: Callable[[], str],
    body: Callable[[], str],
    url: str,
) -> None:
    """One notification per recipient, worded in the recipient's language (else the organization's)."""
    by_language: dict[str, list[User]] = defaultdict(list)
    for user in {u.pk: u for u in users}.values():
        by_language[user.language or organization.language].append(user)
    for language, recipients in sorted(by_language.items()):
        with translation.override(language):
            notify(organization=organization, recipients=recipients, subject=subject(), body=body(), url=url)


def tell_about_move(
    *,
    actor: User | None,
    organization: Organization,
    revision: Revision,
    note: str = "",
    rework: Revision | None = None,
) -> None:
    """Called in the move's transaction; the e-mails leave after it commits."""
    document = revision.document
    names = {"document": f"{document.number} {document.title}", "label": revision.label}
    skip = revision_authors(revision) | ({actor.pk} if actor is not None else set())
    page = reverse("documents:revision", kwargs={"org": organization.slug, "pk": revision.pk})

    def with_note(text: str) -> str:
        return f"{text}\n\n{_('Note: %(note)s') % {'note': note}}" if note else text

    if revision.status == RevStatus.INTERNAL_REVIEW:
        recipients = [u for u in reviewers_of(revision) if u.pk not in skip]
        _send(
            organization,
            recipients,
            lambda: _("For review: %(document)s %(label)s") % names,
            lambda: with_note(
                _(
                    "%(document)s %(label)s was submitted for internal review. Give your comments or sign it "
                    "as reviewed."
                )
                % names
            ),
            page,
        )
    elif revision.status == RevStatus.APPROVAL:
        recipients = [u for u in approvers_of(revision) if u.pk not in skip]
        _send(
            organization,
            recipients,
            lambda: _("Awaiting your approval: %(document)s %(label)s") % names,
            lambda: with_note(_("%(document)s %(label)s passed its reviews and awaits approval.") % names),
            page,
        )
    elif revision.status == RevStatus.RETURNED:
        authors = revision_authors(revision) - ({actor.pk} if actor is not None else set())
        target = rework or revision
        _send(
            organization,
            User.objects.filter(pk__in=authors),
            lambda: _("Returned for rework: %(document)s %(label)s") % names,
            lambda: with_note(
                _("%(document)s %(label)s was returned for rework; a new draft holds a copy of its content.")
                % names
            ),
            reverse("documents:revision_edit", kwargs={"org": organization.slug, "pk": target.pk}),
        )
