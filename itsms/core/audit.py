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
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

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
    return {
        n: [before.get(n), after.get(n)]
        for n in names
        if before.get(n) != after.get(n)
    }


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
        organization=organization, last_seq=0, last_mac=GENESIS, head_mac=head_mac(organization.pk, 0, GENESIS)
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
        ip=current_ip.get(),
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


def verify(organization: Organization, *, batch: int = 2000) -> VerifyResult:
    """Walk the chain in sequence order and report every break; reads in batches to bound memory."""
    result = VerifyResult(organization=organization)
    expected_prev = GENESIS
    expected_seq = 1
    last_seq = 0
    qs = AuditEntry.objects.filter(organization=organization).order_by("seq")
    after = 0
    while True:
        rows = list(qs.filter(seq__gt=after)[:batch])
        if not rows:
            break
        for entry in rows:
            result.checked += 1
            if entry.seq != expected_seq:
                result.problems.append(f"entry #{entry.seq}: expected sequence number {expected_seq} (missing entries)")
            if entry.prev_mac != expected_prev:
                result.problems.append(f"entry #{entry.seq}: does not link to the entry before it")
            if not hmac.compare_digest(entry.mac, entry_mac(entry)):
                result.problems.append(f"entry #{entry.seq}: content does not match its MAC (edited or forged)")
            expected_prev = entry.mac
            expected_seq = entry.seq + 1
            last_seq = entry.seq
        after = rows[-1].seq
    head = AuditChainHead.objects.filter(organization=organization).first()
    if head is None:
        result.problems.append("the chain head is missing")
    else:
        if not hmac.compare_digest(head.head_mac, head_mac(organization.pk, head.last_seq, head.last_mac)):
            result.problems.append("the chain head does not match its MAC (edited)")
        if head.last_seq != last_seq or head.last_mac != expected_prev:
            result.problems.append(
                f"the chain head names entry #{head.last_seq} as the last, but the trail ends at #{last_seq}"
            )
    return result
