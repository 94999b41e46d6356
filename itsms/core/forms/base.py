from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from .. import bounds


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: field messages on their fields, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


def _bound(field: forms.Field) -> None:
    """The ranges of core/bounds.py on a form's dates and whole numbers, as the API has them.

    A date field takes years 1 to 9999 and a whole number any size; neither fits what a person means or a
    database column (an integer past 2^63 made SQLite raise OverflowError).
    """
    if isinstance(field, forms.DateField | forms.DateTimeField):
        field.validators.append(_date_in_range)
    elif isinstance(field, forms.IntegerField) and not isinstance(
        field, forms.DecimalField | forms.FloatField
    ):
        field.validators += [MinValueValidator(bounds.MIN_INT), MaxValueValidator(bounds.MAX_INT)]


def _date_in_range(value: object) -> None:
    if isinstance(value, dt.date) and not bounds.in_date_range(value):
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_range",
            params={"earliest": bounds.EARLIEST.isoformat(), "latest": bounds.LATEST.isoformat()},
        )


class BootstrapMixin:
    """Give widgets Bootstrap classes so templates can render fields plainly; bound dates and numbers."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            _bound(field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
