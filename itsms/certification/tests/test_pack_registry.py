"""The evidence pack's registry of parts: order, and one function per key."""

from __future__ import annotations

import pytest

from itsms.certification.pack import registry


@pytest.fixture
def empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_parts", {})


def _part(organization: object, writer: object) -> None:
    return None


def _other(organization: object, writer: object) -> None:
    return None


def test_parts_come_in_their_order_then_by_key(empty: None) -> None:
    registry.register_pack_part("training", "Training", _part, order=40)
    registry.register_pack_part("documents", "Documents", _part, order=10)
    registry.register_pack_part("audits", "Audits", _part, order=40)
    assert [p.key for p in registry.pack_parts()] == ["documents", "audits", "training"]


def test_the_same_registration_again_is_harmless_another_function_is_refused(empty: None) -> None:
    registry.register_pack_part("documents", "Documents", _part)
    registry.register_pack_part("documents", "Documents", _part)
    with pytest.raises(ValueError, match="'documents' registered twice"):
        registry.register_pack_part("documents", "Documents", _other)
    assert [(p.key, p.fn) for p in registry.pack_parts()] == [("documents", _part)]
