"""The rendered PDF of a revision, with the document-control header, signatures and stamps."""

from __future__ import annotations

from itsms.core.exports import render_pdf

from .models import Revision, RevStatus
from .text import render_markdown


def revision_pdf(revision: Revision, *, language: str, copy_number: int | None = None) -> bytes:
    """A copy number on a released revision makes a controlled copy (受控); without one the print is
    uncontrolled. Withdrawn and superseded revisions carry the obsolete stamp (作废) and stay available."""
    obsolete = revision.status in (RevStatus.WITHDRAWN, RevStatus.SUPERSEDED)
    controlled = copy_number is not None and revision.status == RevStatus.RELEASED
    document = revision.document
    return render_pdf(
        "documents/exports/revision.html",
        {
            "revision": revision,
            "document": document,
            "html": render_markdown(revision.text),
            "signatures": list(revision.signatures.all()),
            "copy_number": copy_number if controlled else None,
            "controlled": controlled,
            "obsolete": obsolete,
            "draft": revision.status not in (RevStatus.RELEASED, RevStatus.WITHDRAWN, RevStatus.SUPERSEDED),
        },
        organization=revision.organization,
        language=language,
        title=f"{document.number} {document.title}",
    )
