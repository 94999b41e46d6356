"""Time-based one-time passwords (RFC 6238) for the second login step and for signatures.

A code is accepted for the current 30-second step and one step either side (clock drift). Each step is
usable once: the accepted step is stored on the user with a conditional UPDATE, so a code seen on the
wire, or submitted twice in parallel, is refused the second time without a read-then-write race.
"""

from __future__ import annotations

import hmac
import time

import pyotp
import segno

from itsms.core.models import User

ISSUER = "itsms"
DIGITS = 6
INTERVAL = 30
DRIFT_STEPS = 1


def _now() -> float:
    # One seam for the clock, so tests can pin the time step.
    return time.time()


def current_step() -> int:
    return int(_now() // INTERVAL)


def code_for_step(secret: str, step: int) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL).generate_otp(step)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, user: User) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL).provisioning_uri(
        name=user.email or user.username, issuer_name=ISSUER
    )


def qr_svg(uri: str) -> str:
    """The URI as an inline SVG QR code, so no image URL carries the secret."""
    return segno.make(uri, error="m").svg_inline(scale=4, border=2)


def normalize(code: str) -> str:
    """Authenticator apps show the code as '123 456'; accept it with spaces or a dash."""
    return "".join(ch for ch in (code or "") if ch not in " -")


def matching_step(secret: str, code: str) -> int | None:
    """The time step whose code equals `code` (within the allowed drift), or None."""
    code = normalize(code)
    if not secret or len(code) != DIGITS or not code.isdigit():
        return None
    now_step = current_step()
    for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if hmac.compare_digest(code_for_step(secret, step), code):
            return step
    return None


def consume_code(user: User, code: str) -> bool:
    """Accept a code of the user's enabled secret once; a replay of the same (or an older) step fails."""
    if not user.totp_enabled:
        return False
    step = matching_step(user.totp_secret, code)
    if step is None:
        return False
    claimed = User.objects.filter(pk=user.pk, totp_last_step__lt=step).update(totp_last_step=step)
    if claimed:
        user.totp_last_step = step
    return bool(claimed)
