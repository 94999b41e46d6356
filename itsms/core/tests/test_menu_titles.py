"""Every menu entry leads to a page whose title says the same thing, in both languages."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from itsms.core import navigation as nav
from itsms.core.models import Membership, Organization, Role, User

ClientFor = Callable[[User], Client]

# Every role of the people who run the system (a customer sees the portal, not this menu).
EVERY_INTERNAL_ROLE = [
    Role.ORG_ADMIN,
    Role.TOP_MANAGEMENT,
    Role.MANAGEMENT_REP,
    Role.WORKING_GROUP,
    Role.DOCUMENT_CONTROLLER,
    Role.INTERNAL_AUDITOR,
    Role.DEPARTMENT_MANAGER,
    Role.STAFF,
]
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.fixture
def everyone(org: Organization, make_member) -> Membership:  # noqa: ANN001
    return make_member(org, EVERY_INTERNAL_ROLE, "everyone")


def test_the_role_sees_every_entry(everyone: Membership) -> None:
    shown = {item.key for item in nav.items_for(everyone)}
    assert shown == set(nav._items)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_each_menu_entry_opens_a_page_titled_like_the_entry(
    org: Organization, everyone: Membership, client_for: ClientFor, language: str
) -> None:
    client = client_for(everyone.user)
    client.cookies["django_language"] = language
    mismatches = []
    for item in nav.items_for(everyone):
        response = client.get(reverse(item.url_name, kwargs={"org": org.slug}), follow=True)
        assert response.status_code == 200, item.key
        titles = H1.findall(response.content.decode())
        with translation.override(language):
            label = str(item.label)
        title = _text(titles[0]) if titles else None
        if title != label:
            mismatches.append((item.key, label, title))
    assert mismatches == []
