"""Routes under /api/ that are not the API framework's own (those the API matrix walks from its routers)."""

from .spec import RouteSpec

ROUTES: dict[str, RouteSpec] = {
    # Unknown paths under /api/ answer JSON 404 to everybody, signed in or not.
    "api_not_found": RouteSpec(
        public="anonymous", kwargs=lambda org: {"rest": "v0/nothing"}, answers=frozenset({404})
    ),
}
