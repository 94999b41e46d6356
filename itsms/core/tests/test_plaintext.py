"""Control characters are refused in every form's text fields and every API input, naming the field;
tab, line feed and carriage return stay allowed for multi-line text. Nothing is saved after a refusal."""

from __future__ import annotations

import pytest
from django import forms
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import translation

from itsms.core import services
from itsms.core.models import AuditEntry, Department, Person
from itsms.core.plaintext import first_control_character, validate_no_control_characters

BASE = "/api/v1/o/acme"
BELL = "U+0007"


@pytest.fixture
def as_admin(org, admin):
    secret = services.api_token_create(actor=admin, organization=org, name="t")[1]
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _trail(org):
    return AuditEntry.objects.filter(organization=org).count()


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\ud800"])
def test_control_characters_are_found(char):
    assert first_control_character(f"a{char}b") == char


def test_tab_newline_carriage_return_and_chinese_are_text():
    assert first_control_character("第一行\r\n\t第二行 — ok ™") is None


def test_every_form_text_field_carries_the_check():
    get_resolver().url_patterns  # noqa: B018  (imports every view module, and with them every form)
    missing = []
    stack = [forms.Form, forms.ModelForm]
    seen = set()
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
        for name, field in getattr(cls, "base_fields", {}).items():
            if isinstance(field, forms.CharField) and validate_no_control_characters not in field.validators:
                missing.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
    assert len(seen) > 50
    assert missing == [], "\n".join(missing)


def test_the_person_page_refuses_a_control_character_and_saves_nothing(org, admin, client_for):
    before = _trail(org)
    with translation.override("en"):
        response = client_for(admin).post(
            reverse("core:person_create", kwargs={"org": org.slug}),
            {"full_name": "Zhang\x07Wei", "email": "", "is_active": "on", "lang": "en"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code in (200, 400)
    errors = response.context["form"].errors
    assert list(errors) == ["full_name"]
    assert BELL in errors["full_name"][0]
    assert not Person.objects.filter(organization=org).exists()
    assert _trail(org) == before


def test_the_message_is_translated():
    with translation.override("en"):
        assert str(_refusal("a\x07")) == "This text contains a control character (U+0007); remove it."
    with translation.override("zh-hans"):
        assert str(_refusal("a\x07")) == "文本中含有控制字符（U+0007），请删除。"


def _refusal(text):
    with pytest.raises(forms.ValidationError) as exc:
        validate_no_control_characters(text)
    return exc.value.messages[0]


def test_a_multi_line_description_keeps_its_line_breaks_and_tabs(org, admin, client_for):
    response = client_for(admin).post(
        reverse("core:department_create", kwargs={"org": org.slug}),
        {"code": "OPS", "name": "运维部", "name_en": "", "parent": "", "description": "一\r\n二\t三"},
    )
    assert response.status_code == 302
    assert Department.objects.get(organization=org, code="OPS").description == "一\r\n二\t三"


def test_the_api_refuses_a_control_character_in_a_department_naming_the_field(org, as_admin):
    before = _trail(org)
    response = as_admin.post(
        BASE + "/departments", {"name": "Ops\x1b[31m", "code": "OPS"}, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert list(body["errors"]) == ["name"]
    assert "U+001B" in body["errors"]["name"][0]
    assert not Department.objects.filter(organization=org).exists()
    assert _trail(org) == before


def test_the_api_refuses_nul_in_a_person(org, as_admin):
    # On PostgreSQL a NUL in text was a database error (500); now it is the client's 422.
    response = as_admin.post(BASE + "/people", {"full_name": "Li\x00Si"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "full_name": ["This text contains a control character (U+0000); remove it."]
    }
    assert not Person.objects.filter(organization=org).exists()


def test_the_api_keeps_line_breaks_in_a_description(org, as_admin):
    response = as_admin.post(
        BASE + "/departments",
        {"name": "运维部", "description": "一\n二\t三"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Department.objects.get(organization=org).description == "一\n二\t三"


def test_the_api_refuses_a_control_character_in_a_list_filter(org, as_admin):
    response = as_admin.get(BASE + "/people", {"q": "a\x00"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["q"]
