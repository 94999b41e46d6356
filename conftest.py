"""Persona fixtures shared by every app's tests. Data is built through services, as users build it."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable

import pytest
from django.test import Client
from django.utils import timezone

from itsms.core import services
from itsms.core.models import Membership, Organization, Role, User

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _english(settings):  # noqa: ANN001
    """Tests read English messages unless they switch on purpose."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def make_org(db) -> Callable[..., Organization]:  # noqa: ANN001
    def make(slug: str | None = None, **kwargs: str) -> Organization:
        n = next(_counter)
        return services.organization_create(
            actor=None,
            slug=slug or f"org{n}",
            name_zh=kwargs.pop("name_zh", f"组织{n}"),
            name_en=kwargs.pop("name_en", f"Org {n}"),
            **kwargs,
        )

    return make


@pytest.fixture
def make_member(db) -> Callable[..., Membership]:  # noqa: ANN001
    def make(org: Organization, roles: Iterable[str], username: str | None = None) -> Membership:
        n = next(_counter)
        name = username or f"user{n}"
        user = User.objects.filter(username=name).first() or services.user_create(
            username=name, email=f"{name}@example.com", password=PASSWORD, display_name=name.title()
        )
        roles = list(roles)
        # An external auditor's membership must end (itsms.core.services.members); a month is typical.
        valid_until = timezone.now() + dt.timedelta(days=30) if Role.EXTERNAL_AUDITOR in roles else None
        return services.membership_add(
            actor=None, organization=org, user=user, roles=roles, valid_until=valid_until
        )

    return make


@pytest.fixture
def org(make_org) -> Organization:  # noqa: ANN001
    return make_org("acme", name_zh="重庆示例科技有限公司", name_en="Acme Chongqing")


@pytest.fixture
def other_org(make_org) -> Organization:  # noqa: ANN001
    return make_org("other", name_zh="另一家公司", name_en="Other Ltd")


@pytest.fixture
def admin(org, make_member) -> User:  # noqa: ANN001
    return make_member(org, [Role.ORG_ADMIN], "admin").user


@pytest.fixture
def staff(org, make_member) -> User:  # noqa: ANN001
    return make_member(org, [Role.STAFF], "staff").user


@pytest.fixture
def auditor(org, make_member) -> User:  # noqa: ANN001
    return make_member(org, [Role.INTERNAL_AUDITOR], "auditor").user


@pytest.fixture
def outsider(other_org, make_member) -> User:  # noqa: ANN001
    return make_member(other_org, [Role.ORG_ADMIN], "outsider").user


@pytest.fixture
def iso20000(db):  # noqa: ANN001, ANN201
    """The shipped ISO/IEC 20000-1:2018 catalogue library, loaded (the file is parsed once per process)."""
    from itsms.catalogue.services import builtin_library_ensure

    return builtin_library_ensure("iso-iec-20000-1-2018.yaml")


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make
