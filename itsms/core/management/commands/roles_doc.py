"""Write docs/roles.md from the role model (itsms.core.roles), or check that it is up to date."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from itsms.core.roles import roles_markdown


def doc_path() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "roles.md"


class Command(BaseCommand):
    help = "Write docs/roles.md from the role model; --check fails when the file differs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Only compare; fail on a difference.")

    def handle(self, *args: Any, **options: Any) -> None:
        path, text = doc_path(), roles_markdown()
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if options["check"]:
            if current != text:
                raise CommandError(f"{path.name} differs from the role model: run manage.py roles_doc")
            self.stdout.write(f"{path.name} is up to date.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path.name}.")
