import datetime as dt
from collections.abc import Callable

from django.db import models

from itsms.core import services as core_services
from itsms.core.models import Membership, Organization, Person, Role
from itsms.organization import services
from itsms.organization.models import (
    Appointment,
    ContextIssue,
    GroupKind,
    GroupMember,
    InterestedParty,
    Objective,
    Policy,
    Risk,
)

from .spec import RouteSpec, member, persona


def populate(org: Organization) -> None:
    person = Person.objects.filter(organization=org).first() or core_services.person_create(
        actor=None, organization=org, full_name="矩阵设计人员"
    )
    # The letter and the policy name a top manager with a login, who signs them.
    top = core_services.person_create(actor=None, organization=org, full_name="矩阵总经理")
    user = core_services.user_create(
        username=f"matrix-top-{org.slug}", email=f"top@{org.slug}.example", password="x-Password-123"
    )
    core_services.membership_add(
        actor=None, organization=org, user=user, roles=[Role.TOP_MANAGEMENT], person=top
    )
    services.group_member_add(
        actor=None, organization=org, kind=GroupKind.COMMITTEE, person=person, role_in_group="主任"
    )
    services.appointment_create(
        actor=None,
        organization=org,
        appointee=person,
        appointed_by=top,
        duties="d",
    )
    services.policy_create(actor=None, organization=org, text="p", signer=top)
    services.record_create(actor=None, organization=org, model=ContextIssue, kind="internal", title="i")
    services.record_create(actor=None, organization=org, model=InterestedParty, name="c", requirements="r")
    services.record_create(
        actor=None,
        organization=org,
        model=Risk,
        title="r",
        likelihood=2,
        impact=3,
        treatment="t",
        owner=person,
        review_date=dt.date(2026, 6, 1),
    )
    services.record_create(
        actor=None,
        organization=org,
        model=Objective,
        title="o",
        target=95,
        owner=person,
        method="m",
        frequency="monthly",
    )


def _top_manager(org: Organization) -> Membership:
    """The top manager populate() names as the letter's and the policy's signer."""
    return member(f"matrix-top-{org.slug}")(org)


def _pk(model: type[models.Model]) -> Callable[[Organization], dict[str, int]]:
    def kwargs(org: Organization) -> dict[str, int]:
        return {
            "pk": model._default_manager.filter(organization=org)
            .order_by("pk")
            .values_list("pk", flat=True)[0]
        }

    return kwargs


ROUTES: dict[str, RouteSpec] = {
    "organization:home": RouteSpec(capability="can_view_design"),
    "organization:group": RouteSpec(
        capability="can_view_design", kwargs=lambda org: {"kind": GroupKind.COMMITTEE}
    ),
    "organization:group_member_remove": RouteSpec(
        capability="can_manage_design", kwargs=_pk(GroupMember), post_only=True, post_data=lambda org: {}
    ),
    "organization:appointment_list": RouteSpec(capability="can_view_design"),
    "organization:appointment_create": RouteSpec(capability="can_manage_design"),
    "organization:appointment_detail": RouteSpec(capability="can_view_design", kwargs=_pk(Appointment)),
    "organization:appointment_sign": RouteSpec(
        capability="can_view_design",
        kwargs=_pk(Appointment),
        post_only=True,
        post_as=_top_manager,
        post_data=lambda org: {"password": "x-Password-123"},
    ),
    "organization:appointment_export": RouteSpec(
        capability="can_view_design", kwargs=lambda org: {**_pk(Appointment)(org), "fmt": "docx"}
    ),
    "organization:scope": RouteSpec(capability="can_view_design"),
    "organization:scope_new": RouteSpec(capability="can_manage_design"),
    "organization:policy": RouteSpec(capability="can_view_design"),
    "organization:policy_new": RouteSpec(capability="can_manage_design"),
    "organization:policy_detail": RouteSpec(capability="can_view_design", kwargs=_pk(Policy)),
    "organization:policy_sign": RouteSpec(
        capability="can_view_design",
        kwargs=_pk(Policy),
        post_only=True,
        post_as=_top_manager,
        post_data=lambda org: {"password": "x-Password-123"},
    ),
    "organization:policy_release_order": RouteSpec(capability="can_view_design", kwargs=_pk(Policy)),
    "organization:raci": RouteSpec(capability="can_view_design"),
    "organization:raci_coverage": RouteSpec(capability="can_view_design"),
    "organization:org_chart": RouteSpec(capability="can_view_design"),
    "organization:contextissue_list": RouteSpec(capability="can_view_design"),
    "organization:contextissue_create": RouteSpec(capability="can_manage_design"),
    "organization:contextissue_edit": RouteSpec(capability="can_manage_design", kwargs=_pk(ContextIssue)),
    "organization:interestedparty_list": RouteSpec(capability="can_view_design"),
    "organization:interestedparty_create": RouteSpec(capability="can_manage_design"),
    "organization:interestedparty_edit": RouteSpec(
        capability="can_manage_design", kwargs=_pk(InterestedParty)
    ),
    "organization:risk_list": RouteSpec(capability="can_view_design"),
    "organization:risk_create": RouteSpec(capability="can_manage_design"),
    "organization:risk_edit": RouteSpec(capability="can_manage_design", kwargs=_pk(Risk)),
    "organization:objective_list": RouteSpec(capability="can_view_design"),
    "organization:objective_create": RouteSpec(capability="can_manage_design"),
    "organization:objective_edit": RouteSpec(capability="can_manage_design", kwargs=_pk(Objective)),
    "organization:objective_detail": RouteSpec(capability="can_view_design", kwargs=_pk(Objective)),
    "organization:objective_result_add": RouteSpec(
        capability="can_view_design",
        kwargs=_pk(Objective),
        post_only=True,
        post_as=persona("management_rep"),
        post_data=lambda org: {"period_end": "2026-01-31", "value": "97.5"},
    ),
}
