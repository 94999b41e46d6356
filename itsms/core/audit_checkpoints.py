"""Signed checkpoints of the audit chains, kept outside the database, and the verifiable export.

A checkpoint states "entry #seq of organization X has this MAC and this public digest", signed with the
installation's Ed25519 key (settings.AUDIT_SIGNING_KEY) and written to file storage under
`audit-checkpoints/<org-slug>/<seq>-<time>.json`, never overwritten (S3 object lock or retention makes
that a promise). Someone who can write the database can delete newer entries and restore an older head
row, and the chain still links; but the checkpoints in storage still name the removed entries, so
`audit.verify` reports a rollback, or a fork when the chain was rewritten from an anchored entry on.

Checkpoints are made by `manage.py audit_checkpoint` (cron), by the worker every
AUDIT_CHECKPOINT_EVERY_ENTRIES entries or _MINUTES minutes (audit.record asks after commit), and on demand
from the audit trail page. Making one never holds a database lock: it reads the committed head, checks the
entries since the previous checkpoint, then signs and writes.

`export_trail` gives an auditor a period of the trail with the checkpoints that cover it and the public
keys; scripts/verify_trail.py checks it with the public key alone.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hmac
import json
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage, storages
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .audit_keys import public_key_id, public_key_text, signing_key, verification_keys, verify_signature
from .models import AuditChainHead, AuditEntry, Organization

logger = logging.getLogger(__name__)

PREFIX = "audit-checkpoints"
CHECKPOINT_FORMAT = "itsms-audit-checkpoint/1"
EXPORT_FORMAT = "itsms-audit-export/1"
# Operators may give checkpoints a storage of their own (a bucket with object lock) as STORAGES["audit"].
STORAGE_ALIAS = "audit"
# A checkpoint file is a few hundred bytes; anything much larger is not one of ours.
MAX_CHECKPOINT_BYTES = 64 * 1024


class CheckpointRefused(Exception):
    """The trail does not extend the latest checkpoint: signing it would bless a rollback or a fork."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class CheckpointResult:
    document: dict[str, Any]
    created: bool


def checkpoint_storage() -> Storage:
    if STORAGE_ALIAS in settings.STORAGES:
        return storages[STORAGE_ALIAS]
    return default_storage


def _folder(organization: Organization) -> str:
    return f"{PREFIX}/{organization.slug}"


def _names(organization: Organization) -> list[str]:
    """Every checkpoint's storage name, oldest first (names start with the zero-padded entry number)."""
    storage = checkpoint_storage()
    folder = _folder(organization)
    try:
        _dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    return [f"{folder}/{name}" for name in sorted(files) if name.endswith(".json")]


def _signed_message(document: dict[str, Any]) -> bytes:
    return audit.canonical_json({k: v for k, v in document.items() if k not in ("signature", "name")})


