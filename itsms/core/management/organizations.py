"""The `--org SLUG` option that several management commands share."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from itsms.core.models import Organization


def organizations_for(slug: str | None) -> QuerySet[Organization]:
    """Every organization, or only the one named; an unknown name is an error, not an empty run."""
    organizations = Organization.objects.order_by("slug")
    if slug:
        organizations = organizations.filter(slug=slug)
        if not organizations.exists():
            raise CommandError(_("There is no organization with the short name %(slug)r.") % {"slug": slug})
    return organizations
