from itsms.core.permissions import can_create_organization

from .spec import RouteSpec

ROUTES: dict[str, RouteSpec] = {
    "core:organization_create": RouteSpec(public="authenticated", user_check=can_create_organization),
    "core:customer_home": RouteSpec(capability="can_view_customer_home"),
    "core:access_log": RouteSpec(capability="can_view_access_log"),
    "core:directory_import": RouteSpec(capability="can_manage_directory"),
    "core:directory_import_template": RouteSpec(
        capability="can_manage_directory", kwargs=lambda org: {"fmt": "xlsx"}
    ),
}
