"""The verifiable export of a period of the audit trail, as a dict or streamed to a file.

The period is a contiguous run of entry numbers. After it come `links` (entry number and content hash
only) up to the first checkpoint at or after its end, so the auditor can follow the digest chain to a
signature without reading entries outside the period. When no checkpoint covers the period's end yet,
one is made (CheckpointRefused when the trail does not extend the last one).

A year of a busy organization's trail is hundreds of thousands of entries: `write_trail` reads them in
batches twice, once to check the chain against the checkpoints (an export that cannot pass the auditor's
check is refused before anything is written) and once to write, so memory stays flat whatever the size.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db.models import Max, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .audit_checkpoints import (
    EXPORT_FORMAT,
    CheckpointRefused,
    checkpoint_create,
    checkpoints_for,
    public_keys,
)
from .models import AuditEntry, Organization

BATCH = 2000


def _period_bounds(
    organization: Organization, start: dt.date | dt.datetime | None, end: dt.date | dt.datetime | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Dates are days of the organization's time zone, `end` included; datetimes are taken as they are."""
    from .timezones import org_zone

    zone = org_zone(organization)

    def as_time(value: dt.date | dt.datetime | None, next_day: bool) -> dt.datetime | None:
        if value is None or isinstance(value, dt.datetime):
            return value
        day = value + dt.timedelta(days=1) if next_day else value
        return dt.datetime.combine(day, dt.time.min, tzinfo=zone)

    return as_time(start, False), as_time(end, True)


def _export_entry(entry: AuditEntry) -> dict[str, Any]:
    return {**audit._payload(entry), "key_id": entry.key_id, "mac": entry.mac, "digest": entry.digest}


@dataclass
class _Plan:
    header: dict[str, Any]
    qs: QuerySet[AuditEntry] | None = None
    first: int = 0
    last: int = 0
    anchor: dict[str, Any] = field(default_factory=dict)
    included: list[dict[str, Any]] = field(default_factory=list)


def _plan(
    organization: Organization, start: dt.date | dt.datetime | None, end: dt.date | dt.datetime | None
) -> _Plan:
    low, high = _period_bounds(organization, start, end)
    qs = AuditEntry.objects.filter(organization=organization)
    in_period = qs
    if low is not None:
        in_period = in_period.filter(created_at__gte=low)
    if high is not None:
        in_period = in_period.filter(created_at__lt=high)
    bounds = in_period.aggregate(first=Min("seq"), last=Max("seq"))
    header: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "organization": {"id": organization.pk, "slug": organization.slug},
        "exported_at": timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
        "period": {
            "from": low.astimezone(dt.UTC).isoformat() if low else None,
            "to": high.astimezone(dt.UTC).isoformat() if high else None,
        },
        "public_keys": public_keys(),
        "prev_digest": audit.GENESIS,
    }
    first, last = bounds["first"], bounds["last"]
    if first is None:
        return _Plan(header)
    documents, _problems = checkpoints_for(organization)
    covering = [d for d in documents if d["seq"] >= last]
    if not covering:
        made = checkpoint_create(organization)
        assert made is not None  # the period has entries, so the chain has a head past 0
        documents.append(made.document)
        covering = [made.document]
    anchor = covering[0]
    if first > 1:
        before = qs.filter(seq=first - 1).values_list("digest", flat=True).first()
        header["prev_digest"] = before or audit.GENESIS
    included = [d for d in documents if first <= d["seq"] <= anchor["seq"]]
    return _Plan(header, qs, first, last, anchor, included)


def _rows(plan: _Plan, batch: int) -> Iterator[AuditEntry]:
    assert plan.qs is not None
    ordered = plan.qs.filter(seq__gte=plan.first, seq__lte=plan.anchor["seq"]).order_by("seq")
    seq = plan.first - 1
    while True:
        rows = list(ordered.filter(seq__gt=seq)[:batch])
        yield from rows
        if len(rows) < batch:
            return
        seq = rows[-1].seq


def _check(plan: _Plan, batch: int) -> None:
    """Refuse a period whose entries the checkpoints contradict (a fork) or that ends before the
    checkpoint after it (a rollback)."""
    wanted = {d["seq"]: d for d in plan.included}
    problems: list[str] = []
    seq = plan.first - 1
    for entry in _rows(plan, batch):
        signed = wanted.get(entry.seq)
        if signed is not None and signed["digest"] != entry.digest:
            problems.append(
                _(
                    "FORK: entry #%(seq)s is not the entry checkpoint %(name)s signed "
                    "(the trail was rewritten from there)"
                )
                % {"seq": entry.seq, "name": signed["name"]}
            )
        seq = entry.seq
    if seq != plan.anchor["seq"]:
        problems.append(
            _(
                "ROLLBACK: checkpoint %(name)s signed entry #%(seq)s, but the trail ends at #%(last)s "
                "(newer entries were removed and an older head restored)"
            )
            % {"name": plan.anchor["name"], "seq": plan.anchor["seq"], "last": seq}
        )
    if problems:
        # An export that cannot pass the auditor's check is no evidence: say why instead.
        raise CheckpointRefused(problems)


def _items(plan: _Plan, batch: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """("entries" | "links", item) in entry order."""
    for entry in _rows(plan, batch):
        if entry.seq <= plan.last:
            yield "entries", _export_entry(entry)
        else:
            yield "links", {"seq": entry.seq, "content_sha256": audit.content_hash(entry)}


def export_trail(
    organization: Organization,
    start: dt.date | dt.datetime | None = None,
    end: dt.date | dt.datetime | None = None,
    *,
    batch: int = BATCH,
) -> dict[str, Any]:
    """The entries of a period (all when no dates), made checkable with the public key alone."""
    plan = _plan(organization, start, end)
    export: dict[str, Any] = {**plan.header, "entries": [], "links": [], "checkpoints": []}
    if plan.qs is None:
        return export
    _check(plan, batch)
    for key, item in _items(plan, batch):
        export[key].append(item)
    export["checkpoints"] = plan.included
    return export


def write_trail(
    out: IO[str],
    organization: Organization,
    start: dt.date | dt.datetime | None = None,
    end: dt.date | dt.datetime | None = None,
    *,
    batch: int = BATCH,
) -> tuple[int, int]:
    """Write the same document as `export_trail` to a text file, one entry at a time; the numbers of
    entries and checkpoints written. Raises CheckpointRefused before writing anything."""
    plan = _plan(organization, start, end)
    if plan.qs is not None:
        _check(plan, batch)

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    out.write("{\n")
    for key, value in plan.header.items():
        out.write(f"{dump(key)}: {dump(value)},\n")
    count = 0
    out.write('"entries": [')
    links_open = False
    if plan.qs is not None:
        for key, item in _items(plan, batch):
            if key == "entries":
                out.write(("\n" if count == 0 else ",\n") + dump(item))
                count += 1
                continue
            if not links_open:
                out.write('\n],\n"links": [\n')
                links_open = True
            else:
                out.write(",\n")
            out.write(dump(item))
    if not links_open:
        out.write('\n],\n"links": [')
    out.write('\n],\n"checkpoints": ' + dump(plan.included) + "\n}\n")
    return count, len(plan.included)
