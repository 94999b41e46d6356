"""The pages of separation of duties and writing tasks: refusals said on the page, nothing changed, both
languages, permissions, constant query count."""

from __future__ import annotations

import datetime as dt

from itsms.core import services as core
from itsms.core.models import AuditEntry, Role
from itsms.documents import services
from itsms.documents.models import AssignmentStatus, ControlSettings, RevStatus, WritingAssignment


def _in_review(org, author, document):  # noqa: ANN001, ANN201
    rev = services.revision_start(actor=author, organization=org, document=document)
    services.revision_save(actor=author, organization=org, revision=rev, version=1, text="# 目的")
    services.revision_move(actor=author, organization=org, revision=rev, target=RevStatus.INTERNAL_REVIEW)
    return rev


def test_a_move_without_independent_review_is_refused_on_the_page(org, controller, procedure, client_for):
    rev = _in_review(org, controller, procedure)
    client = client_for(controller)
    page = client.get(f"/o/{org.slug}/documents/revisions/{rev.pk}/").content.decode()
    assert "Independent reviews at this stage: 0 of 1 required." in page
    assert "Written by Doccontrol, who cannot sign it as reviewer or approver." in page
    response = client.post(
        f"/o/{org.slug}/documents/revisions/{rev.pk}/move/", {"target": "external_check"}, follow=True
    )
    assert "This stage needs 1 independent review(s) and has 0" in response.content.decode()
    rev.refresh_from_db()
    assert rev.status == RevStatus.INTERNAL_REVIEW


def test_the_author_signing_is_refused_on_the_sign_page_in_chinese(org, controller, procedure, client_for):
    from conftest import PASSWORD

    rev = _in_review(org, controller, procedure)
    client = client_for(controller)
    client.cookies["django_language"] = "zh-hans"
    response = client.post(
        f"/o/{org.slug}/documents/revisions/{rev.pk}/sign/",
        {"meaning": "reviewed", "password": PASSWORD, "release": "on"},
    )
    assert response.status_code == 400
    assert "您是本修订的编制人，审核和批准须由他人签署。" in response.content.decode()
    assert rev.signatures.count() == 0


def test_the_rules_page_saves_and_is_audited(org, controller, staff, client_for):
    url = f"/o/{org.slug}/documents/control/"
    assert client_for(staff).get(url).status_code == 403
    client = client_for(controller)
    assert "Independent reviews required in the internal review" in client.get(url).content.decode()
    client.cookies["django_language"] = "zh-hans"
    assert "内部评审所需独立审核次数" in client.get(url).content.decode()
    response = client.post(
        url,
        {"internal_reviewers_required": 2, "external_reviewers_required": 1, "approver_independent": "on"},
    )
    assert response.status_code == 302
    row = ControlSettings.objects.get(organization=org)
    assert (row.internal_reviewers_required, row.approver_independent, row.updated_by) == (
        2,
        True,
        controller,
    )
    assert AuditEntry.objects.filter(organization=org, action="documentcontrol.settings").count() == 1
    bad = client.post(url, {"internal_reviewers_required": 0, "external_reviewers_required": 1})
    assert bad.status_code == 400
    row.refresh_from_db()
    assert row.internal_reviewers_required == 2


def test_assigning_and_closing_writing_tasks_through_the_pages(org, controller, make_member, client_for):
    m = make_member(org, [Role.STAFF], "wang")
    m.person = core.person_create(actor=None, organization=org, full_name="王工")
    m.save(update_fields=["person"])
    other = make_member(org, [Role.STAFF], "zhao").user
    task = services.writing_assignment_create(actor=None, organization=org, title="容量管理程序", kind="new")
    base = f"/o/{org.slug}/documents/assignments/"
    response = client_for(controller).post(
        f"{base}{task.pk}/assign/", {"assignee": m.person.pk, "due_date": "2026-12-20"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.assignee_id, task.due_date) == (m.person.pk, dt.date(2026, 12, 20))
    assert client_for(other).post(f"{base}{task.pk}/close/", {"status": "done"}).status_code == 403
    assert WritingAssignment.objects.get(pk=task.pk).status == AssignmentStatus.OPEN
    writer = client_for(m.user)
    assert "Done" in writer.get(base).content.decode()
    assert writer.post(f"{base}{task.pk}/close/", {"status": "done"}).status_code == 302
    again = writer.post(f"{base}{task.pk}/close/", {"status": "done"}, follow=True)
    assert "This writing task is already closed (done)." in again.content.decode()
    assert AuditEntry.objects.filter(organization=org, action="writingassignment.done").count() == 1


def test_the_writing_tasks_list_keeps_its_query_count(
    org, controller, client_for, django_assert_max_num_queries
):
    client = client_for(controller)
    url = f"/o/{org.slug}/documents/assignments/"

    def add(n: int) -> None:
        for i in range(n):
            person = core.person_create(actor=None, organization=org, full_name=f"写手{i}")
            services.writing_assignment_create(
                actor=None, organization=org, title=f"程序{i}", kind="new", assignee=person
            )

    add(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    small = len(ctx.captured_queries)
    add(10)
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200
