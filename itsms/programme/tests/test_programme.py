"""Starting the programme, task status from milestones and by hand, reminders, templates, pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from itsms.core import services as core_services
from itsms.core.models import AuditEntry, Reminder, Role
from itsms.organization import services as design
from itsms.organization.models import GroupKind
from itsms.programme import services, template_data
from itsms.programme.models import Phase, Programme, Task, TaskStatus
from itsms.programme.readiness import add_months, plan_warnings
from itsms.programme.selectors import annotate_tasks, roadmap

START = dt.date(2026, 3, 2)


@pytest.fixture
def mr(org, make_member):  # noqa: ANN001, ANN201
    m = make_member(org, [Role.MANAGEMENT_REP], "mr")
    person = core_services.person_create(actor=None, organization=org, full_name="王芳")
    m.person = person
    m.save(update_fields=["person"])
    return m


def test_builtin_template_has_every_step_of_the_method():
    data = template_data.builtin_template()
    codes = [t.code for p in data.phases for t in p.tasks]
    assert [p.code for p in data.phases] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2", "3"]
    assert codes[0] == "1.1.1" and codes[-1] == "3.1"
    assert len(codes) == 31


def test_start_creates_the_roadmap_with_owners_and_reminders(org, admin, mr):
    programme = services.programme_start(actor=admin, organization=org, start_date=START)
    assert Phase.objects.filter(programme=programme).count() == 8
    assert Task.objects.filter(programme=programme).count() == 31
    kickoff = Task.objects.get(programme=programme, code="1.1.1")
    assert (kickoff.planned_start, kickoff.planned_end) == (START, START + dt.timedelta(days=6))
    assert kickoff.owner == mr.person
    assert kickoff.milestones == ["training.kickoff_held"]
    assert AuditEntry.objects.filter(organization=org, action="programme.start").count() == 1


def test_start_twice_is_refused(org, admin):
    services.programme_start(actor=admin, organization=org, start_date=START)
    with pytest.raises(ValidationError):
        services.programme_start(actor=admin, organization=org, start_date=START)
    assert Programme.objects.filter(organization=org).count() == 1


def test_staff_cannot_start(org, staff):
    with pytest.raises(PermissionDenied):
        services.programme_start(actor=staff, organization=org, start_date=START)
    assert not Programme.objects.filter(organization=org).exists()


def test_reminders_before_and_on_the_due_date(org, admin, mr, settings):
    today = dt.date.today()
    services.programme_start(actor=admin, organization=org, start_date=today)
    task = Task.objects.get(organization=org, code="1.3.6")
    due = sorted(r.due_at.date() for r in Reminder.objects.filter(topic=f"programme.task.{task.pk}"))
    assert len(due) == 2
    assert due[1] - due[0] == dt.timedelta(days=3)


def test_manual_task_done_needs_a_note_and_cancels_reminders(org, admin, mr):
    services.programme_start(actor=admin, organization=org, start_date=dt.date.today())
    task = Task.objects.get(organization=org, code="1.3.1")
    with pytest.raises(ValidationError):
        services.task_set_status(actor=mr.user, organization=org, task=task, status=TaskStatus.DONE)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.TODO
    services.task_set_status(
        actor=mr.user, organization=org, task=task, status=TaskStatus.DONE, note="Aims agreed"
    )
    task.refresh_from_db()
    assert (task.status, task.note, task.actual_end is not None) == (TaskStatus.DONE, "Aims agreed", True)
    assert not Reminder.objects.filter(topic=f"programme.task.{task.pk}", sent_at__isnull=True).exists()
    assert AuditEntry.objects.filter(organization=org, action="task.done").count() == 1


def test_done_with_a_file(org, admin, mr, media):
    services.programme_start(actor=admin, organization=org, start_date=START)
    task = Task.objects.get(organization=org, code="1.3.2")
    upload = SimpleUploadedFile("standards.txt", b"ISO/IEC 20000-1", content_type="text/plain")
    services.task_set_status(
        actor=mr.user, organization=org, task=task, status=TaskStatus.DONE, upload=upload
    )
    task.refresh_from_db()
    assert task.evidence_file is not None and task.evidence_file.original_name == "standards.txt"


def test_staff_who_does_not_own_the_task_cannot_mark_it(org, admin, staff):
    services.programme_start(actor=admin, organization=org, start_date=START)
    task = Task.objects.get(organization=org, code="1.3.1")
    with pytest.raises(PermissionDenied):
        services.task_set_status(actor=staff, organization=org, task=task, status=TaskStatus.DONE, note="x")
    assert Task.objects.get(pk=task.pk).status == TaskStatus.TODO


def test_milestone_task_follows_the_records_and_refuses_hand_marking(org, admin, mr):
    services.programme_start(actor=admin, organization=org, start_date=START)
    task = Task.objects.get(organization=org, code="1.2.1")
    with pytest.raises(ValidationError):
        services.task_set_status(actor=admin, organization=org, task=task, status=TaskStatus.DONE, note="x")
    assert annotate_tasks(org, [task])[0].effective_status == TaskStatus.TODO
    design.group_member_add(
        actor=None, organization=org, kind=GroupKind.COMMITTEE, person=mr.person, role_in_group="主任"
    )
    annotated = annotate_tasks(org, [Task.objects.get(pk=task.pk)])[0]
    assert annotated.effective_status == TaskStatus.DONE
    assert services.programme_milestones_sync(organization=org) == 1
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE


def test_template_upload_errors_name_the_line(org, admin):
    bad = b"format: itsms-programme-template\nname: Mine\nphases:\n  - code: '1'\n    title: One\n    tasks:\n      - code: '1.1'\n        title: A\n        owner_role: wizard\n"
    with pytest.raises(ValidationError) as exc:
        services.template_upload(actor=admin, organization=org, upload=SimpleUploadedFile("t.yaml", bad))
    assert exc.value.messages == ["Line 9: owner_role 'wizard' is not one of: " + ", ".join(Role.values)]


def test_uploaded_template_starts_a_programme(org, admin):
    text = b"format: itsms-programme-template\nname: Mine\nphases:\n  - code: '1'\n    title: One\n    tasks:\n      - code: '1.1'\n        title: A\n        duration_days: 3\n"
    template = services.template_upload(
        actor=admin, organization=org, upload=SimpleUploadedFile("t.yaml", text)
    )
    data = template_data.parse(template.source)
    services.programme_start(actor=admin, organization=org, start_date=START, template=data)
    assert list(Task.objects.filter(organization=org).values_list("code", "planned_end")) == [
        ("1.1", START + dt.timedelta(days=2))
    ]


def test_stage2_less_than_three_months_after_operation_warns(org, admin):
    programme = services.programme_start(actor=admin, organization=org, start_date=START)
    services.plan_update(
        actor=admin,
        organization=org,
        programme=programme,
        operating_since=dt.date(2026, 9, 1),
        stage2_target=dt.date(2026, 11, 15),
    )
    programme.refresh_from_db()
    warnings = [str(w) for w in plan_warnings(org, programme)]
    assert (
        "Stage 2 is planned less than 3 months after the system started operating (earliest: 2026-12-01)."
        in warnings
    )
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


def test_timeline_query_count_is_constant(org, admin, mr, client_for, django_assert_max_num_queries):
    services.programme_start(actor=admin, organization=org, start_date=START)
    client = client_for(admin)
    url = reverse("programme:timeline", kwargs={"org": org.slug})
    with django_assert_max_num_queries(40) as small:
        assert client.get(url).status_code == 200
    programme = Programme.objects.get(organization=org)
    phase = Phase.objects.filter(programme=programme).first()
    Task.objects.bulk_create(
        [
            Task(
                organization=org,
                programme=programme,
                phase=phase,
                code=f"X{i}",
                title=f"Extra {i}",
                planned_start=START,
                planned_end=START + dt.timedelta(days=5),
                order=100 + i,
                owner=mr.person,
            )
            for i in range(60)
        ]
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.count(b'class="bar"') == 8 + 31 + 60


def test_overview_shows_progress_and_start_page(org, admin, client_for):
    client = client_for(admin)
    url = reverse("programme:overview", kwargs={"org": org.slug})
    assert b"start-form" in client.get(url).content
    response = client.post(reverse("programme:start", kwargs={"org": org.slug}), {"start_date": "2026-03-02"})
    assert response.status_code == 302
    assert roadmap(org) is not None
    assert b'data-phase="1.1"' in client.get(url).content


def test_mark_done_through_the_page(org, admin, client_for):
    services.programme_start(actor=admin, organization=org, start_date=START)
    task = Task.objects.get(organization=org, code="1.3.1")
    url = reverse("programme:task_status", kwargs={"org": org.slug, "pk": task.pk})
    client_for(admin).post(url, {"status": "done", "note": "done in workshop"})
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE


def test_readiness_lists_clauses_with_design_evidence(org, admin, client_for, iso20000):
    design.record_create(
        actor=None,
        organization=org,
        model=__import__("itsms.organization.models", fromlist=["ContextIssue"]).ContextIssue,
        kind="internal",
        title="Legacy tools",
    )
    response = client_for(admin).get(reverse("programme:readiness", kwargs={"org": org.slug}))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-clause="4.1" data-status="ready" class="table-success"' in body
    assert 'data-clause="4.2" data-status="missing" class=""' in body


def test_programme_sync_command_stores_milestone_status(org, admin, mr):
    from io import StringIO

    from django.core.management import call_command

    services.programme_start(actor=admin, organization=org, start_date=START)
    design.group_member_add(
        actor=None, organization=org, kind=GroupKind.COMMITTEE, person=mr.person, role_in_group="主任"
    )
    out = StringIO()
    call_command("programme_sync", stdout=out)
    assert out.getvalue() == f"{org.slug}: 1 task(s) completed by their records\n"
    assert Task.objects.get(organization=org, code="1.2.1").status == TaskStatus.DONE
