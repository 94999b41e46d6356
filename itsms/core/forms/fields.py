"""Form fields the areas share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms.fields import BaseTemporalField
from django.utils.dateparse import parse_datetime

from ..timezones import make_local_aware


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the active (organization's) zone.

    Unlike Django's field, a time the clocks skip or pass twice at a daylight-saving change gets a message
    that says which (Django's only says it "may be ambiguous or may not exist")."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return make_local_aware(value)
        if isinstance(value, dt.date):
            return make_local_aware(dt.datetime(value.year, value.month, value.day))
        try:
            result = parse_datetime(str(value).strip())
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if result is None:
            result = BaseTemporalField.to_python(self, value)
        return make_local_aware(result) if result is not None else None
