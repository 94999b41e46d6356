"""Training: plan a session, the attendee signs in from their own login, the competence matrix shows it."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from itsms.core import services
from itsms.core.models import Role
from itsms.core.timezones import org_zone_active
from itsms.training import services as training
from itsms.training.models import TrainingKind

from .conftest import log_in, nav


def test_plan_a_session_sign_in_and_see_the_matrix(page, org, make_member, browser, live_server):
    make_member(org, [Role.WORKING_GROUP], "organizer")
    position = services.position_create(actor=None, organization=org, name="Engineer")
    person = services.person_create(actor=None, organization=org, full_name="Wu Qiang", position=position)
    attendee = services.user_create(username="wuqiang", email="wu@example.com", password=PASSWORD)
    services.membership_add(actor=None, organization=org, user=attendee, roles=[Role.STAFF], person=person)
    training.requirement_create(actor=None, organization=org, position=position, kind=TrainingKind.KICKOFF)

    log_in(page, "organizer", PASSWORD)
    nav(page, "training")
    page.click("#new-session")
    page.select_option("#id_kind", TrainingKind.KICKOFF)
    page.fill("#id_title", "ISO 20000 kick-off")
    # Starting now: inside the self sign-in window, and it can be marked held once signed in.
    with org_zone_active(org):
        now = timezone.localtime(timezone.now() - dt.timedelta(minutes=5))
    page.fill("#id_starts_at", now.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_place", "Room 1")
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/training/sessions/\d+/invite/$"))
    page.select_option("#id_people", label="Wu Qiang")
    page.click("main form button[type=submit]")
    expect(page.locator("#attendance")).to_contain_text("Wu Qiang")
    session_url = page.url

    context = browser.new_context(locale="en-US", base_url=live_server.url)
    other = context.new_page()
    log_in(other, "wuqiang", PASSWORD)
    other.goto(session_url)
    other.click("#sign-in")
    expect(other.locator("#signed-in")).to_be_visible()
    context.close()

    page.reload()
    page.click("button[data-to=held]")
    expect(page.locator("#session-status")).to_have_text("Held")
    expect(page.locator("#absent-heading")).to_have_text("Absent: 0 people invited and not present")
    nav(page, "competence")
    expect(page.locator("#competence-matrix")).to_contain_text("Wu Qiang")
    expect(page.locator("#competence-matrix td[data-state=done]")).to_have_count(1)

    page.click("#matrix-xlsx")
    expect(page.locator("#export-status")).to_have_attribute("data-status", "done")
    with page.expect_download() as info:
        page.click("#export-download")
    assert info.value.suggested_filename == "competence-matrix.xlsx"
