"""Create or complete the demo organization (idempotent), then print the demo logins."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from itsms.core import demo


class Command(BaseCommand):
    help = "Create the demo organization with a login per role; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            ctx = demo.seed()
            for config in apps.get_app_configs():
                if not config.name.startswith("itsms.") or config.name == "itsms.core":
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.seed(ctx)
        self.stdout.write(self.style.SUCCESS(f"Demo organization ready: /o/{ctx.organization.slug}/"))
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for username, roles in demo.demo_logins():
            self.stdout.write(f"  {username:<12} {roles}")
