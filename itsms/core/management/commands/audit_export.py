"""Write an organization's audit trail (or a period of it) as JSON an auditor checks with the public key.

`scripts/verify_trail.py FILE --public-key KEY` checks the file without Django or the HMAC key.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itsms.core.audit_checkpoints import CheckpointRefused
from itsms.core.audit_export import write_trail
from itsms.core.management.organizations import organizations_for


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("%(value)r is not a date (YYYY-MM-DD).") % {"value": value}) from None


class Command(BaseCommand):
    help = "Export an organization's audit trail with its signed checkpoints and the public key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", metavar="SLUG", required=True, help="The organization (its short name).")
        parser.add_argument(
            "--from", dest="start", metavar="DATE", help="First day (organization's time zone)."
        )
        parser.add_argument("--to", dest="end", metavar="DATE", help="Last day, included.")
        parser.add_argument("--out", metavar="FILE", required=True, help="Where to write the JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        org = organizations_for(options["org"]).get()
        start = _date(options["start"]) if options.get("start") else None
        end = _date(options["end"]) if options.get("end") else None
        if start and end and start > end:
            raise CommandError(_("The end date is before the start date."))
        out = Path(options["out"])
        partial = out.with_name(out.name + ".part")
        try:
            # Written entry by entry (a year's trail does not fit in memory), renamed when complete.
            with partial.open("w", encoding="utf-8") as fh:
                count, checkpoints = write_trail(fh, org, start, end)
        except CheckpointRefused as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(
                _("The trail cannot be signed: %(problems)s") % {"problems": "; ".join(exc.problems)},
                returncode=1,
            ) from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        os.replace(partial, out)
        self.stdout.write(
            _("%(count)d entries and %(checkpoints)d checkpoints written to %(out)s")
            % {"count": count, "checkpoints": checkpoints, "out": options["out"]}
        )
