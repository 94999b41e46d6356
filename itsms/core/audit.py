"""The tamper-evident audit trail: one HMAC chain per organization.

Each entry's MAC covers its own content and the previous entry's MAC, keyed with a server secret
(settings.AUDIT_HMAC_KEY). Editing, deleting, reordering or inserting a row therefore breaks the
chain where it happened. The chain head (AuditChainHead) carries its own MAC, so cutting entries off
the end is detected as well. Appending locks the head row: writers of one organization queue, writers
of different organizations never wait on each other.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import ipaddress
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address
from django.utils.translation import gettext as _

from .models import AuditChainHead, AuditEntry, Organization, User
from .requestctx import current_ip

GENESIS = "0" * 64


def _key() -> bytes:
    return settings.AUDIT_HMAC_KEY.encode()


def to_jsonable(value: Any) -> Any:
    """Turn a field value into something JSON keeps unchanged on SQLite and PostgreSQL alike."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float | decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk if isinstance(value.pk, int) else str(value.pk)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [to_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields` (foreign keys by id), for diffing before and after a change."""
    data: dict[str, Any] = {}
    for name in fields:
        f = obj._meta.get_field(name)
        attname = getattr(f, "attname", name)
        data[name] = to_jsonable(getattr(obj, attname))
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [before, after]}; a created object has before = None."""
    names = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return {n: [before.get(n), after.get(n)] for n in names if before.get(n) != after.get(n)}


def clean_ip(value: str | None) -> str | None:
    """The address as the database gives it back, or None when it is not an address.

    The MAC is computed before the row is saved, so the stored value must be exactly what the column
    returns: GenericIPAddressField rewrites IPv6 addresses on save ("2001:DB8::0001" becomes
    "2001:db8::1") and PostgreSQL's inet rejects anything that is not an address (a proxy header can
    carry "unknown"), which would otherwise fail the whole service write.
    """
    if not value:
        return None
    try:
        address = ipaddress.ip_address(value.split("%", 1)[0].strip())
    except ValueError:
        return None
    if address.version == 4:
        return str(address)
    return clean_ipv6_address(str(address))


def _canonical(entry: AuditEntry) -> bytes:
    payload = {
        "org": entry.organization_id,
        "seq": entry.seq,
        "at": entry.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": entry.changes,
        "ip": entry.ip,
        "prev": entry.prev_mac,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_mac(entry: AuditEntry) -> str:
    return hmac.new(_key(), _canonical(entry), hashlib.sha256).hexdigest()


def head_mac(organization_id: int, last_seq: int, last_mac: str) -> str:
    message = f"head|{organization_id}|{last_seq}|{last_mac}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def chain_start(organization: Organization) -> AuditChainHead:
    """Create the chain head of a new organization (called by organization_create)."""
    return AuditChainHead.objects.create(
        organization=organization,
        last_seq=0,
        last_mac=GENESIS,
        head_mac=head_mac(organization.pk, 0, GENESIS),
    )


def record(
    *,
    organization: Organization,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the organization's chain. Must run inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the service's transaction")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    head = AuditChainHead.objects.select_for_update().get(organization=organization)
    entry = AuditEntry(
        organization=organization,
        seq=head.last_seq + 1,
        created_at=timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=str(actor)[:200] if actor is not None and actor.is_authenticated else "system",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        changes=to_jsonable(changes or {}),
        ip=clean_ip(current_ip.get()),
        prev_mac=head.last_mac,
    )
    entry.mac = entry_mac(entry)
    entry.save(force_insert=True)
    head.last_seq = entry.seq
    head.last_mac = entry.mac
    head.head_mac = head_mac(organization.pk, entry.seq, entry.mac)
    head.save(update_fields=["last_seq", "last_mac", "head_mac"])
    return entry


@dataclass
class VerifyResult:
    organization: Organization
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class _Walk:
    """The state of one walk along a chain: what the next entry must look like."""

    def __init__(self, result: VerifyResult) -> None:
        self.result = result
        self.expected_seq = 1
        self.prev_mac = GENESIS
        self.last_seq = 0

    def check(self, entry: AuditEntry) -> None:
        problems = self.result.problems
        self.result.checked += 1
        if entry.seq != self.expected_seq:
            problems.append(
                _("entry #%(seq)s: expected sequence number %(expected)s (entries missing or renumbered)")
                % {"seq": entry.seq, "expected": self.expected_seq}
            )
        if entry.prev_mac != self.prev_mac:
            problems.append(_("entry #%(seq)s: does not link to the entry before it") % {"seq": entry.seq})
        if not hmac.compare_digest(entry.mac, entry_mac(entry)):
            problems.append(
                _("entry #%(seq)s: content does not match its MAC (edited or forged)") % {"seq": entry.seq}
            )
        self.prev_mac = entry.mac
        self.expected_seq = entry.seq + 1
        self.last_seq = entry.seq

    def walk_from(self, qs: models.QuerySet[AuditEntry], batch: int) -> None:
        while True:
            rows = list(qs.filter(seq__gt=self.last_seq)[:batch])
            for entry in rows:
                self.check(entry)
            if len(rows) < batch:
                return


def verify(organization: Organization, *, batch: int = 2000, max_rounds: int = 20) -> VerifyResult:
    """Walk the chain in sequence order and report every break; reads in batches to bound memory.

    Writers may append while we walk (the command runs on a live system). An entry and its head update
    commit together, so a head read after the walk always covers every entry the walk saw; when the head
    has moved further we walk the new entries and look again, and only a head that is behind the trail,
    or ahead of it with nothing more to read, is a break.
    """
    result = VerifyResult(organization=organization)
    walk = _Walk(result)
    qs = AuditEntry.objects.filter(organization=organization).order_by("seq")
    head: AuditChainHead | None = None
    for _round in range(max_rounds):
        walk.walk_from(qs, batch)
        head = AuditChainHead.objects.filter(organization=organization).first()
        if head is None or head.last_seq <= walk.last_seq:
            break
        if not qs.filter(seq__gt=walk.last_seq).exists():
            break
    if head is None:
        result.problems.append(_("the chain head is missing"))
        return result
    if not hmac.compare_digest(head.head_mac, head_mac(organization.pk, head.last_seq, head.last_mac)):
        result.problems.append(_("the chain head does not match its MAC (edited)"))
    if head.last_seq != walk.last_seq or head.last_mac != walk.prev_mac:
        result.problems.append(
            _("the chain head names entry #%(head)s as the last, but the trail ends at #%(last)s")
            % {"head": head.last_seq, "last": walk.last_seq}
        )
    return result
