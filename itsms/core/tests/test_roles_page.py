"""The role-model page shows the role model's table and its object rules, in both languages."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from itsms.core.models import Organization, Role, User
from itsms.core.roles import CAPABILITIES, RULES

ClientFor = Callable[[User], Client]


def _page(client_for: ClientFor, user: User, org: Organization, language: str) -> str:
    client = client_for(user)
    client.cookies["django_language"] = language
    response = client.get(reverse("core:role_model", kwargs={"org": org.slug}))
    assert response.status_code == 200
    return response.content.decode()


def _row(html: str, name: str) -> str:
    return html.split(f'<tr data-capability="{name}">')[1].split("</tr>")[0]


def test_every_capability_has_a_row_whose_cells_are_the_models(org, admin, client_for):
    html = _page(client_for, admin, org, "en")
    for name, cap in CAPABILITIES.items():
        cells = re.findall(r'data-cell="(\w+)"', _row(html, name))
        assert cells == [cap.role_cell(r) for r in Role.values], name
    assert f"{len(CAPABILITIES)} capabilities" in html


@pytest.mark.parametrize(
    ("language", "role", "capability", "rule"),
    [
        ("en", "Management representative", "Sign the diagnosis report", "The lead of the diagnosis team"),
        ("zh-hans", "管理者代表", "签署诊断报告", "诊断组组长"),
    ],
)
def test_the_page_speaks_the_users_language(org, admin, client_for, language, role, capability, rule):
    html = _page(client_for, admin, org, language)
    assert f'data-role="management_rep">{role}</th>' in html
    row = _row(html, "can_sign_diagnosis_report")
    assert capability in row
    assert f'<a href="#rule-diagnosis_lead">{rule}</a>' in row


def test_object_rules_are_explained(org, admin, client_for):
    html = _page(client_for, admin, org, "en")
    for rule in RULES.values():
        assert f'<dt id="rule-{rule.name}">' in html
    assert "Only the top manager a letter of appointment or a policy names as its signer signs it" in html


def test_the_management_representative_reads_it_and_staff_do_not(org, make_member, client_for):
    rep = make_member(org, [Role.MANAGEMENT_REP], "rep").user
    staff = make_member(org, [Role.STAFF], "staff-only").user
    url = reverse("core:role_model", kwargs={"org": org.slug})
    assert client_for(rep).get(url).status_code == 200
    assert client_for(staff).get(url).status_code == 403
