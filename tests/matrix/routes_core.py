from itsms.core.models import Organization

from .spec import RouteSpec


def _first(model: type, org: Organization) -> int:
    return model.objects.filter(organization=org).order_by("pk").values_list("pk", flat=True)[0]


ROUTES: dict[str, RouteSpec] = {
    "core:home": RouteSpec(public="authenticated"),
    "core:language_switch": RouteSpec(public="anonymous", post_only=True),
    "core:dashboard": RouteSpec(),
}