def _read(name: str) -> dict[str, Any] | None:
    storage = checkpoint_storage()
    with storage.open(name, "rb") as fh:
        raw = fh.read(MAX_CHECKPOINT_BYTES + 1)
    if len(raw) > MAX_CHECKPOINT_BYTES:
        return None
    try:
        document = json.loads(raw.decode())
    except (UnicodeDecodeError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def _problem(document: dict[str, Any] | None, name: str, organization: Organization) -> str | None:
    """Why this checkpoint cannot be trusted, or None when it is genuine and this organization's."""
    short = name.rsplit("/", 1)[-1]
    if document is None or document.get("format") != CHECKPOINT_FORMAT:
        return _("checkpoint %(name)s cannot be read") % {"name": short}
    keys = verification_keys()
    key = keys.get(str(document.get("signing_key_id")))
    if key is None:
        return _("checkpoint %(name)s is signed by key %(key)s, which is not a known signing key") % {
            "name": short,
            "key": document.get("signing_key_id"),
        }
    try:
        signature = base64.b64decode(str(document.get("signature", "")), validate=True)
    except binascii.Error:
        signature = b""
    if not verify_signature(key, signature, _signed_message(document)):
        return _("checkpoint %(name)s: its signature does not verify (forged or damaged)") % {"name": short}
    if document.get("organization_id") != organization.pk or not isinstance(document.get("seq"), int):
        return _("checkpoint %(name)s belongs to another organization") % {"name": short}
    return None


def checkpoints_for(organization: Organization) -> tuple[list[dict[str, Any]], list[str]]:
    """(genuine checkpoint documents oldest first, problems with the others)."""
    documents: list[dict[str, Any]] = []
    problems: list[str] = []
    for name in _names(organization):
        document = _read(name)
        problem = _problem(document, name, organization)
        if problem is not None:
            problems.append(problem)
            continue
        assert document is not None
        documents.append({**document, "name": name.rsplit("/", 1)[-1]})
    documents.sort(key=lambda d: (d["seq"], d["signed_at"]))
    return documents, problems


def checkpoint_anchors(organization: Organization) -> tuple[list[audit.Anchor], list[str]]:
    """What audit.verify compares the trail with."""
    documents, problems = checkpoints_for(organization)
    anchors = [
        audit.Anchor(name=d["name"], seq=d["seq"], mac=d["mac"], digest=d["digest"]) for d in documents
    ]
    return anchors, problems


def latest_checkpoint(organization: Organization) -> dict[str, Any] | None:
    """The newest genuine checkpoint of the organization (highest entry number), or None.

    Names sort by entry number, so this reads files from the newest back and usually opens one: the
    audit trail page and every checkpoint ask, and on object storage each read is a request.
    """
    for name in reversed(_names(organization)):
        document = _read(name)
        if _problem(document, name, organization) is None:
            assert document is not None
            return {**document, "name": name.rsplit("/", 1)[-1]}
    return None


def _check_since(
    organization: Organization, head: AuditChainHead, latest: dict[str, Any] | None
) -> list[str]:
    """Problems between the latest checkpoint and the head: only a trail that extends it gets signed."""
    name = latest["name"] if latest else ""
    if latest is not None:
        if head.last_seq < latest["seq"]:
            return [
                _(
                    "ROLLBACK: checkpoint %(name)s signed entry #%(seq)s, but the trail ends at #%(last)s "
                    "(newer entries were removed and an older head restored)"
                )
                % {"name": name, "seq": latest["seq"], "last": head.last_seq}
            ]
        anchored = AuditEntry.objects.filter(organization=organization, seq=latest["seq"]).first()
        if anchored is None:
            return [
                _("ROLLBACK: checkpoint %(name)s signed entry #%(seq)s, which is missing from the trail")
                % {"name": name, "seq": latest["seq"]}
            ]
        if anchored.mac != latest["mac"] or anchored.digest != latest["digest"]:
            return [
                _(
                    "FORK: entry #%(seq)s is not the entry checkpoint %(name)s signed "
                    "(the trail was rewritten from there)"
                )
                % {"seq": latest["seq"], "name": name}
            ]
    result = audit.VerifyResult(organization=organization)
    walk = audit._Walk(result, {})
    if latest is not None:
        walk.last_seq = latest["seq"]
        walk.expected_seq = latest["seq"] + 1
        walk.prev_mac = latest["mac"]
        walk.prev_digest = latest["digest"]
    qs = AuditEntry.objects.filter(organization=organization, seq__lte=head.last_seq).order_by("seq")
    walk.walk_from(qs, 2000)
    problems = list(result.problems)
    try:
        head_ok = hmac.compare_digest(
            head.head_mac, audit.head_mac(organization.pk, head.last_seq, head.last_mac, head.key_id)
        )
    except audit.UnknownKey:
        head_ok = False
    if not head_ok:
        problems.append(_("the chain head does not match its MAC (edited)"))
    if (
        walk.last_seq != head.last_seq
        or walk.prev_mac != head.last_mac
        or walk.prev_digest != head.last_digest
    ):
        problems.append(
            _("the chain head names entry #%(head)s as the last, but the trail ends at #%(last)s")
            % {"head": head.last_seq, "last": walk.last_seq}
        )
    return problems


def _sign(body: dict[str, Any]) -> dict[str, Any]:
    signature = signing_key().sign(audit.canonical_json(body))
    return {**body, "signature": base64.b64encode(signature).decode()}


def checkpoint_create(organization: Organization) -> CheckpointResult | None:
    """Sign the committed chain head and store it; None when the chain has no entry yet.

    Refuses (CheckpointRefused) when the trail does not extend the latest checkpoint or is broken since it.
    Runs outside any transaction: the head read is a committed state, and a writer appending meanwhile
    only makes the checkpoint one entry older than the newest.
    """
    head = AuditChainHead.objects.filter(organization=organization).first()
    if head is None:
        raise CheckpointRefused([_("the chain head is missing")])
    if head.last_seq == 0:
        return None
    latest = latest_checkpoint(organization)
    if latest is not None and latest["seq"] == head.last_seq and latest["mac"] == head.last_mac:
        return CheckpointResult(document=latest, created=False)
    problems = _check_since(organization, head, latest)
    if problems:
        raise CheckpointRefused(problems)
    now = timezone.now()
    key = signing_key().public_key()
    document = _sign(
        {
            "format": CHECKPOINT_FORMAT,
            "organization_id": organization.pk,
            "organization_slug": organization.slug,
            "seq": head.last_seq,
            "mac": head.last_mac,
            "digest": head.last_digest,
            "hmac_key_id": head.key_id,
            "signed_at": now.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "signing_key_id": public_key_id(key),
        }
    )
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    wanted = f"{_folder(organization)}/{head.last_seq:012d}-{stamp}.json"
    # Storage picks another free name rather than overwrite (FileSystemStorage, S3 with file_overwrite off).
    stored = checkpoint_storage().save(wanted, ContentFile(json.dumps(document, indent=2).encode()))
    logger.info("audit checkpoint %s for %s at entry #%s", stored, organization.slug, head.last_seq)
    return CheckpointResult(document={**document, "name": stored.rsplit("/", 1)[-1]}, created=True)


def public_keys() -> list[str]:
    """The published public keys: the current signing key's first, then retired ones."""
    return [public_key_text(key) for key in verification_keys().values()]


# The export lives in audit_export.py; its names stay importable from here.
from .audit_export import export_trail, write_trail  # noqa: E402, F401
