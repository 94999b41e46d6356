"""Layout at a common laptop width: the navigation on one line, the RACI grid's letters readable."""

from __future__ import annotations

from conftest import PASSWORD
from itsms.catalogue.models import Requirement
from itsms.core import services
from itsms.core.models import Department, Role
from itsms.organization.services import raci_set

from .conftest import log_in

WIDTH, HEIGHT = 1366, 768
# A real client's name is long; the navigation must still fit.
LONG_NAME = "Chongqing Yunlan Information Technology Co., Ltd."

# How wide the widest letter of a cell is, and how much room the cell (or its select) leaves for it.
MEASURE = """els => els.map(el => {
  const cs = getComputedStyle(el);
  const probe = document.createElement('span');
  probe.style.font = cs.font; probe.style.position = 'absolute'; probe.style.whiteSpace = 'pre';
  probe.textContent = 'W';
  document.body.appendChild(probe);
  const need = probe.getBoundingClientRect().width;
  probe.remove();
  const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  return {need, room, scroll: el.scrollWidth, client: el.clientWidth};
})"""


def _wide_page(page):  # noqa: ANN001, ANN202
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    return page


def test_english_navigation_fits_on_one_line_at_1366(page, make_org, make_member):  # noqa: ANN001
    org = make_org("yunlan", name_en=LONG_NAME, name_zh="重庆云澜信息技术有限公司")
    make_member(org, [Role.ORG_ADMIN, Role.MANAGEMENT_REP, Role.DOCUMENT_CONTROLLER], "administrator")
    _wide_page(page)
    log_in(page, "administrator", PASSWORD)
    page.goto(f"/o/{org.slug}/")
    items = page.locator("#mainnav > ul > li.nav-item")
    assert items.count() >= 8
    tops = [round(items.nth(i).bounding_box()["y"]) for i in range(items.count())]
    assert max(tops) - min(tops) <= 2, tops
    bar = page.locator("nav.navbar").bounding_box()
    assert bar["height"] < 70, bar
    # Nothing of the bar is pushed past the right edge of the window.
    last = items.nth(items.count() - 1).bounding_box()
    assert last["x"] + last["width"] <= WIDTH
    # The cut organization name is still there in full for the pointer and screen readers.
    assert page.locator(".nav-org-name").get_attribute("title") == LONG_NAME


def _raci_org(make_org, make_member, roles):  # noqa: ANN001, ANN202
    org = make_org("raci", name_en="RACI Ltd", name_zh="责任矩阵公司")
    admin = make_member(org, [Role.ORG_ADMIN], "raciadmin").user
    for n, name in enumerate(
        ["总经办", "研发部", "财务部", "服务台", "采购部", "人力资源部", "运维服务部"] * 2
    ):
        services.department_create(actor=admin, organization=org, name=f"{name}{n}", code=f"D{n}")
    make_member(org, roles, "racireader")
    # Letters in every department's cell of the first requirements shown (clause 4).
    first = Requirement.objects.filter(clause__ref_id__startswith="4.").order_by("clause__order", "order")[:2]
    cells = {
        (d.pk, r.pk): letter
        for r in first
        for d, letter in zip(Department.objects.filter(organization=org), "RACI" * 4, strict=False)
    }
    raci_set(actor=admin, organization=org, cells=cells)
    return org


def test_raci_letters_fit_their_selects(page, make_org, make_member, iso20000):  # noqa: ANN001
    org = _raci_org(make_org, make_member, [Role.MANAGEMENT_REP, Role.ORG_ADMIN])
    _wide_page(page)
    log_in(page, "racireader", PASSWORD)
    page.goto(f"/o/{org.slug}/design/raci/")
    cells = page.eval_on_selector_all("#raci tbody select", MEASURE)
    assert len(cells) >= 14
    clipped = [c for c in cells if c["room"] < c["need"]]
    assert clipped == []


def test_raci_read_only_letter_cells_are_not_clipped(page, make_org, make_member, iso20000):  # noqa: ANN001
    org = _raci_org(make_org, make_member, [Role.STAFF])
    _wide_page(page)
    log_in(page, "racireader", PASSWORD)
    page.goto(f"/o/{org.slug}/design/raci/")
    cells = page.eval_on_selector_all("#raci tbody td:not(:first-child)", MEASURE)
    assert len(cells) >= 14
    assert [c for c in cells if c["scroll"] > c["client"]] == []
