from itsms.core import jobs, services
from itsms.core.models import ExportJob, Membership, Organization, Role

from .spec import RouteSpec, persona


def populate(org: Organization) -> None:
    """A finished export requested by a member who is none of the matrix's personas."""
    user = services.user_create(
        username=f"exporter-{org.slug}",
        email=f"exporter-{org.slug}@example.com",
        password="matrix exporter password 2026",
    )
    services.membership_add(actor=None, organization=org, user=user, roles=[Role.STAFF])
    job = jobs.export_start(
        actor=user, organization=org, kind="training.matrix", params={"format": "xlsx"}, language="en"
    )
    # The matrix's database is one transaction: the on-commit task never runs, so run the job here.
    jobs.export_run(job.pk)


def _job(org: Organization) -> dict[str, int]:
    return {"pk": ExportJob.objects.filter(organization=org).latest("pk").pk}


def _admin_only(m: Membership) -> bool:
    # The job belongs to its requester, who is none of the personas: only admins see it.
    return m.has_role(Role.ORG_ADMIN)


ROUTES: dict[str, RouteSpec] = {
    "core:export_list": RouteSpec(capability="can_view_organization"),
    "core:export_start": RouteSpec(
        capability="can_view_organization",
        kwargs=lambda org: {"kind": "diagnosis.report"},
        post_only=True,
        post_as=persona("management_rep"),
        post_data=lambda org: {"lang": "en"},
    ),
    "core:export_detail": RouteSpec(capability="can_view_organization", kwargs=_job, sees_object=_admin_only),
}
