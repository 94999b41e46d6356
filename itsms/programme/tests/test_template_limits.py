"""An uploaded programme template with aliases, or too many values, is refused with its line; nothing is kept."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from itsms.programme import services, template_data
from itsms.programme.models import ProgrammeTemplate

HEAD = "format: itsms-programme-template\nname: Bomb\n"


def _bomb(levels: int) -> bytes:
    lines = [HEAD.rstrip("\n"), "a: &a [x, x, x, x, x, x, x, x, x]"]
    prev = "a"
    for name in "bcdefghijk"[:levels]:
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
        prev = name
    return ("\n".join(lines) + "\n").encode()


def test_an_alias_bomb_template_is_refused_at_once_and_not_kept(org, admin):
    started = time.perf_counter()
    with pytest.raises(ValidationError) as exc:
        services.template_upload(actor=admin, organization=org, upload=SimpleUploadedFile("t.yaml", _bomb(8)))
    assert time.perf_counter() - started < 1  # before: 105 s and 4.3 GB of memory for these 376 bytes
    assert exc.value.messages == ["Line 3: anchors (&a) are not supported: write the value out"]
    assert not ProgrammeTemplate.objects.filter(organization=org).exists()


def test_a_template_with_too_many_values_is_refused(org, admin, monkeypatch):
    monkeypatch.setattr(template_data, "MAX_TEMPLATE_VALUES", 10)
    text = HEAD + "phases:\n" + "".join(f"  - code: '{i}'\n" for i in range(10))
    with pytest.raises(ValidationError) as exc:
        services.template_upload(
            actor=admin, organization=org, upload=SimpleUploadedFile("t.yaml", text.encode())
        )
    assert exc.value.messages == ["Line 5: the file holds more than 10 values"]
    assert not ProgrammeTemplate.objects.filter(organization=org).exists()
