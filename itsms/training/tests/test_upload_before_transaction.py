"""A training material's and a campaign's file is checked before the write transaction opens.

Parsing a file can take a second; inside the transaction it would hold SQLite's one write lock for every
organization. The check must run at the caller's transaction depth, and a refused file leaves nothing.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from itsms.core import files
from itsms.core.models import AuditEntry, StoredFile
from itsms.training import services
from itsms.training.models import AwarenessCampaign, TrainingMaterial


@pytest.fixture
def depths(monkeypatch):  # noqa: ANN001, ANN201
    seen: list[int] = []
    real = files.file_check

    def recording(**kwargs):  # noqa: ANN003, ANN202
        seen.append(len(connection.atomic_blocks))
        return real(**kwargs)

    monkeypatch.setattr(files, "file_check", recording)
    return seen


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "课件.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )


def test_a_material_is_checked_outside_the_services_transaction(org, manager, make_session, depths):  # noqa: ANN001
    session = make_session()
    caller_depth = len(connection.atomic_blocks)
    material = services.material_add(actor=manager, organization=org, session=session, upload=_pdf())
    assert depths == [caller_depth]
    assert material.file.original_name == "课件.pdf"
    assert StoredFile.objects.filter(pk=material.file_id).count() == 1


def test_a_campaign_document_is_checked_outside_the_transaction(org, manager, depths):  # noqa: ANN001
    caller_depth = len(connection.atomic_blocks)
    campaign = services.campaign_create(
        actor=manager, organization=org, title="信息安全意识", version="1.0", upload=_pdf()
    )
    assert depths == [caller_depth]
    assert campaign.document is not None


def test_a_refused_file_leaves_no_material_file_or_entry(org, manager, make_session):  # noqa: ANN001
    session = make_session()
    before = AuditEntry.objects.filter(organization=org).count()
    html = SimpleUploadedFile("notes.txt", b"<html><script>alert(1)</script></html>", "text/plain")
    with pytest.raises(ValidationError):
        services.material_add(actor=manager, organization=org, session=session, upload=html)
    assert not TrainingMaterial.objects.filter(session=session).exists()
    assert not StoredFile.objects.filter(organization=org).exists()
    assert AuditEntry.objects.filter(organization=org).count() == before
    assert not AwarenessCampaign.objects.filter(organization=org).exists()
