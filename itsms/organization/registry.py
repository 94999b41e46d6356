"""What the design area registers when the app loads: menu, evidence provider, milestones."""

from django.utils.translation import gettext_lazy as _

from itsms.core.evidence import register_provider
from itsms.core.milestones import register_milestone
from itsms.core.navigation import NavItem, register

from . import evidence
from . import permissions as p


def register_organization() -> None:
    register(
        NavItem(
            "design",
            _("System design"),
            "organization:home",
            p.can_view_design,
            order=20,
            group="implementation",
        )
    )
    register_provider("organization", _("System design"), evidence.provider, kinds=evidence.KINDS)
    for key, label, fn in [
        ("organization.committee_formed", _("ISO 20000 committee formed"), evidence.committee_formed),
        ("organization.working_group_formed", _("Working group formed"), evidence.working_group_formed),
        ("organization.mr_appointed", _("Management representative appointed"), evidence.mr_appointed),
        ("organization.policy_released", _("Service management policy released"), evidence.policy_released),
        ("organization.scope_defined", _("Scope defined"), evidence.scope_defined),
        ("organization.objectives_set", _("Objectives set"), evidence.objectives_set),
        ("organization.raci_done", _("Responsibility matrix complete"), evidence.raci_done),
    ]:
        register_milestone(key, label, fn)
