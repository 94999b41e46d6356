"""The catalogue browser.

Catalogue rows are global reference data: the same standard is visible from every organization, so there
is no "other organization's standard". `foreign_kwargs` names a primary key past every row instead, which
must answer 404 inside the member's organization.
"""

from django.db.models import Max

from itsms.catalogue.models import Clause, Standard
from itsms.catalogue.services import builtin_library_ensure
from itsms.core.models import Organization

from .spec import RouteSpec


def populate(org: Organization) -> None:
    builtin_library_ensure("iso-iec-20000-1-2018.yaml")


def _standard(org: Organization) -> dict[str, int]:
    return {"pk": Standard.objects.order_by("pk").values_list("pk", flat=True)[0]}


def _clause(org: Organization) -> dict[str, int]:
    return {"pk": Clause.objects.order_by("pk").values_list("pk", flat=True)[0]}


def _standard_beyond(org: Organization) -> dict[str, int]:
    return {"pk": (Standard.objects.aggregate(m=Max("pk"))["m"] or 0) + 1000}


def _clause_beyond(org: Organization) -> dict[str, int]:
    return {"pk": (Clause.objects.aggregate(m=Max("pk"))["m"] or 0) + 1000}


ROUTES: dict[str, RouteSpec] = {
    "catalogue:standard_list": RouteSpec(capability="can_view_catalogue"),
    # Site operators only (the staff flag): every matrix persona is refused, which the matrix checks.
    "catalogue:library_upload": RouteSpec(capability="can_load_library"),
    "catalogue:standard_detail": RouteSpec(
        capability="can_view_catalogue", kwargs=_standard, foreign_kwargs=_standard_beyond
    ),
    "catalogue:clause_detail": RouteSpec(
        capability="can_view_catalogue", kwargs=_clause, foreign_kwargs=_clause_beyond
    ),
}
