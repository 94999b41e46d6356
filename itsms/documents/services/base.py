"""Pieces the document services share."""

from __future__ import annotations

from typing import Any

from django.db import models

from itsms.core.errors import require
from itsms.core.models import Membership, Organization, User
from itsms.core.services.base import actor_membership


def same_org(organization: Organization, *objs: models.Model | None) -> None:
    for obj in objs:
        if obj is not None:
            require(getattr(obj, "organization_id", None) == organization.pk)


def membership_of(actor: User | None, organization: Organization) -> Membership | None:
    return actor_membership(actor, organization)


def person_of(actor: User | None, organization: Organization) -> Any:
    m = actor_membership(actor, organization)
    return m.person if m is not None else None
