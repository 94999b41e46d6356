"""Demo data: the shipped libraries, so the demo organization's diagnosis and programme have a catalogue.

Idempotent: a library already loaded at its version is skipped.
"""

from __future__ import annotations

from itsms.core.demo import DemoContext

from .services import builtin_libraries_load


def seed(ctx: DemoContext) -> None:
    builtin_libraries_load()
