"""The tamper-evident audit trail: one HMAC chain and one public SHA-256 chain per organization.

Each entry's MAC covers its own content and the previous entry's MAC, keyed with a server secret
(settings.AUDIT_HMAC_KEYS; the entry names its key id, so keys rotate without breaking older entries).
Editing, deleting, reordering or inserting a row therefore breaks the chain where it happened. The chain
head (AuditChainHead) carries its own MAC, so cutting entries off the end is detected as well. Appending
locks the head row: writers of one organization queue, writers of different organizations never wait on
each other.

Someone who can write the database can still restore an old head row after deleting newer entries: that
is caught by the signed checkpoints kept outside the database (itsms.core.audit_checkpoints), which
`verify` compares with the trail. The public digest chain (`digest = SHA-256(previous digest || SHA-256
(content))`) is what checkpoints sign and what an external auditor recomputes from an export with only the
public key (scripts/verify_trail.py).
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import ipaddress
import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address
from django.utils.translation import gettext as _

from .audit_keys import current_hmac_key_id, hmac_keys
from .models import AuditChainHead, AuditEntry, Organization, User
from .requestctx import current_ip

logger = logging.getLogger(__name__)

GENESIS = "0" * 64


class UnknownKey(Exception):
    """An entry or head names an HMAC key id that is not configured."""


def _key(key_id: str = "") -> bytes:
    keys = hmac_keys()
    # Rows made before key ids existed were backfilled; "" only remains for a row nobody could match.
    secret = keys.get(key_id or current_hmac_key_id())
    if secret is None:
        raise UnknownKey(key_id)
    return secret.encode()


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


def _payload(entry: AuditEntry) -> dict[str, Any]:
    """The entry's recorded content: what both the MAC and the public digest cover."""
    return {
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
    }


