"""Separation of duties (编制–审核–批准 by different people), the organization's stricter rules, and who is
told when a revision moves."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from itsms.core import services as core
from itsms.core.models import AuditEntry, Notification, Role
from itsms.documents import services
from itsms.documents.models import ControlSettings, Meaning, Revision, RevStatus, Signature

from .conftest import independent_reviewer, submit


def _draft(org, author, document, text="# 目的\n\n正文"):  # noqa: ANN001, ANN201
    rev = services.revision_start(actor=author, organization=org, document=document)
    return services.revision_save(
        actor=author, organization=org, revision=rev, version=rev.version, text=text
    )


def _in_review(org, author, document):  # noqa: ANN001, ANN201
    rev = _draft(org, author, document)
    services.revision_move(actor=author, organization=org, revision=rev, target=RevStatus.INTERNAL_REVIEW)
    rev.refresh_from_db()
    return rev


def _actions(org, action):  # noqa: ANN001, ANN201
    return AuditEntry.objects.filter(organization=org, action=action).count()


def test_the_author_cannot_sign_their_own_revision_as_reviewer(org, controller, procedure):
    rev = _in_review(org, controller, procedure)
    with pytest.raises(ValidationError) as exc:
        services.revision_sign(actor=controller, organization=org, revision=rev, meaning=Meaning.REVIEWED)
    assert exc.value.messages == ["You wrote this revision: someone else signs it as reviewer or approver."]
    assert (rev.signatures.count(), _actions(org, "revision.sign")) == (0, 0)


def test_who_submitted_is_an_author_too(org, admin, controller, procedure):
    rev = _draft(org, admin, procedure)
    services.revision_move(actor=controller, organization=org, revision=rev, target=RevStatus.INTERNAL_REVIEW)
    rev.refresh_from_db()
    assert (rev.created_by, rev.submitted_by) == (admin, controller)
    entry = AuditEntry.objects.get(organization=org, action="revision.internal_review")
    assert entry.changes["submitted_by"] == [None, controller.pk]
    with pytest.raises(ValidationError):
        services.revision_sign(actor=controller, organization=org, revision=rev, meaning=Meaning.REVIEWED)
    assert rev.signatures.count() == 0


def test_the_author_cannot_approve_their_own_revision(org, admin, procedure):
    rev = submit(org, _draft(org, admin, procedure), admin)
    assert rev.status == RevStatus.APPROVAL
    with pytest.raises(ValidationError) as exc:
        services.revision_sign(actor=admin, organization=org, revision=rev, meaning=Meaning.APPROVED)
    assert "You wrote this revision" in exc.value.messages[0]
    rev.refresh_from_db()
    assert rev.status == RevStatus.APPROVAL
    assert not rev.signatures.filter(meaning=Meaning.APPROVED).exists()


def test_internal_review_is_not_left_without_an_independent_review(org, controller, procedure):
    rev = _in_review(org, controller, procedure)
    # The author's own comments, even resolved, are no independent review.
    comment = services.comment_add(actor=controller, organization=org, revision=rev, text="自查")
    services.comment_resolve(actor=controller, organization=org, comment=comment, resolution="已改")
    with pytest.raises(ValidationError) as exc:
        services.revision_move(
            actor=controller, organization=org, revision=rev, target=RevStatus.EXTERNAL_CHECK
        )
    assert exc.value.messages == [
        "This stage needs 1 independent review(s) and has 0: a reviewer's signature or a resolved round of "
        "comments by someone other than the author."
    ]
    rev.refresh_from_db()
    assert (rev.status, _actions(org, "revision.external_check")) == (RevStatus.INTERNAL_REVIEW, 0)


def test_a_resolved_round_of_comments_by_someone_else_counts(org, controller, reader, procedure):
    rev = _in_review(org, controller, procedure)
    comment = services.comment_add(actor=reader, organization=org, revision=rev, text="补充升级路径")
    services.comment_resolve(actor=controller, organization=org, comment=comment, resolution="见 4.2")
    services.revision_move(actor=controller, organization=org, revision=rev, target=RevStatus.EXTERNAL_CHECK)
    rev.refresh_from_db()
    assert rev.status == RevStatus.EXTERNAL_CHECK


def test_the_external_check_needs_its_own_review(org, controller, procedure):
    rev = _in_review(org, controller, procedure)
    reviewer = independent_reviewer(org)
    services.revision_sign(actor=reviewer, organization=org, revision=rev, meaning=Meaning.REVIEWED)
    services.revision_move(actor=controller, organization=org, revision=rev, target=RevStatus.EXTERNAL_CHECK)
    with pytest.raises(ValidationError):
        services.revision_move(actor=controller, organization=org, revision=rev, target=RevStatus.APPROVAL)
    # The same reviewer may sign again for this stage, but not twice in one stage.
    services.revision_sign(actor=reviewer, organization=org, revision=rev, meaning=Meaning.REVIEWED)
    with pytest.raises(ValidationError) as exc:
        services.revision_sign(actor=reviewer, organization=org, revision=rev, meaning=Meaning.REVIEWED)
    assert exc.value.messages == ["You have already signed this revision with this meaning."]
    services.revision_move(actor=controller, organization=org, revision=rev, target=RevStatus.APPROVAL)
    rev.refresh_from_db()
    assert rev.status == RevStatus.APPROVAL
    assert list(rev.signatures.values_list("stage", flat=True)) == ["internal", "external"]
    sign = AuditEntry.objects.filter(organization=org, action="revision.sign").order_by("pk").last()
    assert sign.changes["stage"] == [None, "external"]


def test_the_system_moves_under_the_same_guard(org, procedure):
    rev = _in_review(org, None, procedure)
    with pytest.raises(ValidationError):
        services.revision_move(actor=None, organization=org, revision=rev, target=RevStatus.EXTERNAL_CHECK)
    # Nobody wrote a revision the system started, so any reviewer is independent.
    services.revision_sign(
        actor=independent_reviewer(org), organization=org, revision=rev, meaning="reviewed"
    )
    services.revision_move(actor=None, organization=org, revision=rev, target=RevStatus.EXTERNAL_CHECK)
    rev.refresh_from_db()
    assert rev.status == RevStatus.EXTERNAL_CHECK


def test_the_organization_can_require_more_reviews(org, admin, controller, reader, procedure):
    services.control_settings_update(
        actor=controller,
        organization=org,
        internal_reviewers_required=2,
        external_reviewers_required=1,
        approver_independent=False,
    )
    entry = AuditEntry.objects.get(organization=org, action="documentcontrol.settings")
    assert (entry.actor, entry.changes) == (controller, {"internal_reviewers_required": [1, 2]})
    rev = _in_review(org, controller, procedure)
    services.revision_sign(
        actor=independent_reviewer(org), organization=org, revision=rev, meaning="reviewed"
    )
    with pytest.raises(ValidationError) as exc:
        services.revision_move(
            actor=controller, organization=org, revision=rev, target=RevStatus.EXTERNAL_CHECK
        )
    assert "needs 2 independent review(s) and has 1" in exc.value.messages[0]
    services.revision_sign(actor=reader, organization=org, revision=rev, meaning="reviewed")
    services.revision_move(actor=controller, organization=org, revision=rev, target=RevStatus.EXTERNAL_CHECK)
    rev.refresh_from_db()
    assert rev.status == RevStatus.EXTERNAL_CHECK


def test_the_approver_can_be_required_to_differ_from_the_reviewers(
    org, admin, approver, controller, procedure
):
    services.control_settings_update(
        actor=admin,
        organization=org,
        internal_reviewers_required=1,
        external_reviewers_required=1,
        approver_independent=True,
    )
    rev = _in_review(org, controller, procedure)
    services.revision_sign(actor=approver, organization=org, revision=rev, meaning="reviewed")
    rev = submit(org, rev, controller, (RevStatus.EXTERNAL_CHECK, RevStatus.APPROVAL))
    with pytest.raises(ValidationError) as exc:
        services.revision_sign(actor=approver, organization=org, revision=rev, meaning=Meaning.APPROVED)
    assert exc.value.messages == [
        "You reviewed this revision; the organization requires an approver who did not review it."
    ]
    rev.refresh_from_db()
    assert rev.status == RevStatus.APPROVAL
    services.revision_sign(actor=admin, organization=org, revision=rev, meaning=Meaning.APPROVED)
    rev.refresh_from_db()
    assert rev.status == RevStatus.RELEASED


def test_only_officers_change_the_rules_and_bad_values_change_nothing(org, admin, staff, make_member):
    mr = make_member(org, [Role.MANAGEMENT_REP], "mr").user
    for who in (staff, mr):
        with pytest.raises(PermissionDenied):
            services.control_settings_update(
                actor=who,
                organization=org,
                internal_reviewers_required=3,
                external_reviewers_required=1,
                approver_independent=False,
            )
    with pytest.raises(ValidationError) as exc:
        services.control_settings_update(
            actor=admin,
            organization=org,
            internal_reviewers_required=0,
            external_reviewers_required=11,
            approver_independent=True,
        )
    assert set(exc.value.error_dict) == {"internal_reviewers_required", "external_reviewers_required"}
    assert not ControlSettings.objects.filter(organization=org).exists()
    assert _actions(org, "documentcontrol.settings") == 0
    assert services.control_settings_for(org.pk).internal_reviewers_required == 1


def test_the_rework_draft_keeps_its_author(org, admin, controller, procedure):
    rev = _in_review(org, controller, procedure)
    draft = services.revision_move(actor=admin, organization=org, revision=rev, target=RevStatus.RETURNED)
    assert (draft.created_by, draft.status) == (controller, RevStatus.DRAFT)
    services.revision_move(
        actor=controller, organization=org, revision=draft, target=RevStatus.INTERNAL_REVIEW
    )
    with pytest.raises(ValidationError):
        services.revision_sign(actor=controller, organization=org, revision=draft, meaning=Meaning.REVIEWED)


# Who is told


@pytest.fixture
def people(org, ops, make_member):  # noqa: ANN001, ANN201
    """A department manager of the owner department, one of another department, and a Chinese-reading
    document controller (the others read the organization's language, Chinese)."""
    dev = core.department_create(actor=None, organization=org, name="开发部", code="DEV")
    out = {}
    for username, roles, dept in (
        ("opsmgr", [Role.DEPARTMENT_MANAGER], ops),
        ("devmgr", [Role.DEPARTMENT_MANAGER], dev),
        ("dc2", [Role.DOCUMENT_CONTROLLER], None),
    ):
        m = make_member(org, roles, username)
        m.person = core.person_create(actor=None, organization=org, full_name=username, department=dept)
        m.save(update_fields=["person"])
        out[username] = m.user
    out["dc2"].language = "en"
    out["dc2"].save(update_fields=["language"])
    return out


def _notes(org):  # noqa: ANN001, ANN201
    return sorted(
        Notification.objects.filter(organization=org).values_list("recipient__username", "subject", "url")
    )


def test_reviewers_are_told_when_a_revision_is_submitted(
    org, controller, people, procedure, django_capture_on_commit_callbacks
):
    rev = _draft(org, controller, procedure)
    with django_capture_on_commit_callbacks(execute=True):
        services.revision_move(
            actor=controller, organization=org, revision=rev, target=RevStatus.INTERNAL_REVIEW
        )
    url = f"/o/{org.slug}/documents/revisions/{rev.pk}/"
    # The owner department's manager and the other controller; not the author, not the other department.
    assert _notes(org) == [
        ("dc2", "For review: ITSMS-PR-01 事件管理程序 A/0", url),
        ("opsmgr", "待审核：ITSMS-PR-01 事件管理程序 A/0", url),
    ]
    assert sorted((m.to[0], m.subject.split("] ", 1)[1]) for m in mail.outbox) == [
        ("dc2@example.com", "For review: ITSMS-PR-01 事件管理程序 A/0"),
        ("opsmgr@example.com", "待审核：ITSMS-PR-01 事件管理程序 A/0"),
    ]


def test_the_named_approver_is_told_when_a_revision_awaits_approval(
    org, admin, controller, approver, make_member, procedure, django_capture_on_commit_callbacks
):
    make_member(org, [Role.TOP_MANAGEMENT], "gm2")
    person = core.person_create(actor=None, organization=org, full_name="总经理")
    m = approver.memberships.get(organization=org)
    m.person = person
    m.save(update_fields=["person"])
    services.document_update(actor=admin, organization=org, document=procedure, approver=person)
    rev = submit(org, _draft(org, controller, procedure), controller, (RevStatus.INTERNAL_REVIEW,))
    rev = submit(org, rev, controller, (RevStatus.EXTERNAL_CHECK,))
    services.revision_sign(
        actor=independent_reviewer(org), organization=org, revision=rev, meaning="reviewed"
    )
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.revision_move(actor=admin, organization=org, revision=rev, target=RevStatus.APPROVAL)
    assert _notes(org) == [
        (
            "topmgmt",
            "待您批准：ITSMS-PR-01 事件管理程序 A/0",
            f"/o/{org.slug}/documents/revisions/{rev.pk}/",
        )
    ]
    assert [m.to for m in mail.outbox] == [["topmgmt@example.com"]]


def test_top_management_is_told_when_no_approver_is_named(
    org, admin, controller, approver, procedure, django_capture_on_commit_callbacks
):
    rev = submit(org, _draft(org, controller, procedure), controller, (RevStatus.INTERNAL_REVIEW,))
    rev = submit(org, rev, controller, (RevStatus.EXTERNAL_CHECK,))
    services.revision_sign(
        actor=independent_reviewer(org), organization=org, revision=rev, meaning="reviewed"
    )
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.revision_move(actor=admin, organization=org, revision=rev, target=RevStatus.APPROVAL)
    assert [r for r, *_ in _notes(org)] == ["topmgmt"]


def test_the_author_is_told_when_the_revision_is_returned(
    org, admin, controller, procedure, django_capture_on_commit_callbacks
):
    rev = _in_review(org, controller, procedure)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.revision_move(
            actor=admin, organization=org, revision=rev, target=RevStatus.RETURNED, note="范围写清楚"
        )
    note = Notification.objects.get(organization=org)
    assert (note.recipient, note.subject, note.url) == (
        controller,
        "退回修改：ITSMS-PR-01 事件管理程序 A/0",
        f"/o/{org.slug}/documents/revisions/{draft.pk}/edit/",
    )
    assert "说明：范围写清楚" in note.body
    assert [m.to for m in mail.outbox] == [["doccontrol@example.com"]]
    assert "范围写清楚" in mail.outbox[0].body


def test_a_refused_move_tells_nobody(org, controller, people, procedure):
    rev = _in_review(org, controller, procedure)
    Notification.objects.all().delete()
    with pytest.raises(ValidationError):
        services.revision_move(
            actor=controller, organization=org, revision=rev, target=RevStatus.EXTERNAL_CHECK
        )
    assert Notification.objects.count() == 0
    assert Revision.objects.get(pk=rev.pk).status == RevStatus.INTERNAL_REVIEW
    assert Signature.objects.count() == 0
