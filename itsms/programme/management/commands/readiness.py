"""Print an organization's readiness per clause: `manage.py readiness --org SLUG [--json]`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from itsms.core.models import Organization
from itsms.core.timezones import org_zone_active
from itsms.programme.readiness import readiness_report


class Command(BaseCommand):
    help = "Readiness per clause of ISO/IEC 20000-1 from the evidence the records show."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="the organization's slug")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organization.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(f"no organization {options['org']!r}")
        with org_zone_active(org):
            report = readiness_report(org)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        self.stdout.write(f"{org.slug}: overall {report['overall']:.0%}")
        for c in report["clauses"]:  # type: ignore[attr-defined]
            missing = "; ".join(c["missing"])
            self.stdout.write(f"  {c['ref']:<10} {c['status']:<8} {missing}")
