"""Date-times in the API: answers carry the organization's offset, a time sent without one is local.

`OrgTimeRenderer` (config/api.py) writes every aware date-time of a response in the active zone, which the
token authentication set to the organization's: `2026-03-05T09:30:00+08:00`, not `…01:30:00Z`. Input
schemas (`StrictIn`) read a date-time without an offset as the organization's wall time, with the same
refusal as the forms for a time the clocks skip or repeat; an explicit offset is kept as sent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from ..timezones import make_local_aware


class OrgTimeEncoder(NinjaJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime) and timezone.is_aware(o):
            local = timezone.localtime(o)
            # Django's encoder would write UTC as "Z"; every zone, UTC too, gets the same "+hh:mm" form.
            return local.isoformat(timespec="milliseconds" if local.microsecond else "seconds")
        return super().default(o)


class OrgTimeRenderer(JSONRenderer):
    encoder_class = OrgTimeEncoder


def local_input(value: Any) -> Any:
    """A naive date-time read in the active zone (pydantic field validator body)."""
    if isinstance(value, dt.datetime) and timezone.is_naive(value):
        try:
            return make_local_aware(value)
        except ValidationError as exc:
            # pydantic reports a ValueError as a 422 with this message.
            raise ValueError(" ".join(str(m) for m in exc.messages)) from None
    return value
