"""The audit trail pages.

Entries are addressed by `seq`, which restarts at 1 in every organization, so another organization's
first entry has the same URL arguments as ours. The detail view looks an entry up by (organization, seq);
`foreign_kwargs` therefore names a seq past the end of every chain, which must answer 404 in the member's
organization (the view tests check that a seq existing only in another organization answers 404 too).
"""

from django.db.models import Max

from itsms.core.models import AuditChainHead, AuditEntry, Organization

from .spec import RouteSpec


def _first_seq(org: Organization) -> dict[str, int]:
    return {
        "seq": AuditEntry.objects.filter(organization=org).order_by("seq").values_list("seq", flat=True)[0]
    }


def _seq_beyond_every_chain(org: Organization) -> dict[str, int]:
    highest = AuditChainHead.objects.aggregate(highest=Max("last_seq"))["highest"] or 0
    return {"seq": highest + 1000}


ROUTES: dict[str, RouteSpec] = {
    "core:audit_list": RouteSpec(capability="can_view_audit_trail"),
    "core:audit_detail": RouteSpec(
        capability="can_view_audit_trail", kwargs=_first_seq, foreign_kwargs=_seq_beyond_every_chain
    ),
    # The signed export (JSON download) and the on-demand checkpoint, which only admins may ask for.
    "core:audit_export": RouteSpec(capability="can_view_audit_trail"),
    # An empty body is a valid request: it signs the current head (or says it is signed already).
    "core:audit_checkpoint": RouteSpec(
        capability="can_manage_organization", post_only=True, post_data=lambda org: {}
    ),
    # Public by nature: the key that verifies checkpoints, for auditors without an account.
    "core:audit_public_key": RouteSpec(public="anonymous"),
}
