"""The Content-Security-Policy holds in a real browser: main pages run with no violation and no console
error, the chart draws from its static file, and confirm prompts work without inline handlers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from conftest import PASSWORD
from itsms.core import services
from itsms.core.models import Department, Role
from itsms.organization import services as design_services
from itsms.organization.models import Objective

from .conftest import log_in

# Runs before any page script: records what the policy blocked, whatever the page does afterwards.
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber);
});
"""


def _watch(page):  # noqa: ANN001, ANN202
    errors: list[str] = []
    page.add_init_script(WATCH)

    def console(msg):  # noqa: ANN001, ANN202
        # Chromium asks for /favicon.ico by itself, and the project has none: not a page's error.
        if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
            errors.append(f"{msg.text} {msg.location.get('url', '')}")

    page.on("console", console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def test_main_pages_have_no_policy_violation_or_console_error(page, org, make_member):  # noqa: ANN001
    admin = make_member(org, [Role.ORG_ADMIN, Role.MANAGEMENT_REP], "administrator")
    admin.person = services.person_create(actor=None, organization=org, full_name="刘建国")
    admin.save(update_fields=["person"])
    objective = design_services.record_create(
        actor=admin.user,
        organization=org,
        model=Objective,
        title="SLA",
        target=Decimal("95"),
        owner=admin.person,
        method="m",
        frequency="monthly",
    )
    design_services.objective_result_add(
        actor=admin.user,
        organization=org,
        objective=objective,
        period_end=dt.date(2026, 1, 31),
        value=Decimal("96.5"),
    )
    errors = _watch(page)
    log_in(page, "administrator", PASSWORD)
    response = page.goto(reverse("core:dashboard", kwargs={"org": org.slug}))
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert (
        "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "camera=()" in response.headers["permissions-policy"]
    urls = [
        reverse("core:department_list", kwargs={"org": org.slug}),
        reverse("core:api_tokens", kwargs={"org": org.slug}),
        reverse("training:session_list", kwargs={"org": org.slug}),
        reverse("organization:objective_detail", kwargs={"org": org.slug, "pk": objective.pk}),
    ]
    seen = {}
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        seen[url] = page.evaluate("window.__violations")
    assert seen == {url: [] for url in urls}
    assert errors == []
    # The chart was drawn by organization/objective_chart.js, with the translated labels.
    labels = page.evaluate(
        "Chart.getChart(document.getElementById('objective-chart')).data.datasets.map(d => d.label)"
    )
    assert labels == ["Result", "Target"]


def test_an_injected_inline_script_is_blocked(page, org, make_member):  # noqa: ANN001
    make_member(org, [Role.ORG_ADMIN], "administrator")
    _watch(page)
    log_in(page, "administrator", PASSWORD)
    page.goto(reverse("core:dashboard", kwargs={"org": org.slug}))
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true';"
        " document.body.appendChild(s); }"
    )
    assert page.evaluate("window.__ran === undefined")
    assert any(v.startswith("script-src") for v in page.evaluate("window.__violations"))


def test_the_delete_confirmation_works_without_an_inline_handler(page, org, make_member):  # noqa: ANN001
    make_member(org, [Role.ORG_ADMIN], "administrator")
    services.department_create(actor=None, organization=org, name="IT")
    log_in(page, "administrator", PASSWORD)
    page.goto(reverse("core:department_list", kwargs={"org": org.slug}))
    asked: list[str] = []

    def dismiss(dialog):  # noqa: ANN001, ANN202
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.click("button[data-confirm]")
    assert asked == ["Delete this department?"]
    assert Department.objects.filter(organization=org, name="IT").exists()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[data-confirm]")
    page.wait_for_load_state()
    page.wait_for_function("!document.querySelector('button[data-confirm]')")
    assert not Department.objects.filter(organization=org, name="IT").exists()


def test_the_interactive_api_docs_work_under_the_policy(page, db):  # noqa: ANN001
    # Swagger UI is served from ninja's static files with its settings in a JSON block: no exemption needed.
    errors = _watch(page)
    page.goto("/api/v1/docs")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__violations") == []
    assert errors == []
    assert page.locator(".opblock").count() > 10
