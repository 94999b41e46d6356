"""Per-organization numbers from a pattern (`NC-{year}-{seq:04}`, `INC-{seq}`, `ITSMS-PR-{seq:02}`).

The counter row is locked while a number is handed out, so concurrent writers never get the same one,
and every number is also written to IssuedNumber, so a withdrawn number is never issued again — not
even when somebody types it by hand (`number_reserve`).
"""

from __future__ import annotations

import string

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import IssuedNumber, NumberSequence, Organization

_FIELDS = {"seq", "year", "month"}


def _check_pattern(pattern: str) -> None:
    names = {name for _, name, _, _ in string.Formatter().parse(pattern) if name}
    if "seq" not in names or not names <= _FIELDS:
        raise ValueError(f"a numbering pattern needs {{seq}} and may use only {sorted(_FIELDS)}: {pattern!r}")


def next_number(organization: Organization, key: str, pattern: str) -> str:
    """The next free number for `key`; counters restart each year when the pattern shows the year."""
    _check_pattern(pattern)
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the service's transaction")
    now = timezone.now()
    counter_key = f"{key}:{now.year}" if "{year" in pattern else key
    NumberSequence.objects.get_or_create(organization=organization, key=counter_key)
    sequence = NumberSequence.objects.select_for_update().get(organization=organization, key=counter_key)
    while True:
        sequence.last_value += 1
        value = pattern.format(seq=sequence.last_value, year=now.year, month=f"{now.month:02}")
        # A number typed by hand earlier may already hold this value: skip it, never reuse it.
        if not IssuedNumber.objects.filter(organization=organization, value=value).exists():
            break
    sequence.save(update_fields=["last_value"])
    IssuedNumber.objects.create(organization=organization, value=value)
    return value


def number_reserve(organization: Organization, value: str) -> str:
    """Record a number chosen by a person; refused when it was ever issued before."""
    value = value.strip()
    if not value:
        raise ValidationError(_("A number is required."))
    try:
        with transaction.atomic():
            IssuedNumber.objects.create(organization=organization, value=value)
    except IntegrityError:
        raise ValidationError(
            _("The number %(value)s has been used before and cannot be used again.") % {"value": value}
        ) from None
    return value
