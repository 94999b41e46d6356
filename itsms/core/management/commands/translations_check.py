from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from itsms.core.i18n_check import missing_translations


class Command(BaseCommand):
    help = "List strings of the code that the zh-Hans catalogue does not translate; exit 1 if any."

    def handle(self, *args: Any, **options: Any) -> None:
        missing = missing_translations()
        for (context, msgid), where in sorted(missing.items(), key=lambda kv: kv[1]):
            label = f"[{context}] " if context else ""
            self.stdout.write(f"{where}: {label}{msgid!r}")
        if missing:
            raise CommandError(f"{len(missing)} string(s) lack a zh-Hans translation")
        self.stdout.write("every string is translated")
