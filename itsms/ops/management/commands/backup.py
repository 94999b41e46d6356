"""Back up the database and the stored files into a new folder, with a manifest of their hashes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itsms.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and every stored file into DIR (a new or empty folder)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, metavar="DIR", help="New or empty folder for the backup.")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        try:
            manifest = backup_create(out, log=lambda message: self.stderr.write(message))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("Backup written to %(dir)s: %(vendor)s database and %(count)d stored files.")
            % {"dir": out, "vendor": manifest["database"]["vendor"], "count": manifest["storage"]["files"]}
        )
