from itsms.core import services
from itsms.core.models import Department, Membership, Organization, Person, Position, Role

from .spec import RouteSpec


def populate(org: Organization) -> None:
    dept = Department.objects.get(organization=org, code="OPS")
    services.position_create(actor=None, organization=org, name="运维工程师", department=dept)
    services.person_create(actor=None, organization=org, full_name="矩阵人员", department=dept)


def _pk(model: type[Department | Position | Person], org: Organization) -> dict[str, int]:
    return {"pk": model.objects.filter(organization=org).order_by("pk").values_list("pk", flat=True)[0]}


def _member(org: Organization) -> dict[str, int]:
    # A member other than the matrix's own personas would be ideal; the admin persona is enough to prove
    # isolation because another organization's membership ids never resolve here.
    m = Membership.objects.filter(organization=org, roles__role=Role.ORG_ADMIN).order_by("pk").first()
    if m is None:
        return {"pk": 10**9}
    return {"pk": m.pk}


ROUTES: dict[str, RouteSpec] = {
    "core:home": RouteSpec(public="authenticated"),
    "core:language_switch": RouteSpec(
        public="anonymous", post_only=True, post_data=lambda org: {"language": "en", "next": "/"}
    ),
    "core:dashboard": RouteSpec(capability="can_view_organization"),
    "core:department_list": RouteSpec(capability="can_view_directory"),
    "core:department_create": RouteSpec(capability="can_manage_directory"),
    "core:department_edit": RouteSpec(
        capability="can_manage_directory", kwargs=lambda org: _pk(Department, org)
    ),
    "core:department_delete": RouteSpec(
        capability="can_manage_directory",
        kwargs=lambda org: _pk(Department, org),
        post_only=True,
        post_data=lambda org: {},
    ),
    "core:position_list": RouteSpec(capability="can_view_directory"),
    "core:position_create": RouteSpec(capability="can_manage_directory"),
    "core:position_edit": RouteSpec(capability="can_manage_directory", kwargs=lambda org: _pk(Position, org)),
    "core:person_list": RouteSpec(capability="can_view_directory"),
    "core:person_create": RouteSpec(capability="can_manage_directory"),
    "core:person_edit": RouteSpec(capability="can_manage_directory", kwargs=lambda org: _pk(Person, org)),
    "core:member_list": RouteSpec(capability="can_manage_members"),
    "core:member_add": RouteSpec(capability="can_manage_members"),
    "core:member_edit": RouteSpec(capability="can_manage_members", kwargs=_member),
    "core:member_deactivate": RouteSpec(
        capability="can_manage_members", kwargs=_member, post_only=True, post_data=lambda org: {}
    ),
    "core:role_model": RouteSpec(capability="can_view_role_model"),
    "core:notification_list": RouteSpec(capability="can_view_organization"),
    "core:notification_mark_read": RouteSpec(
        capability="can_view_organization", post_only=True, post_data=lambda org: {}
    ),
}
