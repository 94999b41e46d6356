"""Inputs to a management review (clause 9.3): a small registry of compilers, one per input.

Each area that holds an input registers a compiler when its app loads:

    register_input("tickets.sla", _("Service performance against SLAs"), compile_fn, order=70)

`compile_fn(organization)` answers either `Figures(rows, url)` — the figures at the moment of compiling,
each a (label, value) pair, and the page that shows their source records — or `Missing(reason)` when the
source is absent or not built yet. A missing input is never shown as zero.

An input whose capability does not exist yet is registered with `register_pending_input(key, label,
reason)`; the area that later provides it calls `register_input` with the same key, which replaces it.
`compile_inputs(organization)` runs every compiler in order and returns a JSON-ready snapshot, stored
frozen with the review together with the compile time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from itsms.core.models import Organization


@dataclass(frozen=True)
class Figures:
    rows: list[tuple[str | Promise, int | str]] = field(default_factory=list)
    url: str = ""


@dataclass(frozen=True)
class Missing:
    reason: str | Promise


Compiler = Callable[[Organization], Figures | Missing]


@dataclass(frozen=True)
class ReviewInput:
    key: str
    label: str | Promise
    fn: Compiler | None
    order: int = 100
    reason: str | Promise = ""


_inputs: dict[str, ReviewInput] = {}


def register_input(key: str, label: str | Promise, fn: Compiler, order: int = 100) -> None:
    """Register (or replace) the compiler of one review input."""
    _inputs[key] = ReviewInput(key=key, label=label, fn=fn, order=order)


def register_pending_input(key: str, label: str | Promise, reason: str | Promise, order: int = 100) -> None:
    """An input whose source is not built yet; a real registration of the key wins, in either order."""
    if key in _inputs and _inputs[key].fn is not None:
        return
    _inputs[key] = ReviewInput(key=key, label=label, fn=None, order=order, reason=reason)


def review_inputs() -> list[ReviewInput]:
    return sorted(_inputs.values(), key=lambda i: (i.order, i.key))


def compile_input(item: ReviewInput, organization: Organization) -> dict[str, Any]:
    """One input as stored in the snapshot: figures and url, or missing with the reason."""
    answer: Figures | Missing = Missing(item.reason) if item.fn is None else item.fn(organization)
    if isinstance(answer, Missing):
        return {"key": item.key, "label": str(item.label), "missing": True, "reason": str(answer.reason)}
    return {
        "key": item.key,
        "label": str(item.label),
        "missing": False,
        "rows": [[str(label), value] for label, value in answer.rows],
        "url": answer.url,
    }


def compile_inputs(organization: Organization) -> list[dict[str, Any]]:
    return [compile_input(item, organization) for item in review_inputs()]
