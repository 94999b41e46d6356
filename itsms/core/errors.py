from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["PermissionDenied", "ValidationError", "require"]


def require(allowed: bool) -> None:
    """Raise PermissionDenied unless a permission function said yes (services call this first)."""
    if not allowed:
        raise PermissionDenied
