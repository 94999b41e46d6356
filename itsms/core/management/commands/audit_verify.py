"""Walk the audit chains and report tampering; exits with status 1 when any chain is broken.

Meant for cron or a monitoring check: one line per organization, the problems indented below it. Besides
the chain's own links it compares the trail with the signed checkpoints in storage, so a rollback (newer
entries deleted, an older head restored) or a fork (the chain rewritten after a checkpoint) is reported.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from itsms.core import audit
from itsms.core.management.organizations import organizations_for


class Command(BaseCommand):
    help = "Verify the tamper-evident audit trail of one or every organization."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", metavar="SLUG", help="Only this organization (its short name).")

    def handle(self, *args: Any, **options: Any) -> None:
        organizations = organizations_for(options.get("org"))
        broken: list[str] = []
        for org in organizations.iterator():
            result = audit.verify(org)
            entries = ngettext("%(count)d entry", "%(count)d entries", result.checked) % {
                "count": result.checked
            }
            if result.ok:
                line = _("%(slug)s: %(entries)s, chain intact") % {"slug": org.slug, "entries": entries}
                if result.latest_checkpoint is not None:
                    line += ngettext(
                        ", %(count)d signed checkpoint matches (latest at #%(seq)s)",
                        ", %(count)d signed checkpoints match (latest at #%(seq)s)",
                        result.checkpoints,
                    ) % {"count": result.checkpoints, "seq": result.latest_checkpoint[0]}
                self.stdout.write(line)
                continue
            broken.append(org.slug)
            problems = ngettext("%(count)d problem", "%(count)d problems", len(result.problems)) % {
                "count": len(result.problems)
            }
            self.stdout.write(
                _("%(slug)s: %(entries)s, CHAIN BROKEN (%(problems)s)")
                % {"slug": org.slug, "entries": entries, "problems": problems}
            )
            for problem in result.problems:
                self.stdout.write(f"  - {problem}")
        if broken:
            raise CommandError(
                _("Tampering found in the audit trail of: %(orgs)s") % {"orgs": ", ".join(broken)},
                returncode=1,
            )
