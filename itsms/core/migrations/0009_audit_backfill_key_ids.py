"""Name the HMAC key that made each existing audit entry and chain head.

Entries made before key ids existed were keyed with the single AUDIT_HMAC_KEY of the time. Each row gets
the id of the configured key whose MAC matches it (an operator who moved to AUDIT_HMAC_KEYS lists the old
key too); a row no configured key matches keeps "" and `audit_verify` reports it as it would have before.
The canonical form is copied here so that later changes to itsms.core.audit never change this migration.
"""

import datetime as dt
import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations

BATCH = 2000


def _canonical(entry) -> bytes:
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


def _matching_key(keys: dict[str, bytes], message: bytes, mac: str, first: str) -> str:
    # Try the key that matched the previous row first: a chain is usually made with one key.
    for key_id in [first, *keys]:
        if key_id in keys and hmac.compare_digest(
            hmac.new(keys[key_id], message, hashlib.sha256).hexdigest(), mac
        ):
            return key_id
    return ""


def forwards(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    keys = {key_id: secret.encode() for key_id, secret in settings.AUDIT_HMAC_KEYS.items()}
    last = next(iter(keys))
    after = 0
    while True:
        rows = list(AuditEntry.objects.filter(pk__gt=after).order_by("pk")[:BATCH])
        for entry in rows:
            entry.key_id = _matching_key(keys, _canonical(entry), entry.mac, last)
            last = entry.key_id or last
        AuditEntry.objects.bulk_update(rows, ["key_id"])
        if len(rows) < BATCH:
            break
        after = rows[-1].pk
    for head in AuditChainHead.objects.all():
        message = f"head|{head.organization_id}|{head.last_seq}|{head.last_mac}".encode()
        head.key_id = _matching_key(keys, message, head.head_mac, last)
        head.save(update_fields=["key_id"])


def backwards(apps, schema_editor):
    apps.get_model("core", "AuditEntry").objects.update(key_id="")
    apps.get_model("core", "AuditChainHead").objects.update(key_id="")


class Migration(migrations.Migration):
    dependencies = [("core", "0008_audit_key_id_digest")]

    operations = [migrations.RunPython(forwards, backwards)]
