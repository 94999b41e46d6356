"""`{{ when|zoned }}`: a time in the active (organization's) zone with its UTC offset. A builtin."""

from __future__ import annotations

import datetime as dt

from django import template

from itsms.core.timezones import zoned as _zoned

register = template.Library()


@register.filter
def zoned(value: dt.datetime | None, seconds: bool = False) -> str:
    return _zoned(value, "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