def canonical_json(value: Any) -> bytes:
    """The one byte form of JSON that is hashed, MACed and signed (scripts/verify_trail.py repeats it)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _canonical(entry: AuditEntry) -> bytes:
    return canonical_json({**_payload(entry), "prev": entry.prev_mac})


def entry_mac(entry: AuditEntry) -> str:
    return hmac.new(_key(entry.key_id), _canonical(entry), hashlib.sha256).hexdigest()


def content_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(canonical_json(_payload(entry))).hexdigest()


def link_digest(prev_digest: str, content_sha256: str) -> str:
    """The public chain's link: hashing the previous digest in makes each digest commit to all before it.

    Hashing the content first lets an export carry entries after a period as (seq, content hash) alone:
    the auditor can follow the chain to the checkpoint without seeing what those entries say.
    """
    return hashlib.sha256(bytes.fromhex(prev_digest) + bytes.fromhex(content_sha256)).hexdigest()


def entry_digest(entry: AuditEntry, prev_digest: str) -> str:
    return link_digest(prev_digest, content_hash(entry))


def head_mac(organization_id: int, last_seq: int, last_mac: str, key_id: str = "") -> str:
    message = f"head|{organization_id}|{last_seq}|{last_mac}".encode()
    return hmac.new(_key(key_id), message, hashlib.sha256).hexdigest()


def chain_start(organization: Organization) -> AuditChainHead:
    """Create the chain head of a new organization (called by organization_create)."""
    key_id = current_hmac_key_id()
    return AuditChainHead.objects.create(
        organization=organization,
        last_seq=0,
        last_mac=GENESIS,
        last_digest=GENESIS,
        key_id=key_id,
        head_mac=head_mac(organization.pk, 0, GENESIS, key_id),
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
    key_id = current_hmac_key_id()
    now = timezone.now()
    entry = AuditEntry(
        organization=organization,
        seq=head.last_seq + 1,
        created_at=now,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=str(actor)[:200] if actor is not None and actor.is_authenticated else "system",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        changes=to_jsonable(changes or {}),
        ip=clean_ip(current_ip.get()),
        prev_mac=head.last_mac,
        key_id=key_id,
    )
    entry.mac = entry_mac(entry)
    entry.digest = entry_digest(entry, head.last_digest or GENESIS)
    entry.save(force_insert=True)
    head.last_seq = entry.seq
    head.last_mac = entry.mac
    head.last_digest = entry.digest
    head.key_id = key_id
    head.head_mac = head_mac(organization.pk, entry.seq, entry.mac, key_id)
    fields = ["last_seq", "last_mac", "last_digest", "key_id", "head_mac"]
    if _checkpoint_due(head, now):
        # Signing and writing to storage are slow and may fail: the worker does it after commit.
        head.checkpoint_requested_seq = entry.seq
        head.checkpoint_requested_at = now
        fields += ["checkpoint_requested_seq", "checkpoint_requested_at"]
        transaction.on_commit(lambda: _enqueue_checkpoint(organization.pk), robust=True)
    head.save(update_fields=fields)
    return entry


def _checkpoint_due(head: AuditChainHead, now: dt.datetime) -> bool:
    every_entries: int = settings.AUDIT_CHECKPOINT_EVERY_ENTRIES
    every_minutes: int = settings.AUDIT_CHECKPOINT_EVERY_MINUTES
    if every_entries and head.last_seq - head.checkpoint_requested_seq >= every_entries:
        return True
    if every_minutes:
        asked = head.checkpoint_requested_at
        return asked is None or now - asked >= dt.timedelta(minutes=every_minutes)
    return False


def _enqueue_checkpoint(organization_id: int) -> None:
    from .tasks import audit_checkpoint

    audit_checkpoint.enqueue(organization_id)


@dataclass(frozen=True)
class Anchor:
    """What a signed checkpoint says entry `seq` was (see itsms.core.audit_checkpoints)."""

    name: str
    seq: int
    mac: str
    digest: str


@dataclass
class VerifyResult:
    organization: Organization
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    checkpoints: int = 0
    # The newest checkpoint that matched the trail, as (seq, name), for the report.
    latest_checkpoint: tuple[int, str] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


class _Walk:
    """The state of one walk along a chain: what the next entry must look like."""

    def __init__(self, result: VerifyResult, anchors: dict[int, list[Anchor]]) -> None:
        self.result = result
        self.anchors = anchors
        self.seen_anchors: set[int] = set()
        self.expected_seq = 1
        self.prev_mac = GENESIS
        self.prev_digest = GENESIS
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
        try:
            mac_ok = hmac.compare_digest(entry.mac, entry_mac(entry))
        except UnknownKey:
            problems.append(
                _("entry #%(seq)s: made with the key %(key)r, which is not configured (AUDIT_HMAC_KEYS)")
                % {"seq": entry.seq, "key": entry.key_id}
            )
        else:
            if not mac_ok:
                problems.append(
                    _("entry #%(seq)s: content does not match its MAC (edited or forged)")
                    % {"seq": entry.seq}
                )
            elif entry.prev_mac == self.prev_mac and entry.digest != entry_digest(entry, self.prev_digest):
                # Only with an intact MAC and link (a broken link is reported already): the public digest
                # alone was rewritten.
                problems.append(
                    _("entry #%(seq)s: its public digest does not match its content") % {"seq": entry.seq}
                )
        for anchor in self.anchors.get(entry.seq, ()):
            self.seen_anchors.add(entry.seq)
            if anchor.mac != entry.mac or anchor.digest != entry.digest:
                problems.append(
                    _(
                        "FORK: entry #%(seq)s is not the entry checkpoint %(name)s signed "
                        "(the trail was rewritten from there)"
                    )
                    % {"seq": entry.seq, "name": anchor.name}
                )
            elif self.result.latest_checkpoint is None or entry.seq >= self.result.latest_checkpoint[0]:
                self.result.latest_checkpoint = (entry.seq, anchor.name)
        self.prev_mac = entry.mac
        self.prev_digest = entry.digest
        self.expected_seq = entry.seq + 1
        self.last_seq = entry.seq

    def walk_from(self, qs: models.QuerySet[AuditEntry], batch: int) -> None:
        while True:
            rows = list(qs.filter(seq__gt=self.last_seq)[:batch])
            for entry in rows:
                self.check(entry)
            if len(rows) < batch:
                return


def verify(
    organization: Organization,
    *,
    batch: int = 2000,
    max_rounds: int = 20,
    checkpoints: bool = True,
) -> VerifyResult:
    """Walk the chain in sequence order and report every break; reads in batches to bound memory.

    Writers may append while we walk (the command runs on a live system). An entry and its head update
    commit together, so a head read after the walk always covers every entry the walk saw; when the head
    has moved further we walk the new entries and look again, and only a head that is behind the trail,
    or ahead of it with nothing more to read, is a break.

    With `checkpoints`, the signed checkpoints in storage are read first: a forged one is reported, and
    every genuine one must name an entry of the trail with the same MAC and digest (else a fork) that
    still exists (else a rollback: entries were removed and an older head restored).
    """
    result = VerifyResult(organization=organization)
    anchors: dict[int, list[Anchor]] = {}
    if checkpoints:
        from .audit_checkpoints import checkpoint_anchors

        anchor_list, checkpoint_problems = checkpoint_anchors(organization)
        result.problems.extend(checkpoint_problems)
        result.checkpoints = len(anchor_list)
        for anchor in anchor_list:
            anchors.setdefault(anchor.seq, []).append(anchor)
    walk = _Walk(result, anchors)
    qs = AuditEntry.objects.filter(organization=organization).order_by("seq")
    head: AuditChainHead | None = None
    for _round in range(max_rounds):
        walk.walk_from(qs, batch)
        head = AuditChainHead.objects.filter(organization=organization).first()
        if head is None or head.last_seq <= walk.last_seq:
            break
        if not qs.filter(seq__gt=walk.last_seq).exists():
            break
    _check_anchors_reached(result, anchors, walk)
    if head is None:
        result.problems.append(_("the chain head is missing"))
        return result
    try:
        head_ok = hmac.compare_digest(
            head.head_mac, head_mac(organization.pk, head.last_seq, head.last_mac, head.key_id)
        )
    except UnknownKey:
        head_ok = False
    if not head_ok:
        result.problems.append(_("the chain head does not match its MAC (edited)"))
    if head.last_seq != walk.last_seq or head.last_mac != walk.prev_mac:
        result.problems.append(
            _("the chain head names entry #%(head)s as the last, but the trail ends at #%(last)s")
            % {"head": head.last_seq, "last": walk.last_seq}
        )
    elif (head.last_digest or GENESIS) != walk.prev_digest:
        result.problems.append(_("the chain head's digest is not the last entry's (edited)"))
    return result


def _check_anchors_reached(result: VerifyResult, anchors: dict[int, list[Anchor]], walk: _Walk) -> None:
    """Checkpoints whose entry the walk never met: past the end (rollback) or cut out of the middle."""
    for seq in sorted(set(anchors) - walk.seen_anchors):
        name = anchors[seq][0].name
        if seq > walk.last_seq:
            result.problems.append(
                _(
                    "ROLLBACK: checkpoint %(name)s signed entry #%(seq)s, but the trail ends at #%(last)s "
                    "(newer entries were removed and an older head restored)"
                )
                % {"name": name, "seq": seq, "last": walk.last_seq}
            )
        else:
            result.problems.append(
                _("ROLLBACK: checkpoint %(name)s signed entry #%(seq)s, which is missing from the trail")
                % {"name": name, "seq": seq}
            )
