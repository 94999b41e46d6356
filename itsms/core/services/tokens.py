"""API tokens: one user's key to the REST API in one organization (bound to a membership)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import audit
from ..errors import require
from ..models import ApiToken, Organization, Role, User
from ..permissions import can_revoke_api_token, can_use_api
from .base import actor_membership

SECRET_START = "itsms_"
# Recording every request would turn each read into a write; a minute is precise enough to spot unused keys.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret() -> tuple[str, str]:
    prefix = secrets.token_hex(4)
    return prefix, f"{SECRET_START}{prefix}_{secrets.token_urlsafe(32)}"


def _owned_repr(token: ApiToken, owner: User) -> str:
    # The trail names whose key it is; the secret itself never reaches it, only the public prefix.
    return f"{token} · {owner.username}"


@transaction.atomic
def api_token_create(
    *, actor: User, organization: Organization, name: str, read_only: bool = False
) -> tuple[ApiToken, str]:
    """Create a token for the actor's own membership; the secret is returned here once and never stored.

    An external auditor's token is read-only whatever was asked: the role never writes.
    """
    membership = actor_membership(actor, organization)
    require(membership is not None and can_use_api(membership))
    assert membership is not None  # for the type checker: require() refused otherwise
    name = (name or "").strip()
    if not name:
        raise ValidationError(
            {"name": _("Give the token a name, such as the script or system that uses it.")}
        )
    read_only = read_only or membership.has_role(Role.EXTERNAL_AUDITOR)
    prefix, secret = _new_secret()
    token = ApiToken(
        membership=membership, name=name, prefix=prefix, key_hash=hash_secret(secret), read_only=read_only
    )
    token.full_clean()
    token.save()
    audit.record(
        organization=organization,
        actor=actor,
        action="api_token.create",
        obj=token,
        object_repr=_owned_repr(token, actor),
        changes={"name": [None, token.name], "prefix": [None, prefix], "read_only": [None, read_only]},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: User | None, organization: Organization, token: ApiToken) -> ApiToken:
    """Revoke a token at once. Revoking a revoked token changes nothing and records nothing."""
    locked = (
        ApiToken.objects.select_for_update(of=("self",)).select_related("membership__user").get(pk=token.pk)
    )
    require(locked.membership.organization_id == organization.pk)
    if actor is not None:
        membership = actor_membership(actor, organization)
        require(membership is not None and can_revoke_api_token(membership, locked))
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit.record(
        organization=organization,
        actor=actor,
        action="api_token.revoke",
        obj=locked,
        object_repr=_owned_repr(locked, locked.membership.user),
        changes={"revoked_at": [None, locked.revoked_at]},
    )
    return locked


def api_token_mark_used(token: ApiToken, *, now: dt.datetime | None = None) -> None:
    """Note that the token was used, at most once per LAST_USED_PRECISION (bookkeeping, not audited)."""
    now = now or timezone.now()
    cutoff = now - LAST_USED_PRECISION
    if token.last_used_at is not None and token.last_used_at > cutoff:
        return
    # The condition repeats in SQL so that concurrent requests write once, not once each.
    ApiToken.objects.filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=cutoff), pk=token.pk).update(
        last_used_at=now
    )
    token.last_used_at = now
