"""The catalogue's API lists run the same, exact number of queries at N and 3N rows."""

from __future__ import annotations

import itertools
from pathlib import Path

from itsms.catalogue.models import Standard
from itsms.catalogue.services import library_load_file
from itsms.core.tests.queries import api_client, assert_constant_queries

_n = itertools.count(1)


def _library(folder: Path, leaves: int, *, i: int | None = None, version: int = 1) -> Standard:
    """A small library: one top clause with `leaves` leaf clauses, a requirement each. Loading it again
    under the same number with a higher version upgrades it in place."""
    i = next(_n) if i is None else i
    urn = f"urn:itsms:std:queries-test-{i}:2024"
    text = (
        f"format: itsms-library\nurn: {urn}\nref: QT {i}:2024\nversion: {version}\nname: Library{i}\n"
        "name_zh: 测试\ncertifiable: true\nclauses:\n  - ref: '1'\n    title: Top\n    clauses:\n"
        "      - ref: '1.0'\n        title: First\n"
    )
    for leaf in range(1, leaves + 1):
        text += f"      - ref: '1.{leaf}'\n        title: Leaf{i}-{leaf}\n"
        text += "        requirements:\n          - text: Do it.\n"
    path = folder / f"library-{i}-{version}.yaml"
    path.write_text(text, encoding="utf-8")
    library_load_file(path=path)
    return Standard.objects.get(urn=urn)


def test_api_standards(org, staff, tmp_path):
    def add(k: int) -> list[str]:
        return [_library(tmp_path, 1).name for _ in range(k)]

    assert_constant_queries(api_client(staff, org), f"/api/v1/o/{org.slug}/standards", add, 3)


def test_api_clauses(org, staff, tmp_path):
    standard = _library(tmp_path, 0)
    i = int(standard.name.removeprefix("Library"))
    size = {"leaves": 0, "version": 1}

    def add(k: int) -> list[str]:
        size["leaves"] += k
        size["version"] += 1
        _library(tmp_path, size["leaves"], i=i, version=size["version"])
        return [f"Leaf{i}-{leaf}" for leaf in range(1, size["leaves"] + 1)]

    url = f"/api/v1/o/{org.slug}/standards/{standard.pk}/clauses"
    body = assert_constant_queries(api_client(staff, org), url, add, 4)
    assert body.count('"is_leaf": true') == 1 + 9
