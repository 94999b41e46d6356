from .spec import RouteSpec

# Health probes: load balancers and orchestrators call them without a login.
ROUTES: dict[str, RouteSpec] = {
    "ops:healthz": RouteSpec(public="anonymous"),
    "ops:readyz": RouteSpec(public="anonymous"),
}
