"""manage.py catalogue_load FILE… | --builtin: load or upgrade catalogue libraries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from itsms.catalogue.loader import LoadError
from itsms.catalogue.services import builtin_libraries_load, library_load_file


class Command(BaseCommand):
    help = (
        "Load or upgrade catalogue libraries (itsms format, itsms mappings or CISO Assistant frameworks). "
        "A library already loaded at the same or a higher version is refused; an invalid file loads nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", help="library files (YAML)")
        parser.add_argument("--builtin", action="store_true", help="load every library shipped with itsms")

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[str] = options["files"]
        if not files and not options["builtin"]:
            raise CommandError("name a library file or use --builtin")
        try:
            if options["builtin"]:
                for message in builtin_libraries_load():
                    self.stdout.write(message)
            for name in files:
                result = library_load_file(path=Path(name), source=name)
                self.stdout.write(self.style.SUCCESS(str(result)))
        except LoadError as exc:
            raise CommandError(str(exc)) from exc
