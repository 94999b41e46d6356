"""Writes a user makes to their own login: profile, password, two-factor authentication.

These are not tied to one organization, but turning two-factor authentication on or off changes how
far every organization can trust this login, so those two are recorded in the audit trail of each
organization where the user has an active membership, all in one transaction.
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from itsms.core import audit
from itsms.core.models import Membership, Organization, Role, User
from itsms.core.services.account import user_set_language

from . import totp


def organizations_requiring_2fa(user: User) -> list[Organization]:
    """Organizations where this user is an active admin and two-factor authentication is required."""
    return [
        m.organization
        for m in Membership.objects.filter(
            user=user, is_active=True, roles__role=Role.ORG_ADMIN, organization__require_2fa_for_admins=True
        )
        .select_related("organization")
        .order_by("organization__slug")
        .distinct()
    ]


def _record_everywhere(user: User, action: str, changes: dict[str, list[bool]]) -> None:
    # Chain heads are locked in organization id order so two such writes can never deadlock.
    organizations = Organization.objects.filter(memberships__user=user, memberships__is_active=True).order_by(
        "pk"
    )
    for organization in organizations.distinct():
        audit.record(
            organization=organization,
            actor=user,
            action=action,
            obj=user,
            object_repr=user.username,
            changes=changes,
        )


@transaction.atomic
def user_totp_enable(*, actor: User, secret: str, code: str) -> User:
    """Turn on two-factor authentication once the user proved their app holds `secret`."""
    user = User.objects.select_for_update().get(pk=actor.pk)
    if user.totp_enabled:
        raise ValidationError(_("Two-factor authentication is already enabled."))
    step = totp.matching_step(secret, code)
    if step is None:
        raise ValidationError(
            {"code": _("The code is not valid. Check the time on your phone and try again.")}
        )
    user.totp_secret = secret
    user.totp_enabled = True
    # The confirming code is spent, so it cannot be replayed at the next login.
    user.totp_last_step = step
    user.save(update_fields=["totp_secret", "totp_enabled", "totp_last_step"])
    _record_everywhere(user, "user.totp_enable", {"totp_enabled": [False, True]})
    actor.totp_secret, actor.totp_enabled, actor.totp_last_step = secret, True, step
    return actor


@transaction.atomic
def user_totp_disable(*, actor: User) -> User:
    """Turn off two-factor authentication; the caller has checked the password and a current code."""
    user = User.objects.select_for_update().get(pk=actor.pk)
    if not user.totp_enabled:
        raise ValidationError(_("Two-factor authentication is not enabled."))
    requiring = organizations_requiring_2fa(user)
    if requiring:
        raise ValidationError(
            _("Two-factor authentication is required for admins of %(orgs)s, so it cannot be turned off.")
            % {"orgs": ", ".join(o.display_name for o in requiring)}
        )
    user.totp_secret = ""
    user.totp_enabled = False
    user.save(update_fields=["totp_secret", "totp_enabled"])
    _record_everywhere(user, "user.totp_disable", {"totp_enabled": [True, False]})
    actor.totp_secret, actor.totp_enabled = "", False
    return actor


@transaction.atomic
def user_update_profile(*, actor: User, display_name: str, language: str) -> User:
    display_name = display_name.strip()
    if len(display_name) > User._meta.get_field("display_name").max_length:  # type: ignore[operator]
        raise ValidationError({"display_name": _("The display name is too long.")})
    User.objects.filter(pk=actor.pk).update(display_name=display_name)
    actor.display_name = display_name
    return user_set_language(actor=actor, language=language)


@transaction.atomic
def user_change_password(*, actor: User, new_password: str) -> User:
    """Set a new password; the caller has checked the current one. Validators enforce 12+ characters."""
    try:
        validate_password(new_password, actor)
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.messages}) from None
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    return actor
