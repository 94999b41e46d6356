"""The catalogue browser as a person clicks it: menu, a standard's tree, search, a clause."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from conftest import PASSWORD
from itsms.core.models import Role

from .conftest import log_in, nav


def test_browse_search_and_open_a_clause(page, org, make_member, iso20000):
    make_member(org, [Role.STAFF], "dora")
    log_in(page, "dora", PASSWORD)
    nav(page, "catalogue")
    page.click("text=ISO/IEC 20000-1:2018")
    expect(page.locator("#clause-tree tr")).to_have_count(77)

    page.fill("#clause-search", "major incident")
    expect(page.locator("#clause-tree tr")).to_have_count(3)
    expect(page).to_have_url(re.compile(r"q=major"))

    page.click("#clause-tree a:text-is('8.6.1')")
    expect(page.locator("h1")).to_have_text("8.6.1 Incident management")
    expect(page.locator("#documented-info")).to_contain_text("Documented procedure for major incidents")
    expect(page.locator("#requirements li")).to_have_count(2)
