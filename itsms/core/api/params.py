"""Bounded numbers and dates for the API's path, query and body parameters (ranges in core/bounds.py).

Declare an id as `Id`, a page size as `Limit`, an offset as `Offset`, a date as `Day` and a date-time as
`Moment`: the bounds then show in the OpenAPI document and a value outside them answers 422 with a field
error. `BoundedInput` is the safety net under every input schema (StrictIn, the list filters): whatever a
field was declared as, an integer must fit a database column and a date must be ISO text in range.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from decimal import Decimal
from typing import Annotated, Any

from django.utils.translation import gettext as _
from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from ..bounds import (
    EARLIEST,
    LATEST,
    MAX_ID,
    MAX_INT,
    MAX_LIMIT,
    MAX_OFFSET,
    MIN_INT,
    in_date_range,
    is_iso_text,
)


def _not_a_number(value: Any) -> Any:
    # pydantic reads 0 or "0" as a Unix timestamp; nobody types a date that way.
    if isinstance(value, dt.date) or is_iso_text(value):
        return value
    raise PydanticCustomError("date_format", _("Enter a date as YYYY-MM-DD."))


def _in_range(value: dt.date) -> dt.date:
    if not in_date_range(value):
        raise PydanticCustomError(
            "date_range",
            _("Enter a date between {earliest} and {latest}."),
            {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )
    return value


def _fits_column(value: int) -> int:
    if not MIN_INT <= value <= MAX_INT:
        raise PydanticCustomError(
            "int_range", _("Enter a number between {low} and {high}."), {"low": MIN_INT, "high": MAX_INT}
        )
    return value


# No decimal column of the project holds 18 digits before the point; 1e400 must not reach one.
_DECIMAL_LIMIT = Decimal(10) ** 18


def _fits_decimal(value: Decimal) -> Decimal:
    if not value.is_finite() or abs(value) >= _DECIMAL_LIMIT:
        raise PydanticCustomError("decimal_range", _("Enter a number smaller than 10^18."))
    return value


_DATE_SCHEMA = {"formatMinimum": EARLIEST.isoformat(), "formatMaximum": LATEST.isoformat()}

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
Day = Annotated[
    dt.date, BeforeValidator(_not_a_number), AfterValidator(_in_range), Field(json_schema_extra=_DATE_SCHEMA)
]
Moment = Annotated[
    dt.datetime,
    BeforeValidator(_not_a_number),
    AfterValidator(_in_range),
    Field(json_schema_extra=_DATE_SCHEMA),
]


def _is_temporal(annotation: Any) -> bool:
    if annotation in (dt.date, dt.datetime):
        return True
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _is_temporal(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_is_temporal(arg) for arg in typing.get_args(annotation))
    return False


class BoundedInput:
    """Mixin for input schemas: the checks above on every field, declared with the bounded types or not."""

    @field_validator("*", mode="before")
    @classmethod
    def _dates_are_text(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")  # type: ignore[attr-defined]
        if value is not None and field is not None and _is_temporal(field.annotation):
            return _not_a_number(value)
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _in_bounds(cls, value: Any) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return _fits_column(value)
        if isinstance(value, Decimal):
            return _fits_decimal(value)
        if isinstance(value, dt.date):
            return _in_range(value)
        return value
