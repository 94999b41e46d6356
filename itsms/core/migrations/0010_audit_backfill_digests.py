"""Fill the public SHA-256 chain of existing audit entries, in sequence order per organization.

digest = SHA-256(previous digest || SHA-256(canonical content)), as itsms.core.audit.entry_digest; the
chain head keeps the digest of its last entry. The canonical form is copied so this migration never
changes with later code.
"""

import datetime as dt
import hashlib
import json

from django.db import migrations

BATCH = 2000
GENESIS = "0" * 64


def _content(entry) -> bytes:
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
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def forwards(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    for head in AuditChainHead.objects.all():
        prev, seq, by_seq = GENESIS, 0, {0: GENESIS}
        while True:
            rows = list(
                AuditEntry.objects.filter(organization_id=head.organization_id, seq__gt=seq).order_by("seq")[
                    :BATCH
                ]
            )
            for entry in rows:
                content = hashlib.sha256(_content(entry)).digest()
                entry.digest = prev = hashlib.sha256(bytes.fromhex(prev) + content).hexdigest()
                seq = entry.seq
            by_seq[seq] = prev
            AuditEntry.objects.bulk_update(rows, ["digest"])
            if len(rows) < BATCH:
                break
        if head.last_seq in by_seq:
            last = by_seq[head.last_seq]
        else:
            found = AuditEntry.objects.filter(organization_id=head.organization_id, seq=head.last_seq).first()
            last = found.digest if found is not None else GENESIS
        head.last_digest = last
        head.save(update_fields=["last_digest"])


def backwards(apps, schema_editor):
    apps.get_model("core", "AuditEntry").objects.update(digest="")
    apps.get_model("core", "AuditChainHead").objects.update(last_digest="")


class Migration(migrations.Migration):
    dependencies = [("core", "0009_audit_backfill_key_ids")]

    operations = [migrations.RunPython(forwards, backwards)]
