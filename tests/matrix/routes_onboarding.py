from itsms.core.permissions import can_create_organization

from .spec import RouteSpec

ROUTES: dict[str, RouteSpec] = {
    "core:organization_create": RouteSpec(public="authenticated", user_check=can_create_organization),
    "core:customer_home": RouteSpec(),
    "core:access_log": RouteSpec(),
    "core:directory_import": RouteSpec(),
    "core:directory_import_template": RouteSpec(kwargs=lambda org: {"fmt": "xlsx"}),
}
