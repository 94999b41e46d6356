"""Document control as the controller clicks it: a copy's own controlled PDF from the distribution list, then the
withdrawal with its reason and password, the recall list, and the recalled copy recorded as returned."""

from __future__ import annotations

import io

from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import PASSWORD
from itsms.core import services
from itsms.core.models import Role
from itsms.documents import services as documents
from itsms.documents.models import CopyRecall, DocStatus, DocType, Document, RecallOutcome, TargetKind
from itsms.documents.tests.conftest import release

from .conftest import log_in


def _pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_controlled_copy_then_withdrawal_with_recall_list(page, org):
    controller = services.user_create(
        username="dc", email="dc@example.com", password=PASSWORD, display_name="Chen Jing"
    )
    services.membership_add(
        actor=None, organization=org, user=controller, roles=[Role.DOCUMENT_CONTROLLER, Role.ORG_ADMIN]
    )
    holder = services.person_create(actor=None, organization=org, full_name="Zhou Min")
    doc = documents.document_create(
        actor=controller, organization=org, title="Incident management", doc_type=DocType.PROCEDURE
    )
    copy = documents.distribution_add(
        actor=controller, organization=org, document=doc, kind=TargetKind.PERSON, person=holder
    )
    release(org, doc, controller)

    log_in(page, "dc", PASSWORD)
    page.goto(f"/o/{org.slug}/documents/{doc.pk}/")
    link = page.locator("#distribution a:has-text('Controlled PDF')")
    expect(link).to_have_count(1)
    response = page.request.get(link.get_attribute("href") + "?lang=en")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = _pdf_text(response.body())
    assert "受控" in text and "Zhou Min" in text and str(copy.copy_number) in text
    assert "uncontrolled" not in text

    page.click("text=Withdraw (作废)")
    expect(page.locator("#withdraw-effects")).to_contain_text("Zhou Min")
    page.fill("#id_reason", "Merged into the service desk procedure")
    page.fill("#id_password", "not the password")
    page.click("main form button[type=submit]")
    expect(page.locator("main")).to_contain_text("nothing was withdrawn")
    assert Document.objects.get(pk=doc.pk).status == DocStatus.RELEASED

    page.fill("#id_reason", "Merged into the service desk procedure")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page.locator("main")).to_contain_text("Document withdrawn; its copies are on the recall list.")
    recalls = page.locator("#recalls")
    expect(recalls).to_contain_text("Zhou Min")
    expect(recalls).to_contain_text("Merged into the service desk procedure")
    expect(page.locator("#distribution a:has-text('Controlled PDF')")).to_have_count(0)

    recalls.locator("select[name=outcome]").select_option(RecallOutcome.RETURNED)
    recalls.locator("button:has-text('Record')").click()
    expect(page.locator("#recalls")).to_contain_text("returned")
    recall = CopyRecall.objects.get(target=copy)
    assert (recall.outcome, recall.outcome_by) == (RecallOutcome.RETURNED, controller)
