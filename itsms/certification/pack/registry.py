"""The parts of the evidence pack: each area registers, once in its AppConfig.ready, a function that adds
its files to the pack being written.

`register_pack_part(key, label, fn, order=...)`; `fn(organization, writer)` calls `writer.add_bytes(...)`
or `writer.add_stream(...)` for each file (a path inside the pack, the clauses it evidences, a title).
Parts are read-only: they select and render, never write the database. A stream is copied in chunks,
so a part never holds a large file in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Protocol

from django.utils.functional import Promise

from itsms.core.models import Organization


class PackWriter(Protocol):
    def add_bytes(
        self, path: str, content: bytes, *, clauses: Sequence[str] = (), title: str | Promise = ""
    ) -> None: ...

    def add_stream(
        self, path: str, stream: IO[bytes], *, clauses: Sequence[str] = (), title: str | Promise = ""
    ) -> None: ...


PackPartFn = Callable[[Organization, PackWriter], None]


@dataclass(frozen=True)
class PackPart:
    key: str
    label: str | Promise
    fn: PackPartFn
    order: int


# Filled when apps load (AppConfig.ready); never changed afterwards.
_parts: dict[str, PackPart] = {}


def register_pack_part(key: str, label: str | Promise, fn: PackPartFn, *, order: int = 100) -> None:
    """Declare a part of the evidence pack; its files go under `<key>/` inside the pack."""
    if key in _parts and _parts[key].fn is not fn:
        raise ValueError(f"evidence pack part {key!r} registered twice")
    _parts[key] = PackPart(key=key, label=label, fn=fn, order=order)


def pack_parts() -> list[PackPart]:
    return sorted(_parts.values(), key=lambda part: (part.order, part.key))
