from collections.abc import Iterator

import pytest

from itsms.reviews import inputs
from itsms.reviews.inputs import Figures, Missing


@pytest.fixture
def registry() -> Iterator[None]:
    saved = dict(inputs._inputs)
    inputs._inputs.clear()
    yield
    inputs._inputs.clear()
    inputs._inputs.update(saved)


def test_compiled_inputs_in_order_with_figures_and_missing(registry: None) -> None:
    inputs.register_input(
        "b.objectives", "Objectives", lambda org: Figures([("met", 2)], "/o/x/objectives/"), 20
    )
    inputs.register_input("a.audits", "Audit results", lambda org: Missing("no audit yet"), 10)
    assert inputs.compile_inputs(None) == [
        {"key": "a.audits", "label": "Audit results", "missing": True, "reason": "no audit yet"},
        {
            "key": "b.objectives",
            "label": "Objectives",
            "missing": False,
            "rows": [["met", 2]],
            "url": "/o/x/objectives/",
        },
    ]


def test_pending_input_is_missing_with_reason_and_a_real_one_wins_in_either_order(registry: None) -> None:
    inputs.register_pending_input("tickets.sla", "SLAs", "not available yet: no service desk")
    assert inputs.compile_inputs(None) == [
        {
            "key": "tickets.sla",
            "label": "SLAs",
            "missing": True,
            "reason": "not available yet: no service desk",
        }
    ]
    inputs.register_input("tickets.sla", "SLAs", lambda org: Figures([("breached", 0)], "/sla/"))
    inputs.register_pending_input("tickets.sla", "SLAs", "not available yet: no service desk")
    assert inputs.compile_inputs(None)[0]["missing"] is False
    assert inputs.compile_inputs(None)[0]["rows"] == [["breached", 0]]
