import datetime as dt

from django.utils import timezone

from itsms.core import services as core
from itsms.core.models import Organization
from itsms.training import services, signin_links
from itsms.training.models import AwarenessCampaign, CompetenceRequirement, TrainingKind, TrainingSession

from .spec import RouteSpec


def populate(org: Organization) -> None:
    person = core.person_create(actor=None, organization=org, full_name="培训矩阵人员")
    position = core.position_create(actor=None, organization=org, name="培训岗位")
    session = services.session_create(
        actor=None,
        organization=org,
        kind=TrainingKind.KICKOFF,
        title="矩阵动员会",
        starts_at=timezone.now() + dt.timedelta(days=2),
    )
    services.session_invite(actor=None, organization=org, session=session, people=[person])
    services.requirement_create(actor=None, organization=org, position=position, kind=TrainingKind.KICKOFF)
    services.campaign_create(actor=None, organization=org, title="服务管理方针", version="1.0")


def _first(model: type, org: Organization) -> dict[str, int]:
    return {"pk": model.objects.filter(organization=org).order_by("pk").values_list("pk", flat=True)[0]}


def _session(org: Organization) -> dict[str, int]:
    return _first(TrainingSession, org)


def _token(org: Organization) -> dict[str, str]:
    return {
        "token": signin_links.sign_in_token(
            TrainingSession.objects.filter(organization=org).order_by("pk")[0]
        )
    }


ROUTES: dict[str, RouteSpec] = {
    "training:session_list": RouteSpec(capability="can_view_training"),
    "training:session_create": RouteSpec(capability="can_manage_training"),
    "training:session_detail": RouteSpec(capability="can_view_training", kwargs=_session),
    "training:session_edit": RouteSpec(capability="can_manage_training", kwargs=_session),
    "training:session_invite": RouteSpec(capability="can_manage_training", kwargs=_session),
    "training:session_transition": RouteSpec(
        capability="can_manage_training", kwargs=_session, post_only=True, post_data=lambda org: {}
    ),
    "training:material_upload": RouteSpec(
        capability="can_manage_training", kwargs=_session, post_only=True, post_data=lambda org: {}
    ),
    "training:sign_in_sheet": RouteSpec(capability="can_view_training", kwargs=_session),
    "training:session_sign_in": RouteSpec(
        capability="can_sign_in", kwargs=_session, post_only=True, post_data=lambda org: {}
    ),
    "training:session_qr": RouteSpec(capability="can_manage_training", kwargs=_session),
    "training:session_attendance": RouteSpec(capability="can_manage_training", kwargs=_session),
    "training:sign_in_link": RouteSpec(capability="can_sign_in", kwargs=_token),
    "training:settings": RouteSpec(capability="can_manage_training_settings"),
    "training:records": RouteSpec(capability="can_view_training"),
    "training:records_export": RouteSpec(capability="can_view_training", kwargs=lambda org: {"fmt": "xlsx"}),
    "training:matrix": RouteSpec(capability="can_view_training"),
    "training:requirement_list": RouteSpec(capability="can_view_training"),
    "training:requirement_create": RouteSpec(capability="can_manage_training"),
    "training:requirement_delete": RouteSpec(
        capability="can_manage_training",
        kwargs=lambda org: _first(CompetenceRequirement, org),
        post_only=True,
        post_data=lambda org: {},
    ),
    "training:campaign_list": RouteSpec(capability="can_view_training"),
    "training:campaign_create": RouteSpec(capability="can_manage_training"),
    "training:campaign_detail": RouteSpec(
        capability="can_view_training", kwargs=lambda org: _first(AwarenessCampaign, org)
    ),
    "training:campaign_confirm": RouteSpec(
        capability="can_confirm_awareness",
        kwargs=lambda org: _first(AwarenessCampaign, org),
        post_only=True,
        post_data=lambda org: {},
    ),
    "training:campaign_close": RouteSpec(
        capability="can_manage_training",
        kwargs=lambda org: _first(AwarenessCampaign, org),
        post_only=True,
        post_data=lambda org: {},
    ),
}
