"""The text of an uploaded revision file, filled in by a background task once the upload committed.

Parsing a file is slow and, for a hostile file, expensive: it never runs inside a write transaction
(SQLite has one writer for every organization). The task reads the file first, then writes the text in
one short transaction: every revision carrying the file (a returned revision's rework draft copies it),
and the search text of a document whose current revision is one of them.
"""

from __future__ import annotations

import uuid

from django.db import transaction

from itsms.core import audit

from ..extraction import extract_text
from ..models import Document, Revision
from .register import search_text_for


def revision_text_extract(*, revision_id: int, file_id: str) -> int:
    """Fill `extracted_text` from the file; returns how many revisions changed. A revision whose file was
    replaced meanwhile is left to the task of its newer file."""
    file_uuid = uuid.UUID(file_id)
    revision = (
        Revision.objects.select_related("file", "organization")
        .filter(pk=revision_id, file_id=file_uuid)
        .first()
    )
    if revision is None or revision.file is None:
        return 0
    text = extract_text(revision.file)
    with transaction.atomic():
        carrying = list(
            Revision.objects.select_for_update()
            .filter(organization_id=revision.organization_id, file_id=file_uuid)
            .only("pk", "text", "extracted_text", "document_id")
        )
        changed = [r for r in carrying if r.extracted_text != text]
        if not changed:
            return 0
        before = {r.pk: len(r.extracted_text) for r in changed}
        Revision.objects.filter(pk__in=[r.pk for r in changed]).update(extracted_text=text)
        by_pk = {r.pk: r for r in changed}
        documents = Document.objects.select_for_update().filter(current_revision_id__in=list(by_pk))
        refreshed = []
        for document in documents:
            current = by_pk[document.current_revision_id]  # type: ignore[index]
            document.search_text = search_text_for(document, "\n".join((current.text, text)))
            document.save(update_fields=["search_text"])
            refreshed.append(document.pk)
        for r in changed:
            changes: dict[str, object] = {"file": str(file_id), "extracted_text": [before[r.pk], len(text)]}
            if r.document_id in refreshed:
                changes["search_text"] = [False, True]
            audit.record(
                organization=revision.organization,
                actor=None,
                action="revision.text_extracted",
                obj=r,
                changes=changes,
            )
    return len(changed)
