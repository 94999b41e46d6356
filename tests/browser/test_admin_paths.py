"""Main paths of the organization admin: members, people, settings, API tokens, two-factor login."""

from __future__ import annotations

import re
import time

import pyotp
from playwright.sync_api import expect

from conftest import PASSWORD
from itsms.core import services
from itsms.core.models import ApiToken, Membership, Person, Role, User

from .conftest import log_in, nav


def test_admin_adds_a_person_and_gives_them_a_login(page, org, make_member):
    make_member(org, [Role.ORG_ADMIN], "frank")
    log_in(page, "frank", PASSWORD)
    nav(page, "people")
    page.click("text=New person")
    page.fill("input[name=full_name]", "孙小美")
    page.fill("input[name=email]", "sun@example.com")
    page.click("main form button[type=submit]")
    expect(page.locator("main table")).to_contain_text("孙小美")
    page.fill("#id_q", "小美")
    expect(page.locator("#people-rows")).to_contain_text("孙小美")
    nav(page, "members")
    page.click("text=Add member")
    page.fill("input[name=email]", "sun@example.com")
    page.fill("input[name=username]", "sunxm")
    page.fill("input[name=password]", "a long enough password")
    page.select_option("select[name=person]", label="孙小美")
    page.check("input[value=document_controller]")
    page.click("main form button[type=submit]")
    expect(page.locator("#members")).to_contain_text("sunxm")
    m = Membership.objects.get(organization=org, user__username="sunxm")
    assert m.role_set == {Role.DOCUMENT_CONTROLLER}
    assert m.person == Person.objects.get(full_name="孙小美")


def test_admin_changes_organization_settings(page, org, make_member):
    make_member(org, [Role.ORG_ADMIN], "gina")
    log_in(page, "gina", PASSWORD)
    nav(page, "settings")
    page.fill("input[name=name_en]", "Acme Chongqing Ltd")
    page.click("#org-settings-form button[type=submit]")
    expect(page.locator(".alert-success")).to_be_visible()
    org.refresh_from_db()
    assert org.name_en == "Acme Chongqing Ltd"


def test_member_creates_an_api_token_and_uses_it(page, org, make_member, client):
    make_member(org, [Role.STAFF], "hank")
    log_in(page, "hank", PASSWORD)
    page.click("#user-menu")
    page.click("[data-nav=api_tokens]")
    page.fill("input[name=name]", "monitoring")
    page.click("main form button[type=submit]")
    secret = page.input_value("#new-token-secret")
    assert ApiToken.objects.get(name="monitoring").membership.user.username == "hank"
    response = client.get(f"/api/v1/o/{org.slug}/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200


def test_two_factor_setup_then_login_asks_for_the_code(page, org, make_member):
    make_member(org, [Role.STAFF], "iris")
    log_in(page, "iris", PASSWORD)
    page.goto("/accounts/2fa/setup/")
    secret = page.inner_text("#totp-secret").strip()
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    assert User.objects.get(username="iris").totp_enabled
    page.click("#user-menu")
    page.click("#logout")
    log_in(page, "iris", PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/login/code/"))
    # The code used for the setup cannot be replayed; the next step's code is accepted.
    page.fill("input[name=code]", pyotp.TOTP(secret).at(int(time.time()) + 30))
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/o/acme/$"))


def test_consultant_sees_only_organizations_they_belong_to(page, org, other_org, make_member, make_org):
    third = make_org("third")
    consultant = make_member(org, [Role.WORKING_GROUP], "jack").user
    services.membership_add(actor=None, organization=third, user=consultant, roles=[Role.STAFF])
    log_in(page, "jack", PASSWORD)
    page.click("#org-switcher")
    expect(page.locator("[data-org]")).to_have_count(2)
    response = page.goto(f"/o/{other_org.slug}/")
    assert response is not None and response.status == 404
