"""The diagnosis main path as a person clicks it: create, assess in the grid (raising a nonconformity), report."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from conftest import PASSWORD
from itsms.audits.models import Nonconformity
from itsms.core.models import Role
from itsms.diagnosis.tests.conftest import load_mini

from .conftest import log_in, nav


def test_create_assess_raise_and_download_the_report(page, org, make_member):
    load_mini()
    make_member(org, [Role.MANAGEMENT_REP], "wang")
    log_in(page, "wang", PASSWORD)
    nav(page, "diagnosis")
    page.click("#new-diagnosis")
    page.fill("input[name=title]", "首次诊断")
    page.get_by_label("MINI — A small test standard").check()
    page.click("main form button[type=submit]")
    expect(page.locator("#project-title")).to_have_text("首次诊断")

    page.click("#tab-assessments")
    row = page.locator("tr[data-ref='4.1/1']")
    row.locator(".edit-row").click()
    form = page.locator("form.assessment-form")
    form.locator("select[name=result]").select_option("does_not_conform")
    form.locator("textarea[name=gap]").fill("没有记录内外部问题")
    # The grade is in the same form: saving "does not conform" raises the nonconformity.
    form.locator("select[name=nonconformity_grade]").select_option("major")
    form.locator("button[type=submit]").click()
    # The row came back in place (htmx), showing the result and the nonconformity it raised.
    expect(page.locator("tr[data-ref='4.1/1'] .result")).to_have_attribute("data-result", "does_not_conform")
    number = Nonconformity.objects.get().number
    expect(page.locator("tr[data-ref='4.1/1'] .nc")).to_have_text(number)

    page.click("#tab-report")
    expect(page.locator("body")).to_contain_text(number)
    # The report is made by a background job: the button leads to the job's page, which offers the file.
    page.click("#report-pdf")
    expect(page.locator("#export-status")).to_have_attribute("data-status", "done")
    with page.expect_download() as info:
        page.click("#export-download")
    assert re.fullmatch(r"diagnosis-report-\d+-zh-hans\.pdf", info.value.suggested_filename)

    # The nonconformity is in the organization's register, reached from the menu.
    nav(page, "nonconformities")
    expect(page.locator("main table")).to_contain_text(number)
    expect(page.locator("main table")).to_contain_text("没有记录内外部问题")
