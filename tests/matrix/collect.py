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


def url_names() -> dict[str, str]:
    """{'namespace:name': 'pattern'} for every named pattern outside the API (which has its own matrix)."""
    found: dict[str, str] = {}

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or ""
                full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                walk(p.url_patterns, full_ns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                if namespace.startswith("api") or (prefix + str(p.pattern)).lstrip("^").startswith("api/"):
                    continue
                name = f"{namespace}:{p.name}" if namespace else (p.name or "")
                found[name] = prefix + str(p.pattern)

    walk(get_resolver().url_patterns, "", "")
    return found


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
