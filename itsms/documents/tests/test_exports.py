import io

from pypdf import PdfReader

from itsms.documents import services
from itsms.documents.models import TargetKind

from .conftest import release


def pdf_text(response) -> str:  # noqa: ANN001
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_controlled_copy_carries_number_revision_copy_and_signature(org, admin, procedure, client_for):
    services.distribution_add(
        actor=admin, organization=org, document=procedure, kind=TargetKind.LOCATION, location="机房"
    )
    rev = release(org, procedure, admin)
    url = f"/o/{org.slug}/documents/revisions/{rev.pk}/pdf/?lang=en&copy=1"
    text = pdf_text(client_for(admin).get(url))
    assert "ITSMS-PR-01" in text
    assert "A/0" in text
    assert rev.effective_date.isoformat() in text
    assert "受控" in text and "controlled copy" in text
    assert "Copy number" in text
    assert "Admin" in text and "approved" in text
    assert "OBSOLETE" not in text and "uncontrolled" not in text


def test_a_print_without_copy_number_is_uncontrolled(org, admin, procedure, client_for):
    rev = release(org, procedure, admin)
    text = pdf_text(client_for(admin).get(f"/o/{org.slug}/documents/revisions/{rev.pk}/pdf/?lang=en"))
    assert "uncontrolled when printed" in text
    assert "受控" not in text


def test_a_withdrawn_revision_is_rendered_with_the_obsolete_stamp(org, admin, procedure, client_for):
    rev = release(org, procedure, admin)
    services.document_withdraw(actor=admin, organization=org, document=procedure, reason="merged into PR-02")
    text = pdf_text(client_for(admin).get(f"/o/{org.slug}/documents/revisions/{rev.pk}/pdf/?lang=en&copy=1"))
    assert "作废" in text and "OBSOLETE" in text
    assert "merged into PR-02" in text
    # A withdrawn revision is never a controlled copy any more, even when a copy number is asked for.
    assert "受控" not in text
