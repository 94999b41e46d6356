"""The link (and QR code) shown in the training room: signed, naming the session, expiring after hours.

The link only identifies the session; the attendee still signs in with their own login, so a
photographed code does not let anybody sign somebody else in.
"""

from __future__ import annotations

import segno
from django.core import signing
from django.urls import reverse

from .models import TrainingSession

SALT = "itsms.training.sign-in-link"
VALID_HOURS = 12


def sign_in_token(session: TrainingSession) -> str:
    return signing.TimestampSigner(salt=SALT).sign(f"{session.organization_id}.{session.pk}")


def session_id_from_token(token: str, organization_id: int) -> int | None:
    """The session the token names, or None when it is forged, expired or of another organization."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=VALID_HOURS * 3600)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    org_part, _, session_part = value.partition(".")
    if org_part != str(organization_id) or not session_part.isdigit():
        return None
    return int(session_part)


def sign_in_path(session: TrainingSession) -> str:
    return reverse(
        "training:sign_in_link",
        kwargs={"org": session.organization.slug, "token": sign_in_token(session)},
    )


def qr_svg(url: str) -> str:
    """An inline SVG (no XML declaration) of the URL, scaled for a projector."""
    return segno.make(url, error="m").svg_inline(scale=8, border=2)
