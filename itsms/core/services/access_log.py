"""The access log: what a watched member (the external auditor) opened, page by page and call by call.

An auditor's reads are themselves a record the organization may need ("who saw what during the audit"),
but they change nothing: one INSERT per read, outside the audit chain (no lock, no MAC), never updated.
"""

from __future__ import annotations

from django.utils import timezone

from ..models import AccessLogEntry, Membership, Role

WATCHED_ROLES = (Role.EXTERNAL_AUDITOR,)
PATH_LENGTH = 500


def access_is_watched(membership: Membership) -> bool:
    return membership.has_role(*WATCHED_ROLES)


def access_log_record(*, membership: Membership, path: str, via_api: bool = False) -> AccessLogEntry | None:
    """Record one read by a watched member; others are not logged (None)."""
    if not access_is_watched(membership):
        return None
    return AccessLogEntry.objects.create(
        organization_id=membership.organization_id,
        membership=membership,
        path=path[:PATH_LENGTH],
        via_api=via_api,
        at=timezone.now(),
    )
