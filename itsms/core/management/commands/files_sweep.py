"""Delete stored objects that have no StoredFile row.

The file service saves bytes before it commits the row; a crash in between leaves an object nobody can
reach. Only objects older than the threshold are touched, so uploads still on their way to a commit are
left alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.core.models import StoredFile

ROOT = "org"
BATCH = 500


def _walk(directory: str) -> Iterator[list[str]]:
    """The object names under `directory`, one list per folder (so the row lookup is one query per batch)."""
    try:
        folders, names = default_storage.listdir(directory)
    except FileNotFoundError:
        return
    if names:
        yield [f"{directory}/{name}" for name in sorted(names)]
    for folder in sorted(folders):
        yield from _walk(f"{directory}/{folder}")


class Command(BaseCommand):
    help = "Delete stored files that have no database row (left by a crash between saving and committing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-minutes",
            type=int,
            default=60,
            metavar="N",
            help="Only objects last modified at least N minutes ago (default 60, at least 1).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted; delete nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        minutes: int = options["older_than_minutes"]
        if minutes < 1:
            raise CommandError(_("--older-than-minutes must be at least 1."))
        dry_run: bool = options["dry_run"]
        cutoff = timezone.now() - dt.timedelta(minutes=minutes)
        removed = 0
        for folder in _walk(ROOT):
            for start in range(0, len(folder), BATCH):
                batch = folder[start : start + BATCH]
                known = set(
                    StoredFile.objects.filter(storage_name__in=batch).values_list("storage_name", flat=True)
                )
                for name in batch:
                    if name in known or default_storage.get_modified_time(name) > cutoff:
                        continue
                    if dry_run:
                        self.stdout.write(_("would remove %(name)s") % {"name": name})
                    else:
                        default_storage.delete(name)
                        self.stdout.write(_("removed %(name)s") % {"name": name})
                    removed += 1
        summary = (
            _("%(count)d orphaned file(s) found.") if dry_run else _("%(count)d orphaned file(s) removed.")
        )
        self.stdout.write(summary % {"count": removed})
