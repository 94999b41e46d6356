"""The signed export and the standalone verifier an external auditor runs with the public key alone."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import time_machine
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.management import call_command

from itsms.core import audit, audit_checkpoints, services
from itsms.core.audit_keys import public_key_id, public_key_text
from itsms.core.models import AuditChainHead, AuditEntry, Organization, User

CONTENT_FIELDS = ("org", "seq", "at", "actor", "actor_label", "action", "object_type", "object_id",
                  "object_repr", "changes", "ip")  # fmt: skip
SCRIPT = Path(settings.BASE_DIR) / "scripts" / "verify_trail.py"
# Runs the script with Django made unimportable: proof that an auditor needs only the standard library and
# `cryptography`.
NO_DJANGO = (
    "import runpy, sys; sys.modules['django'] = None; sys.argv = sys.argv[1:]; "
    "runpy.run_path(sys.argv[0], run_name='__main__')"
)


@pytest.fixture
def chain(org: Organization, admin: User, media: Path) -> Organization:
    for code in ("OPS", "DEV", "QA"):
        services.department_create(actor=admin, organization=org, name=f"部门 {code}", code=code)
    return org


def _verify(tmp_path: Path, export: dict[str, Any], *keys: str) -> tuple[int, str]:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    args = [a for key in (keys or (audit_checkpoints.public_keys()[0],)) for a in ("--public-key", key)]
    done = subprocess.run(  # noqa: S603 - our own script, with the interpreter running the tests
        [sys.executable, "-c", NO_DJANGO, str(SCRIPT), str(path), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stderr == ""
    return done.returncode, done.stdout


def test_export_holds_entries_digests_checkpoint_and_public_key(chain: Organization) -> None:
    export = audit_checkpoints.export_trail(chain)
    assert export["format"] == "itsms-audit-export/1"
    assert export["organization"] == {"id": chain.pk, "slug": "acme"}
    assert [e["seq"] for e in export["entries"]] == [1, 2, 3, 4, 5]
    fifth = AuditEntry.objects.get(organization=chain, seq=5)
    assert export["entries"][4]["digest"] == fifth.digest
    assert export["entries"][4]["object_repr"] == "部门 QA"
    assert export["links"] == []
    assert [c["seq"] for c in export["checkpoints"]] == [5]  # made for the export: none covered entry 5
    assert export["public_keys"] == [public_key_text(audit_checkpoints.signing_key().public_key())]
    assert audit_checkpoints.latest_checkpoint(chain)["seq"] == 5


def test_untouched_export_passes(chain: Organization, tmp_path: Path) -> None:
    status, out = _verify(tmp_path, audit_checkpoints.export_trail(chain))
    assert status == 0, out
    assert out.splitlines()[:2] == [f"organization acme (id {chain.pk})", "5 entries, #1 to #5"]
    assert out.splitlines()[-1] == "OK: the digest chain is intact and ends at the latest signed checkpoint"


def test_edited_entry_fails(chain: Organization, tmp_path: Path) -> None:
    export = audit_checkpoints.export_trail(chain)
    export["entries"][2]["action"] = "department.delete"
    status, out = _verify(tmp_path, export)
    assert status == 1
    assert "FAILED: 1 problem(s)" in out
    assert (
        "  - entry #3: content does not match its digest (edited, or the entry before it is not the original)"
        in out
    )


def test_edited_entry_with_recomputed_digests_fails_at_the_checkpoint(
    chain: Organization, tmp_path: Path
) -> None:
    export = audit_checkpoints.export_trail(chain)
    export["entries"][2]["object_repr"] = "Forged"
    prev = export["entries"][1]["digest"]
    for entry in export["entries"][2:]:  # a forger who knows the public digest rule rebuilds the chain
        content = {f: entry[f] for f in CONTENT_FIELDS}
        entry["digest"] = prev = audit.link_digest(
            prev, hashlib.sha256(audit.canonical_json(content)).hexdigest()
        )
    status, out = _verify(tmp_path, export)
    assert status == 1
    assert "entry #5 is not the one it signed (the trail was rewritten: fork or edit)" in out


def test_deleted_entry_fails(chain: Organization, tmp_path: Path) -> None:
    export = audit_checkpoints.export_trail(chain)
    del export["entries"][2]
    status, out = _verify(tmp_path, export)
    assert status == 1
    assert "  - entry #3 is missing (deleted)" in out


def test_deleted_last_entry_fails(chain: Organization, tmp_path: Path) -> None:
    export = audit_checkpoints.export_trail(chain)
    del export["entries"][-1]
    status, out = _verify(tmp_path, export)
    assert status == 1
    assert "checkpoint " in out and "signs entry #5, which the export does not contain" in out
    assert "the export ends at entry #4, but the latest checkpoint signs #5" in out


def test_reordered_entries_fail(chain: Organization, tmp_path: Path) -> None:
    export = audit_checkpoints.export_trail(chain)
    entries = export["entries"]
    entries[2], entries[3] = entries[3], entries[2]
    status, out = _verify(tmp_path, export)
    assert status == 1
    assert "  - entry #3 comes after #4: entries are out of order (reordered)" in out


def test_forged_checkpoint_fails(chain: Organization, tmp_path: Path) -> None:
    export = audit_checkpoints.export_trail(chain)
    export["checkpoints"][0]["digest"] = "0" * 64
    status, out = _verify(tmp_path, export)
    assert status == 1
    assert (
        f"checkpoint {export['checkpoints'][0]['name']}: the signature does not verify (forged or altered)"
        in out
    )
    assert "no checkpoint signed with your public key covers the export" in out


def test_checkpoint_signed_by_a_forger_fails(chain: Organization, tmp_path: Path) -> None:
    export = audit_checkpoints.export_trail(chain)
    forger = Ed25519PrivateKey.generate()
    checkpoint = export["checkpoints"][0]
    body = {k: v for k, v in checkpoint.items() if k not in ("signature", "name")}
    body["signing_key_id"] = public_key_id(forger.public_key())
    checkpoint.update(body, signature=base64.b64encode(forger.sign(audit.canonical_json(body))).decode())
    export["public_keys"] = [public_key_text(forger.public_key())]  # the export's own key is never trusted
    status, out = _verify(tmp_path, export)
    assert status == 1
    assert f"signed by key {body['signing_key_id']}, not by the public key you gave" in out


def test_wrong_public_key_fails(chain: Organization, tmp_path: Path) -> None:
    other = public_key_text(Ed25519PrivateKey.generate().public_key())
    status, out = _verify(tmp_path, audit_checkpoints.export_trail(chain), other)
    assert status == 1
    assert "not by the public key you gave" in out
    assert "no checkpoint signed with your public key covers the export: nothing in it is signed" in out


def test_public_key_may_be_given_as_a_file(chain: Organization, tmp_path: Path) -> None:
    key_file = tmp_path / "itsms.pub"
    key_file.write_text("\n".join(audit_checkpoints.public_keys()) + "\n")
    assert _verify(tmp_path, audit_checkpoints.export_trail(chain), str(key_file))[0] == 0


def test_a_malformed_public_key_is_a_usage_error(chain: Organization, tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(audit_checkpoints.export_trail(chain)))
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(SCRIPT), str(path), "--public-key", "ed25519:nope"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith("error: cannot read the public key")


@pytest.fixture
def march_and_april(org: Organization, admin: User, media: Path) -> Organization:
    """Entry 3 in March, entries 4-5 in April (entries 1-2, the creation, happen today)."""
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        services.department_create(actor=admin, organization=org, name="March", code="MAR")
    with time_machine.travel(dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC), tick=False):
        services.department_create(actor=admin, organization=org, name="April", code="APR")
        services.department_create(actor=admin, organization=org, name="April 2", code="AP2")
    return org


def test_period_export_links_to_the_next_checkpoint_without_content(
    march_and_april: Organization, tmp_path: Path
) -> None:
    org = march_and_april
    # Entries 1-2 (creation) happened today, after these dates: the period is entry 3 alone.
    export = audit_checkpoints.export_trail(org, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert [e["seq"] for e in export["entries"]] == [3]
    assert [link["seq"] for link in export["links"]] == [4, 5]
    assert set(export["links"][0]) == {"seq", "content_sha256"}
    assert export["prev_digest"] == AuditEntry.objects.get(organization=org, seq=2).digest
    assert _verify(tmp_path, export)[0] == 0


def test_export_of_an_empty_period(chain: Organization, tmp_path: Path) -> None:
    export = audit_checkpoints.export_trail(chain, dt.date(2000, 1, 1), dt.date(2000, 1, 2))
    assert (export["entries"], export["checkpoints"]) == ([], [])
    status, out = _verify(tmp_path, export)
    assert (status, out.splitlines()[1]) == (0, "the export holds no entries")


def test_export_command_writes_a_file_the_verifier_accepts(chain: Organization, tmp_path: Path) -> None:
    out_file = tmp_path / "trail.json"
    out = io.StringIO()
    call_command("audit_export", "--org", "acme", "--out", str(out_file), stdout=out)
    assert out.getvalue() == f"5 entries and 1 checkpoints written to {out_file}\n"
    status, _out = _verify(tmp_path, json.loads(out_file.read_text()))
    assert status == 0


def test_export_refuses_to_sign_a_rolled_back_trail(chain: Organization, admin: User) -> None:
    audit_checkpoints.checkpoint_create(chain)
    saved = AuditChainHead.objects.filter(organization=chain).values().get()
    services.department_create(actor=admin, organization=chain, name="Late", code="LT")
    audit_checkpoints.checkpoint_create(chain)
    AuditEntry.objects.filter(organization=chain, seq=6).delete()
    AuditChainHead.objects.filter(organization=chain).update(
        **{k: v for k, v in saved.items() if k != "organization_id"}
    )
    services.department_create(actor=admin, organization=chain, name="Other", code="OT")  # seq 6 again
    with pytest.raises(audit_checkpoints.CheckpointRefused, match="FORK: entry #6"):
        audit_checkpoints.export_trail(chain)


def test_the_script_imports_no_django() -> None:
    # The subprocess runs above make `import django` fail; this names the rule for a reader of the script.
    source = SCRIPT.read_text()
    assert "import django" not in source and "from django" not in source


def test_export_refuses_when_the_checkpointed_entries_are_gone(chain: Organization, admin: User) -> None:
    saved = AuditChainHead.objects.filter(organization=chain).values().get()
    services.department_create(actor=admin, organization=chain, name="Late", code="LT")
    made = audit_checkpoints.checkpoint_create(chain)
    assert made is not None
    AuditEntry.objects.filter(organization=chain, seq=6).delete()
    AuditChainHead.objects.filter(organization=chain).update(
        **{k: v for k, v in saved.items() if k != "organization_id"}
    )
    with pytest.raises(audit_checkpoints.CheckpointRefused) as refused:
        audit_checkpoints.export_trail(chain)
    assert refused.value.problems == [
        f"ROLLBACK: checkpoint {made.document['name']} signed entry #6, but the trail ends at #5 "
        "(newer entries were removed and an older head restored)"
    ]


def _streamed(org: Organization, *period: dt.date) -> tuple[dict[str, Any], tuple[int, int]]:
    from itsms.core.audit_export import write_trail

    out = io.StringIO()
    counts = write_trail(out, org, *period, batch=2)
    return json.loads(out.getvalue()), counts


def test_the_streamed_export_is_the_dict_export_written_entry_by_entry(chain: Organization) -> None:
    expected = audit_checkpoints.export_trail(chain, batch=2)
    streamed, counts = _streamed(chain)
    assert counts == (len(expected["entries"]), len(expected["checkpoints"])) == (5, 1)
    assert {**streamed, "exported_at": None} == {**expected, "exported_at": None}


def test_the_streamed_export_of_a_period_carries_its_links(
    march_and_april: Organization, tmp_path: Path
) -> None:
    org = march_and_april
    streamed, counts = _streamed(org, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert counts == (1, 1)
    assert [e["seq"] for e in streamed["entries"]] == [3]
    assert [link["seq"] for link in streamed["links"]] == [4, 5]
    assert _verify(tmp_path, streamed)[0] == 0


def test_the_streamed_export_of_an_empty_period(chain: Organization) -> None:
    streamed, counts = _streamed(chain, dt.date(2000, 1, 1), dt.date(2000, 1, 2))
    assert counts == (0, 0)
    assert (streamed["entries"], streamed["links"], streamed["checkpoints"]) == ([], [], [])
