"""Evidence providers: what each area can prove, asked the same way by readiness, reviews and packs.

An area registers one provider when its app loads. A provider answers, for an organization, per
requirement or documented-information item (by catalogue URN), how many records prove it, the latest
date and where to see them — with one or a few aggregate queries, never one per record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from .models import Organization


@dataclass(frozen=True)
class Evidence:
    count: int
    latest: dt.date | dt.datetime | None
    url: str = ""
    label: str | Promise = ""


Provider = Callable[[Organization], dict[str, Evidence]]


@dataclass(frozen=True)
class RegisteredProvider:
    name: str
    label: str | Promise
    fn: Provider


_providers: dict[str, RegisteredProvider] = {}


def register_provider(name: str, label: str | Promise, fn: Provider) -> None:
    _providers[name] = RegisteredProvider(name=name, label=label, fn=fn)


def providers() -> list[RegisteredProvider]:
    return sorted(_providers.values(), key=lambda p: p.name)


def collect(organization: Organization) -> dict[str, list[tuple[RegisteredProvider, Evidence]]]:
    """Every provider's answer, grouped by the URN it is about."""
    found: dict[str, list[tuple[RegisteredProvider, Evidence]]] = {}
    for provider in providers():
        for urn, evidence in provider.fn(organization).items():
            if evidence.count:
                found.setdefault(urn, []).append((provider, evidence))
    return found
