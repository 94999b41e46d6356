"""The overview page is made of widgets that areas register, so core shows only what exists and imports none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import Membership


@dataclass(frozen=True)
class Widget:
    key: str
    template: str
    # Builds the widget's context with aggregate queries; None hides the widget (nothing to show).
    context: Callable[[Membership], dict[str, Any] | None]
    allowed: Callable[[Membership], bool]
    order: int = 100


_widgets: dict[str, Widget] = {}


def register_widget(widget: Widget) -> None:
    _widgets[widget.key] = widget


def widgets_for(membership: Membership) -> list[tuple[Widget, dict[str, Any]]]:
    shown = []
    for widget in sorted(_widgets.values(), key=lambda w: w.order):
        if not widget.allowed(membership):
            continue
        context = widget.context(membership)
        if context is not None:
            shown.append((widget, context))
    return shown
