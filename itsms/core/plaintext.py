"""Text typed by people is text: control characters are refused wherever text comes in.

A control character in a name is invisible on the page but breaks what reads it later: XML (XLSX and
DOCX exports) cannot hold C0 controls, PostgreSQL refuses NUL in text, a terminal or a log viewer obeys
ESC sequences. Tab, line feed and carriage return are what multi-line text is made of, so they stay.
Lone surrogates (possible in JSON's \\uD800 escapes) cannot be encoded for the database either.

Forms get the check through the `default_validators` of `django.forms.CharField` and of its subclasses
that set their own, such as EmailField and URLField (`install_form_check`, called in CoreConfig.ready);
the API through `PlainTextInput` under every input schema (core.api.schemas.StrictIn, FiltersIn).
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# C0 controls but tab, LF and CR; DEL; the C1 controls; UTF-16 surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def first_control_character(text: str) -> str | None:
    found = _CONTROL.search(text)
    return found.group() if found else None


def control_character_message(char: str) -> str:
    return _("This text contains a control character (U+%(code)s); remove it.") % {"code": f"{ord(char):04X}"}


def validate_no_control_characters(value: object) -> None:
    """A Django validator: refuse text holding a control character, naming it."""
    if isinstance(value, str):
        char = first_control_character(value)
        if char is not None:
            raise ValidationError(control_character_message(char), code="control_character")


def install_form_check() -> None:
    """Add the validator to every form text field class; a field is built with its class's defaults.

    Form classes are defined when their modules are imported, after the apps are ready, so every field
    gets it. A field class that sets its own `default_validators` later would not: a test walks every
    form's fields.
    """
    classes: list[type[forms.Field]] = [forms.CharField]
    stack: list[type[forms.Field]] = [forms.CharField]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if "default_validators" in vars(sub):
                classes.append(sub)
    for cls in classes:
        if validate_no_control_characters not in cls.default_validators:
            cls.default_validators = [*cls.default_validators, validate_no_control_characters]
