"""Downloading a stored file: found inside the organization, allowed by its purpose, never rendered inline."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from .. import files
from ..access import OrgRequest, org_view
from ..permissions import can_view_organization


@require_safe
@org_view(can_view_organization)
def file_download(request: OrgRequest, file_id: uuid.UUID) -> FileResponse:
    stored = files.file_get(request.organization, file_id)
    if not files.can_download(request.membership, stored):
        raise PermissionDenied
    try:
        handle = files.file_open(stored)
    except FileNotFoundError:
        # A row whose bytes are gone (restored database, lost bucket): nothing to serve.
        raise Http404 from None
    response = FileResponse(handle, content_type=stored.content_type)
    response["Content-Disposition"] = files.content_disposition(stored.original_name)
    response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
