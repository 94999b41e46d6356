"""Sign a checkpoint of the audit chains and store it outside the database (run it from cron).

Exits with status 1 when an organization's trail does not extend its latest checkpoint (a rollback or a
fork): that chain is not signed, so a tampered state never gets a signature.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itsms.core.audit_checkpoints import CheckpointRefused, checkpoint_create
from itsms.core.management.organizations import organizations_for


class Command(BaseCommand):
    help = "Sign a checkpoint of the audit chain of one or every organization."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", metavar="SLUG", help="Only this organization (its short name).")

    def handle(self, *args: Any, **options: Any) -> None:
        organizations = organizations_for(options.get("org"))
        refused: list[str] = []
        for org in organizations.iterator():
            try:
                made = checkpoint_create(org)
            except CheckpointRefused as exc:
                refused.append(org.slug)
                self.stdout.write(_("%(slug)s: NOT SIGNED") % {"slug": org.slug})
                for problem in exc.problems:
                    self.stdout.write(f"  - {problem}")
                continue
            if made is None:
                self.stdout.write(_("%(slug)s: no entries yet") % {"slug": org.slug})
            elif made.created:
                self.stdout.write(
                    _("%(slug)s: checkpoint %(name)s signed at entry #%(seq)s")
                    % {"slug": org.slug, "name": made.document["name"], "seq": made.document["seq"]}
                )
            else:
                self.stdout.write(
                    _("%(slug)s: entry #%(seq)s is already signed (%(name)s)")
                    % {"slug": org.slug, "name": made.document["name"], "seq": made.document["seq"]}
                )
        if refused:
            raise CommandError(
                _("Checkpoint refused (rollback or fork) for: %(orgs)s") % {"orgs": ", ".join(refused)},
                returncode=1,
            )
