"""The API's half of core.plaintext: a string field holding a control character answers 422 naming it."""

from __future__ import annotations

from typing import Any

from pydantic import field_validator
from pydantic_core import PydanticCustomError

from ..plaintext import control_character_message, first_control_character


def _check(value: Any) -> None:
    if isinstance(value, str):
        char = first_control_character(value)
        if char is not None:
            raise PydanticCustomError("control_character", control_character_message(char))
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _check(item)


class PlainTextInput:
    """Mixin for input schemas: every string field, and strings inside list fields, free of control characters."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        _check(value)
        return value
