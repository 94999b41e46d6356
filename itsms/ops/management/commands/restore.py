"""Restore a backup made by `backup`: check it, restore database and files, then verify both."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itsms.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore the database and the stored files from a backup folder. Stop the app servers and workers "
        "first. The backup is checked against its manifest before anything changes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", metavar="DIR", help="A folder written by `manage.py backup`.")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["folder"])
        try:
            manifest = backup_restore(folder, log=lambda message: self.stderr.write(message))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("Restored the backup of %(time)s (itsms %(version)s, %(count)d stored files); files checked.")
            % {
                "time": manifest["created_at"],
                "version": manifest["app_version"],
                "count": manifest["storage"]["files"],
            }
        )
        # Raises CommandError (exit status 1) when a chain does not verify.
        call_command("audit_verify", stdout=self.stdout, stderr=self.stderr)
        self.stdout.write(_("Audit trail verified."))
