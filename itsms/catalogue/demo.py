"""Demo data: the shipped libraries, so the demo organization's diagnosis and programme have a catalogue.

Idempotent: a library already loaded at its version is skipped. Loaded the week before the project starts.
"""

from __future__ import annotations

from itsms.core.demo import DemoContext
from itsms.core.demo_clock import Timeline

from .services import builtin_libraries_load


def steps(ctx: DemoContext, timeline: Timeline) -> None:
    timeline.add(timeline.work(-7, 10), "catalogue: libraries loaded", builtin_libraries_load)
