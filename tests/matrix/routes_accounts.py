from .spec import RouteSpec

ROUTES: dict[str, RouteSpec] = {
    "accounts:login": RouteSpec(public="anonymous"),
    "accounts:login_totp": RouteSpec(public="anonymous"),
    "accounts:logout": RouteSpec(public="authenticated", post_only=True, post_data=lambda org: {}),
    "accounts:profile": RouteSpec(public="authenticated"),
    "accounts:reauth": RouteSpec(public="authenticated"),
    "accounts:totp_setup": RouteSpec(public="authenticated"),
    "accounts:totp_disable": RouteSpec(public="authenticated"),
}
