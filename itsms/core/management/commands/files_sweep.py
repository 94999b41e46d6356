"""Remove what the file service leaves behind: objects without a row, rows nobody refers to, upload
temporary files.

1. **Objects without a row.** The file service saves bytes before it commits the row; a crash in between
   leaves an object nobody can reach. Only objects under `org/` older than the threshold are touched, so
   uploads still on their way to a commit are left alone. Storage is walked with `listdir`, so this works
   on a local folder and on object storage alike.
2. **Rows nobody refers to.** Every file is kept through a foreign key of the row it belongs to (a
   revision, a session's material, an export job …). A file no such key points at any more — a draft's
   file replaced by a newer upload — is deleted through `file_delete` (audited, bytes removed after
   commit) once it is older than the retention period (FILES_UNREFERENCED_RETENTION_DAYS). The
   references are found from the models themselves, so a new model that keeps files is counted without
   a change here; a purpose registered with `kept_unreferenced=True` is never touched.
3. **Upload temporary files.** Django streams a large upload into FILE_UPLOAD_TEMP_DIR and deletes the
   file at the end of the request; a killed process leaves it there. The folder belongs to the project,
   and only files named the way Django names them (`tmp….upload…`) older than the threshold are removed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.core.files import file_delete, purposes_kept_unreferenced
from itsms.core.models import StoredFile

ROOT = "org"
BATCH = 500
# NamedTemporaryFile(suffix=".upload" + extension) in django.core.files.uploadedfile.
_UPLOAD_TEMP_NAME = re.compile(r"^tmp[\w-]*\.upload(\.[\w-]{1,20})?$")


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


def unreferenced_files(created_before: dt.datetime) -> QuerySet[StoredFile]:
    """Files created before the date that no foreign key of any model points at."""
    qs = StoredFile.objects.filter(created_at__lt=created_before).exclude(
        purpose__in=purposes_kept_unreferenced()
    )
    for model in apps.get_models():
        for field in model._meta.get_fields():
            # Forward keys only (reverse accessors are auto-created); many-to-many counted the same way.
            if field.is_relation and not field.auto_created and field.related_model is StoredFile:
                column = field.name
                referenced = model._base_manager.filter(**{f"{column}__isnull": False}).values(column)
                qs = qs.exclude(pk__in=referenced)
    return qs.order_by("created_at", "pk")


def upload_temp_files(cutoff: dt.datetime) -> list[Path]:
    folder = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    if not folder:
        # The system's temporary folder is shared with other programs: never swept.
        return []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        return []
    limit = cutoff.timestamp()
    return [
        Path(e.path)
        for e in entries
        if _UPLOAD_TEMP_NAME.match(e.name)
        and e.is_file(follow_symlinks=False)
        and e.stat(follow_symlinks=False).st_mtime < limit
    ]


class Command(BaseCommand):
    help = (
        "Delete stored files without a database row, files no row refers to after the retention period, "
        "and upload temporary files left by a crash."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-minutes",
            type=int,
            default=60,
            metavar="N",
            help="Objects without a row and temporary files last modified at least N minutes ago "
            "(default 60, at least 1).",
        )
        parser.add_argument(
            "--retention-days",
            type=int,
            default=None,
            metavar="D",
            help="Files no row refers to, created at least D days ago "
            "(default FILES_UNREFERENCED_RETENTION_DAYS, at least 1).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted; delete nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        minutes: int = options["older_than_minutes"]
        if minutes < 1:
            raise CommandError(_("--older-than-minutes must be at least 1."))
        days: int = (
            options["retention_days"]
            if options["retention_days"] is not None
            else settings.FILES_UNREFERENCED_RETENTION_DAYS
        )
        if days < 1:
            raise CommandError(_("--retention-days must be at least 1."))
        dry_run: bool = options["dry_run"]
        now = timezone.now()
        cutoff = now - dt.timedelta(minutes=minutes)
        removed = self._orphans(cutoff, dry_run)
        unreferenced = self._unreferenced(now - dt.timedelta(days=days), dry_run)
        temporary = self._temporary(cutoff, dry_run)
        if dry_run:
            summary = _(
                "%(count)d orphaned file(s), %(unreferenced)d unreferenced file(s) and %(temporary)d upload "
                "temporary file(s) found."
            )
        else:
            summary = _(
                "%(count)d orphaned file(s), %(unreferenced)d unreferenced file(s) and %(temporary)d upload "
                "temporary file(s) removed."
            )
        self.stdout.write(summary % {"count": removed, "unreferenced": unreferenced, "temporary": temporary})

    def _orphans(self, cutoff: dt.datetime, dry_run: bool) -> int:
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
        return removed

    def _unreferenced(self, created_before: dt.datetime, dry_run: bool) -> int:
        removed = 0
        for stored in unreferenced_files(created_before).select_related("organization").iterator(BATCH):
            values = {"name": stored.storage_name, "original": stored.original_name}
            if dry_run:
                self.stdout.write(_("would remove unreferenced %(name)s (%(original)s)") % values)
                removed += 1
                continue
            try:
                # One transaction per file; PROTECT keys refuse it if a row took it up meanwhile.
                file_delete(actor=None, organization=stored.organization, stored_file=stored)
            except ValidationError:
                continue
            self.stdout.write(_("removed unreferenced %(name)s (%(original)s)") % values)
            removed += 1
        return removed

    def _temporary(self, cutoff: dt.datetime, dry_run: bool) -> int:
        removed = 0
        for path in upload_temp_files(cutoff):
            if dry_run:
                self.stdout.write(_("would remove upload temporary file %(name)s") % {"name": path.name})
            else:
                try:
                    path.unlink()
                except FileNotFoundError:
                    # The request it belonged to finished after all.
                    continue
                self.stdout.write(_("removed upload temporary file %(name)s") % {"name": path.name})
            removed += 1
        return removed
