"""Document control: register a procedure, write the draft, take it through review and a signed approval,
release it, and the recipient acknowledges the copy from their own login."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from conftest import PASSWORD
from itsms.core import services
from itsms.core.models import Role
from itsms.documents import services as documents
from itsms.documents.models import Receipt, Revision

from .conftest import log_in, nav


def test_write_review_sign_release_and_acknowledge(page, org, admin, browser, live_server):
    dept = services.department_create(actor=None, organization=org, name="Operations", code="OPS")
    person = services.person_create(actor=None, organization=org, full_name="Wu Qiang", department=dept)
    reader = services.user_create(username="wuqiang", email="wu@example.com", password=PASSWORD)
    services.membership_add(actor=None, organization=org, user=reader, roles=[Role.STAFF], person=person)

    log_in(page, "admin", PASSWORD)
    nav(page, "documents")
    page.click("text=New document")
    page.select_option("#id_doc_type", "procedure")
    page.fill("#id_title", "Incident management procedure")
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/documents/\d+/$"))
    expect(page.locator("h1")).to_contain_text("ITSMS-PR-01 Incident management procedure")

    page.select_option("#id_kind", "person")
    page.select_option("#id_person", label="Wu Qiang")
    page.click("button:has-text('Add copy')")
    expect(page.locator("main")).to_contain_text("Copy added to the distribution list.")

    page.click("button:has-text('Write the first draft')")
    expect(page).to_have_url(re.compile(r"/revisions/\d+/edit/$"))
    page.fill("#id_text", "# Purpose\n\nRestore service quickly.\n\n- log\n- classify")
    page.fill("#id_change_summary", "First issue")
    page.click("button:has-text('Save draft')")
    expect(page.locator("main")).to_contain_text("Draft saved.")
    page.click("text=To the revision")
    expect(page.locator("main h2").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("Restore service quickly.")
    page_url = page.url

    # Separation of duties: someone other than the author reviews each stage and approves.
    reviewer = services.user_create(username="reviewer", email="rv@example.com", password=PASSWORD)
    services.membership_add(actor=None, organization=org, user=reviewer, roles=[Role.WORKING_GROUP])
    approver = services.user_create(
        username="gm", email="gm@example.com", password=PASSWORD, display_name="General Manager"
    )
    services.membership_add(actor=None, organization=org, user=approver, roles=[Role.TOP_MANAGEMENT])
    for stage in ("internal review", "external check", "awaiting approval"):
        if stage != "internal review":
            revision = Revision.objects.get(status__in=["internal_review", "external_check"])
            documents.revision_sign(actor=reviewer, organization=org, revision=revision, meaning="reviewed")
        page.click(f"button:has-text('Move to: {stage}')")
        expect(page.locator("main")).to_contain_text("Revision moved on.")
    log_in(page, "gm", PASSWORD)
    page.goto(page_url)

    page.click("main a[href$='/sign/']")
    page.select_option("#id_meaning", "approved")
    page.fill("#id_password", "wrong password")
    page.click("main form button[type=submit]")
    expect(page.locator("main")).to_contain_text("nothing was signed")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page.locator("main")).to_contain_text("Signed.")
    expect(page.locator("#revision-status")).to_have_text("released")
    expect(page.locator("main")).to_contain_text("General Manager")
    revision_url = page.url

    context = browser.new_context(locale="en-US", base_url=live_server.url)
    other = context.new_page()
    log_in(other, "wuqiang", PASSWORD)
    nav(other, "documents_mine")
    expect(other.locator("main table")).to_contain_text("ITSMS-PR-01 Incident management procedure")
    other.click("button:has-text('I have read it')")
    expect(other.locator("main")).to_contain_text("Receipt acknowledged.")
    expect(other.locator("main table")).to_contain_text("Nothing waits for you.")
    context.close()

    assert Receipt.objects.get(recipient=reader).acknowledged_at is not None
    page.goto(revision_url)
    expect(page.locator("main")).not_to_contain_text("Not distributed.")
