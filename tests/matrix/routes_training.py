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
    "training:session_list": RouteSpec(),
    "training:session_create": RouteSpec(),
    "training:session_detail": RouteSpec(kwargs=_session),
    "training:session_edit": RouteSpec(kwargs=_session),
    "training:session_invite": RouteSpec(kwargs=_session),
    "training:session_transition": RouteSpec(kwargs=_session, post_only=True),
    "training:material_upload": RouteSpec(kwargs=_session, post_only=True),
    "training:sign_in_sheet": RouteSpec(kwargs=_session),
    "training:session_sign_in": RouteSpec(kwargs=_session, post_only=True),
    "training:session_qr": RouteSpec(kwargs=_session),
    "training:session_attendance": RouteSpec(kwargs=_session),
    "training:sign_in_link": RouteSpec(kwargs=_token),
    "training:settings": RouteSpec(),
    "training:records": RouteSpec(),
    "training:records_export": RouteSpec(kwargs=lambda org: {"fmt": "xlsx"}),
    "training:matrix": RouteSpec(),
    "training:requirement_list": RouteSpec(),
    "training:requirement_create": RouteSpec(),
    "training:requirement_delete": RouteSpec(
        kwargs=lambda org: _first(CompetenceRequirement, org), post_only=True
    ),
    "training:campaign_list": RouteSpec(),
    "training:campaign_create": RouteSpec(),
    "training:campaign_detail": RouteSpec(kwargs=lambda org: _first(AwarenessCampaign, org)),
    "training:campaign_confirm": RouteSpec(kwargs=lambda org: _first(AwarenessCampaign, org), post_only=True),
    "training:campaign_close": RouteSpec(kwargs=lambda org: _first(AwarenessCampaign, org), post_only=True),
}
