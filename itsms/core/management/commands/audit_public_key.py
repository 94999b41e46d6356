"""Print the public key(s) that verify this installation's audit checkpoints, current first."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from itsms.core.audit_checkpoints import public_keys


class Command(BaseCommand):
    help = "Print the public key(s) an auditor uses with scripts/verify_trail.py."

    def handle(self, *args: Any, **options: Any) -> None:
        for key in public_keys():
            self.stdout.write(key)
