"""A nonconformity's corrective action as people click it: the auditee corrects, analyses, plans and implements;
an internal auditor finds it not effective (it reopens), then effective, and closes it."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from conftest import PASSWORD
from itsms.audits import services
from itsms.audits.models import Nonconformity, NonconformitySource, NonconformityStatus
from itsms.core import services as core
from itsms.core.models import Role
from itsms.core.timezones import org_today

from .conftest import log_in, nav


def _implement(page, evidence: str) -> None:  # noqa: ANN001
    form = page.locator("#step-implement")
    form.locator("textarea[name=evidence]").fill(evidence)
    form.locator("button[type=submit]").click()


def test_the_corrective_action_path_with_a_failed_verification(browser, live_server, page, org, make_member):  # noqa: ANN001
    manager = make_member(org, [Role.DEPARTMENT_MANAGER], "zhao")
    manager.person = core.person_create(actor=None, organization=org, full_name="赵运维")
    manager.save(update_fields=["person"])
    make_member(org, [Role.INTERNAL_AUDITOR], "qian")
    nc = services.nonconformity_raise(
        actor=None,
        organization=org,
        source=NonconformitySource.INTERNAL_AUDIT,
        statement="变更未经评审即实施",
    )

    log_in(page, "zhao", PASSWORD)
    nav(page, "nonconformities")
    page.locator("main table").get_by_role("link", name=nc.number).click()
    expect(page.locator("#nc-status")).to_be_visible()

    page.locator("#step-correction textarea[name=correction]").fill("补做变更评审")
    page.locator("#step-correction button[type=submit]").click()
    expect(page.locator("#nc-correction")).to_have_text("补做变更评审")

    cause = page.locator("#step-cause")
    cause.locator("[name=why_1]").fill("为什么未评审？")
    cause.locator("[name=because_1]").fill("紧急变更没有流程")
    cause.locator("select[name=cause_category]").select_option("process")
    cause.locator("textarea[name=root_cause]").fill("变更管理程序未覆盖紧急变更")
    cause.locator("button[type=submit]").click()
    expect(page.locator("#nc-why-chain li")).to_have_count(1)

    plan = page.locator("#step-plan")
    plan.locator("textarea[name=action_plan]").fill("修订变更管理程序，增加紧急变更流程")
    plan.locator("select[name=action_owner]").select_option(label="赵运维")
    due = org_today(org) + dt.timedelta(days=14)
    plan.locator("input[name=action_due]").fill(due.isoformat())
    plan.locator("button[type=submit]").click()
    expect(page.locator("#nc-plan")).to_contain_text(due.isoformat())

    _implement(page, "程序B版已发布")
    expect(page.locator("#step-implement")).to_have_count(0)
    assert Nonconformity.objects.get(pk=nc.pk).status == NonconformityStatus.IMPLEMENTED

    # The auditor, in a browser of their own, finds the action not effective: it goes back to be planned.
    auditor_context = browser.new_context(locale="en-US", base_url=live_server.url)
    auditor = auditor_context.new_page()
    auditor.set_default_timeout(10_000)
    log_in(auditor, "qian", PASSWORD)
    auditor.goto(f"/o/{org.slug}/nonconformities/{nc.pk}/")
    verify = auditor.locator("#step-verify")
    verify.locator("input[name=effective][value='0']").check()
    verify.locator("textarea[name=note]").fill("抽查3个紧急变更，仍有1个未评审")
    verify.locator("button[type=submit]").click()
    expect(auditor.locator("#step-verify")).to_have_count(0)
    assert Nonconformity.objects.get(pk=nc.pk).status == NonconformityStatus.ACTION_PLANNED

    page.reload()
    _implement(page, "补充培训并复查全部紧急变更")
    expect(page.locator("#step-implement")).to_have_count(0)

    auditor.reload()
    verify = auditor.locator("#step-verify")
    verify.locator("input[name=effective][value='1']").check()
    verify.locator("textarea[name=note]").fill("复查10个变更，均已评审")
    verify.locator("button[type=submit]").click()
    auditor.locator("#step-close button[type=submit]").click()
    expect(auditor.locator("#step-close")).to_have_count(0)
    closed = Nonconformity.objects.get(pk=nc.pk)
    assert closed.status == NonconformityStatus.CLOSED
    assert closed.verification == "复查10个变更，均已评审"
    auditor_context.close()
