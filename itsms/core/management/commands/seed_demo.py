"""Create or complete the demo organization (idempotent), then print the demo logins."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import time_machine
from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from itsms.core import demo
from itsms.core.demo_clock import Timeline


class Command(BaseCommand):
    help = "Create the demo organization with a login per role; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        timeline = Timeline(demo.DEMO_ZONE)
        # The demo organization's zone, as its pages and tasks have: dates of records are its local dates.
        with timezone.override(timeline.zone), transaction.atomic():
            # The company and its people exist two weeks before the project starts.
            with time_machine.travel(timeline.at(-14), tick=False):
                ctx = demo.seed()
            legacy = []
            for config in apps.get_app_configs():
                if not config.name.startswith("itsms.") or config.name == "itsms.core":
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                if hasattr(module, "steps"):
                    module.steps(ctx, timeline)
                else:
                    legacy.append(module)
            timeline.run()
            # Areas not yet written as dated steps are seeded at the real time, after the timeline.
            for module in legacy:
                module.seed(ctx)
        self.stdout.write(self.style.SUCCESS(f"Demo organization ready: /o/{ctx.organization.slug}/"))
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for username, roles in demo.demo_logins():
            self.stdout.write(f"  {username:<12} {roles}")
