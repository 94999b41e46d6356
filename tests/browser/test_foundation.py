"""The foundation's main paths as a person clicks them."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from conftest import PASSWORD
from itsms.core import services
from itsms.core.models import AuditEntry, Role

from .conftest import log_in, nav


def test_log_in_and_land_on_the_organization(page, org, make_member):
    make_member(org, [Role.ORG_ADMIN], "alice")
    log_in(page, "alice", PASSWORD)
    expect(page).to_have_url(re.compile(r"/o/acme/$"))
    expect(page.locator("h1")).to_have_text("Overview")
    expect(page.locator("#dashboard-org")).to_have_text("Acme Chongqing")


def test_wrong_password_shows_an_error_and_stays_logged_out(page, org, make_member):
    make_member(org, [Role.STAFF], "bob")
    log_in(page, "bob", "not the password at all")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator(".alert-danger, .errorlist, .invalid-feedback").first).to_be_visible()


def test_switch_language_to_chinese(page, org, make_member):
    make_member(org, [Role.ORG_ADMIN], "carol")
    log_in(page, "carol", PASSWORD)
    page.click("#language-form button[name=language]")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("[data-nav-group=administration]")).to_have_text("组织管理")
    expect(page.locator("h1")).to_have_text("概览")
    expect(page.locator("#dashboard-org")).to_have_text("重庆示例科技有限公司")
    # The choice is remembered for the user, on the next page too.
    nav(page, "people")
    expect(page.locator("h1")).to_have_text("人员")


def test_switch_organization(page, org, other_org, make_member):
    consultant = make_member(org, [Role.WORKING_GROUP], "dora").user
    services.membership_add(actor=None, organization=other_org, user=consultant, roles=[Role.ORG_ADMIN])
    log_in(page, "dora", PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    page.click("main >> text=Acme Chongqing")
    expect(page).to_have_url(re.compile(r"/o/acme/$"))
    page.click("#org-switcher")
    page.click("[data-org=other]")
    expect(page).to_have_url(re.compile(r"/o/other/$"))
    expect(page.locator("#dashboard-org")).to_have_text("Other Ltd")


def test_change_appears_in_the_audit_trail(page, org, make_member):
    make_member(org, [Role.ORG_ADMIN], "erin")
    log_in(page, "erin", PASSWORD)
    nav(page, "departments")
    page.click("text=New department")
    page.fill("input[name=code]", "SD")
    page.fill("input[name=name]", "服务台")
    page.fill("input[name=name_en]", "Service Desk")
    page.click("main form button[type=submit]")
    expect(page.locator("#department-tree")).to_contain_text("服务台")
    nav(page, "audit")
    # The trail says what happened in words; the stored action code stays on the cell.
    expect(page.locator("td.audit-action[data-action='department.create']")).to_have_text("Created")
    entry = AuditEntry.objects.get(organization=org, action="department.create")
    page.click(f"a[href$='/audit/{entry.seq}/']")
    expect(page.locator("body")).to_contain_text("服务台")
    expect(page.locator("body")).to_contain_text("Erin")


def test_notifications_are_listed_and_marked_read(page, org, make_member):
    from django.db import transaction

    from itsms.core.notify import notify

    user = make_member(org, [Role.STAFF], "fay").user
    with transaction.atomic():
        notify(organization=org, recipients=[user], subject="Please acknowledge ITSMS-M-01")
    log_in(page, "fay", PASSWORD)
    expect(page.locator("#unread-count")).to_have_text("1")
    page.click("#notifications-link")
    expect(page.locator("main")).to_contain_text("Please acknowledge ITSMS-M-01")
    page.click("main form button[type=submit]")
    expect(page.locator("#unread-count")).to_have_count(0)
