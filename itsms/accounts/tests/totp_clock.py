"""The pinned TOTP clock the accounts tests share."""

from __future__ import annotations

from itsms.accounts import totp

# A fixed instant in the middle of a 30-second step, so codes never straddle a step boundary.
FIXED_STEP = 58_000_000
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def code(offset: int = 0, secret: str = SECRET) -> str:
    """The code of the step `offset` away from the pinned clock."""
    return totp.code_for_step(secret, FIXED_STEP + offset)
