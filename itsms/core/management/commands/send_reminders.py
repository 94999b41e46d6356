from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from itsms.core.notify import send_due_reminders


class Command(BaseCommand):
    help = "Send every reminder that is due (run it every few minutes from cron or a scheduler)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"sent {send_due_reminders()} reminder(s)")
