"""Issue 4 main paths: start the programme, see the timeline, mark a manual task done; sign the appointment."""

from __future__ import annotations

from playwright.sync_api import expect

from conftest import PASSWORD
from itsms.core import services as core_services
from itsms.core.models import Role
from itsms.organization import services as design
from itsms.organization.models import Appointment, AppointmentStatus
from itsms.programme.models import Task, TaskStatus

from .conftest import log_in


def test_start_programme_timeline_and_mark_a_task_done(page, org, make_member):
    make_member(org, [Role.ORG_ADMIN], "alice")
    log_in(page, "alice", PASSWORD)
    page.goto(f"/o/{org.slug}/programme/")
    page.fill("#start-form input[name=start_date]", "2026-03-02")
    page.click("#start-form button[type=submit]")
    expect(page.locator("svg#timeline")).to_be_visible()
    expect(page.locator("svg#timeline g.bar")).to_have_count(8 + 31)
    expect(page.locator("[data-marker=today]")).to_have_count(1)
    task = Task.objects.get(organization=org, code="1.3.1")
    page.goto(f"/o/{org.slug}/programme/tasks/{task.pk}/")
    page.fill("#status-form textarea[name=note]", "Aims agreed in the kick-off workshop")
    page.click("#status-form button[value=done]")
    expect(page.locator("#task-status")).to_have_attribute("data-status", "done")
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE


def test_top_manager_signs_the_appointment(page, org, make_member):
    boss = make_member(org, [Role.TOP_MANAGEMENT], "boss")
    boss.person = core_services.person_create(actor=None, organization=org, full_name="刘建国")
    boss.save(update_fields=["person"])
    mr = core_services.person_create(actor=None, organization=org, full_name="王芳")
    appointment = design.appointment_create(
        actor=None,
        organization=org,
        appointee=mr,
        appointed_by=boss.person,
        duties="Run the SMS",
    )
    log_in(page, "boss", PASSWORD)
    page.goto(f"/o/{org.slug}/design/appointments/{appointment.pk}/")
    page.fill("#sign-form input[name=password]", PASSWORD)
    page.click("#sign-form button[type=submit]")
    expect(page.locator("#appointment-status")).to_contain_text("signed")
    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.SIGNED
