"""The core area's entries in the main navigation."""

from django.utils.translation import gettext_lazy as _

from . import permissions as p
from .navigation import NavGroup, NavItem, register, register_group


def register_core_navigation() -> None:
    # The menus the areas put their entries in, in the order of the method.
    register_group(NavGroup("implementation", _("Implementation"), 10))
    register_group(NavGroup("diagnosis", _("Diagnosis"), 20))
    register_group(NavGroup("training", _("Training"), 30))
    register_group(NavGroup("documents", _("Documents"), 40))
    register_group(NavGroup("administration", _("Administration"), 900))
    register(NavItem("dashboard", _("Overview"), "core:dashboard", p.can_view_organization, order=0))
    register(
        NavItem(
            "departments",
            _("Departments"),
            "core:department_list",
            p.can_view_directory,
            order=900,
            group="administration",
        )
    )
    register(
        NavItem(
            "positions",
            _("Positions"),
            "core:position_list",
            p.can_view_directory,
            order=910,
            group="administration",
        )
    )
    register(
        NavItem(
            "people", _("People"), "core:person_list", p.can_view_directory, order=920, group="administration"
        )
    )
    register(
        NavItem(
            "members",
            _("Members and roles"),
            "core:member_list",
            p.can_manage_members,
            order=930,
            group="administration",
        )
    )
    register(
        NavItem(
            "audit",
            _("Audit trail"),
            "core:audit_list",
            p.can_view_audit_trail,
            order=950,
            group="administration",
        )
    )
    register(
        NavItem(
            "access_log",
            _("Access log"),
            "core:access_log",
            p.can_view_access_log,
            order=955,
            group="administration",
        )
    )
    register(
        NavItem(
            "role_model",
            _("Role model"),
            "core:role_model",
            p.can_view_role_model,
            order=957,
            group="administration",
        )
    )
    register(
        NavItem(
            "settings",
            _("Organization settings"),
            "core:org_settings",
            p.can_manage_organization,
            order=960,
            group="administration",
        )
    )
    register(
        NavItem(
            "exports",
            _("My exports"),
            "core:export_list",
            p.can_view_organization,
            order=970,
            group="administration",
        )
    )
