"""Print a new Ed25519 key pair for AUDIT_SIGNING_KEY; nothing is stored."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from itsms.core.audit_keys import new_key_pair


class Command(BaseCommand):
    help = "Print a new key pair for signing audit checkpoints (AUDIT_SIGNING_KEY)."

    def handle(self, *args: Any, **options: Any) -> None:
        private, public = new_key_pair()
        self.stdout.write(f"AUDIT_SIGNING_KEY={private}")
        self.stdout.write(f"# {_('public key (give it to auditors):')} {public}")
