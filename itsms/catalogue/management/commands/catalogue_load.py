"""manage.py catalogue_load FILE… | --builtin [--dry-run] [--allow-retire]: load or upgrade libraries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from itsms.catalogue.loader import LoadError
from itsms.catalogue.services import (
    BUILTIN_LIBRARIES,
    builtin_libraries_load,
    builtin_library,
    library_load,
    library_plan,
    read_library_file,
)


class Command(BaseCommand):
    help = (
        "Load or upgrade catalogue libraries (itsms format, itsms mappings or CISO Assistant frameworks). "
        "A library already loaded at the same or a higher version is refused; an invalid file loads nothing; "
        "an upgrade that would retire items is refused unless --allow-retire."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", help="library files (YAML)")
        parser.add_argument("--builtin", action="store_true", help="load every library shipped with itsms")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="show what each file would add, change and retire, and store nothing",
        )
        parser.add_argument(
            "--allow-retire",
            action="store_true",
            help="let an upgrade retire items the new version no longer has",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[str] = options["files"]
        if not files and not options["builtin"]:
            raise CommandError("name a library file or use --builtin")
        try:
            if options["dry_run"]:
                datas = [builtin_library(n) for n in BUILTIN_LIBRARIES] if options["builtin"] else []
                datas += [read_library_file(Path(name), name) for name in files]
                for data in datas:
                    for line in library_plan(data=data).lines():
                        self.stdout.write(line)
                self.stdout.write("Dry run: nothing was stored.")
                return
            if options["builtin"]:
                for message in builtin_libraries_load(allow_retire=options["allow_retire"]):
                    self.stdout.write(message)
            for name in files:
                data = read_library_file(Path(name), name)
                result = library_load(data=data, allow_retire=options["allow_retire"])
                self.stdout.write(self.style.SUCCESS(f"{result} (SHA-256 {data.sha256})"))
        except LoadError as exc:
            raise CommandError(str(exc)) from exc
