"""Store the status that milestones give programme tasks, and cancel their reminders (run from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from itsms.core.models import Organization
from itsms.core.timezones import org_zone_active
from itsms.programme.models import Task
from itsms.programme.services import programme_milestones_sync


class Command(BaseCommand):
    help = "Mark programme tasks done whose milestones are reached, in every organization with a programme."

    def handle(self, *args: Any, **options: Any) -> None:
        orgs = Organization.objects.filter(pk__in=Task.objects.values("organization_id").distinct())
        for org in orgs:
            with org_zone_active(org):
                moved = programme_milestones_sync(organization=org)
            self.stdout.write(f"{org.slug}: {moved} task(s) completed by their records")
