"""The file purposes of document control."""

from __future__ import annotations

from itsms.core.files import DOCX, MARKDOWN, PDF, XLSX, register_purpose

from ..permissions import can_view_document_files

REVISION_PURPOSE = "documents.revision"
ALLOWED_TYPES = (DOCX, XLSX, PDF, MARKDOWN)

register_purpose(REVISION_PURPOSE, can_download=lambda m, f: can_view_document_files(m))
