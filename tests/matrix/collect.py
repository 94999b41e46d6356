"""Find every URL pattern of the site and every RouteSpec declared in routes_*.py."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from types import ModuleType
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from . import __path__ as matrix_path
from .spec import RouteSpec


def _framework_view(callback: Any) -> bool:
    """A view of the API framework (ninja): its docs, its schema, its root and the operations it
    dispatches, which the API matrix walks from the routers. Nothing else is left out."""
    func = getattr(callback, "func", callback)  # ninja wraps its docs views in functools.partial
    return (getattr(func, "__module__", None) or "").split(".")[0] == "ninja"


def url_patterns() -> list[tuple[str, str, Any]]:
    """('namespace:name', 'pattern', callback) of every named pattern of the site, duplicates included."""
    found: list[tuple[str, str, Any]] = []

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or ""
                full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                walk(p.url_patterns, full_ns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name:
                name = f"{namespace}:{p.name}" if namespace else p.name
                found.append((name, prefix + str(p.pattern), p.callback))

    walk(get_resolver().url_patterns, "", "")
    return found


def duplicate_names() -> dict[str, list[str]]:
    """Names given to more than one pattern: reverse() finds only one of them, the other hides."""
    seen: dict[str, list[str]] = {}
    for name, pattern, _callback in url_patterns():
        seen.setdefault(name, []).append(pattern)
    return {name: patterns for name, patterns in seen.items() if len(patterns) > 1}


def url_names() -> dict[str, str]:
    """{'namespace:name': 'pattern'} for every named pattern except the API framework's own views."""
    return {name: pattern for name, pattern, callback in url_patterns() if not _framework_view(callback)}


def route_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"tests.matrix.{m.name}")
        for m in pkgutil.iter_modules(matrix_path)
        if m.name.startswith("routes_")
    ]


def route_specs() -> dict[str, RouteSpec]:
    specs: dict[str, RouteSpec] = {}
    for module in route_modules():
        for name, spec in module.ROUTES.items():
            assert name not in specs, f"{name} is declared twice in the matrix"
            specs[name] = spec
    return specs


def populators() -> list[Callable[..., None]]:
    """Each routes module may define populate(org) to create the objects its kwargs need."""
    return [m.populate for m in route_modules() if hasattr(m, "populate")]
