"""Create an organization (a consultancy's new client) and make an existing user its admin."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from itsms.core import services
from itsms.core.models import Role, User


class Command(BaseCommand):
    help = "Create an organization and give an existing user the organization-admin role in it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="short name used in URLs, e.g. acme")
        parser.add_argument("--name-zh", required=True, help="Chinese name")
        parser.add_argument("--name-en", default="", help="English name")
        parser.add_argument("--admin", required=True, help="user name of the first admin")
        parser.add_argument("--language", default="zh-hans", choices=["zh-hans", "en"])

    def handle(self, *args: Any, **opts: Any) -> None:
        user = User.objects.filter(username=opts["admin"]).first()
        if user is None:
            raise CommandError(f"No user named {opts['admin']!r}.")
        try:
            with transaction.atomic():
                org = services.organization_create(
                    actor=None,
                    slug=opts["slug"],
                    name_zh=opts["name_zh"],
                    name_en=opts["name_en"],
                    language=opts["language"],
                )
                services.membership_add(actor=None, organization=org, user=user, roles=[Role.ORG_ADMIN])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Created /o/{org.slug}/ with {user.username} as admin."))
