from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from itsms.core.jobs import export_jobs_sweep


class Command(BaseCommand):
    help = "Fail export jobs whose worker stopped, and remove finished jobs (and their files) past the keep time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--stale-minutes", type=int, default=60)
        parser.add_argument("--keep-days", type=int, default=30)

    def handle(self, *args: Any, **opts: Any) -> None:
        failed, removed = export_jobs_sweep(stale_minutes=opts["stale_minutes"], keep_days=opts["keep_days"])
        self.stdout.write(f"{failed} stale job(s) failed, {removed} old job(s) removed")
