"""The core area's entries in the main navigation."""

from django.utils.translation import gettext_lazy as _

from . import permissions as p
from .navigation import NavItem, register


def register_core_navigation() -> None:
    register(NavItem("dashboard", _("Overview"), "core:dashboard", p.can_view_organization, order=0))
    register(
        NavItem("departments", _("Departments"), "core:department_list", p.can_view_directory, order=900)
    )
    register(NavItem("positions", _("Positions"), "core:position_list", p.can_view_directory, order=910))
    register(NavItem("people", _("People"), "core:person_list", p.can_view_directory, order=920))
    register(NavItem("members", _("Members"), "core:member_list", p.can_manage_members, order=930))
    register(NavItem("audit", _("Audit trail"), "core:audit_list", p.can_view_audit_trail, order=950))
    register(NavItem("settings", _("Settings"), "core:org_settings", p.can_manage_organization, order=960))
