"""Signed checkpoints outside the database catch what the chain alone cannot: a rollback and a fork."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from itsms.core import audit, audit_checkpoints, services
from itsms.core.audit_keys import public_key_id
from itsms.core.models import AuditChainHead, AuditEntry, Organization, User


@pytest.fixture
def chain(org: Organization, admin: User, media: Path) -> Organization:
    """acme with five entries, and a storage folder of this test's own for the checkpoints."""
    for code in ("OPS", "DEV", "QA"):
        services.department_create(actor=admin, organization=org, name=f"Dept {code}", code=code)
    return org


def _add(org: Organization, admin: User, *codes: str) -> None:
    for code in codes:
        services.department_create(actor=admin, organization=org, name=f"Dept {code}", code=code)


def _head_row(org: Organization) -> dict[str, Any]:
    return dict(AuditChainHead.objects.filter(organization=org).values().get())


def _restore_head(org: Organization, saved: dict[str, Any]) -> None:
    AuditChainHead.objects.filter(organization=org).update(
        **{k: v for k, v in saved.items() if k != "organization_id"}
    )


def _files(media: Path, org: Organization) -> list[str]:
    folder = media / "audit-checkpoints" / org.slug
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _rollback(org: Organization, saved: dict[str, Any], after: int) -> None:
    """What someone with database access does: delete the newer entries, put the old head row back."""
    AuditEntry.objects.filter(organization=org, seq__gt=after).delete()
    _restore_head(org, saved)


def test_checkpoint_is_a_signed_file_in_storage(chain: Organization, media: Path) -> None:
    made = audit_checkpoints.checkpoint_create(chain)
    assert made is not None and made.created is True
    (name,) = _files(media, chain)
    assert name.startswith("000000000005-") and name.endswith("Z.json")
    stored = json.loads((media / "audit-checkpoints" / chain.slug / name).read_text())
    head = AuditChainHead.objects.get(organization=chain)
    assert {
        k: stored[k] for k in ("format", "organization_id", "organization_slug", "seq", "mac", "digest")
    } == {
        "format": "itsms-audit-checkpoint/1",
        "organization_id": chain.pk,
        "organization_slug": "acme",
        "seq": 5,
        "mac": head.last_mac,
        "digest": head.last_digest,
    }
    assert stored["hmac_key_id"] == "k1"
    public = audit_checkpoints.signing_key().public_key()
    assert stored["signing_key_id"] == public_key_id(public)
    body = {k: v for k, v in stored.items() if k != "signature"}
    public.verify(base64.b64decode(stored["signature"]), audit.canonical_json(body))


def test_a_second_checkpoint_of_the_same_head_writes_nothing(chain: Organization, media: Path) -> None:
    audit_checkpoints.checkpoint_create(chain)
    again = audit_checkpoints.checkpoint_create(chain)
    assert again is not None and again.created is False
    assert len(_files(media, chain)) == 1


def test_checkpoints_are_never_overwritten(chain: Organization, admin: User, media: Path) -> None:
    first = audit_checkpoints.checkpoint_create(chain)
    _add(chain, admin, "NEW")
    second = audit_checkpoints.checkpoint_create(chain)
    assert first is not None and second is not None
    assert _files(media, chain) == sorted([first.document["name"], second.document["name"]])
    assert audit_checkpoints.latest_checkpoint(chain)["seq"] == 6


def test_verify_with_checkpoints_reports_them(chain: Organization) -> None:
    audit_checkpoints.checkpoint_create(chain)
    result = audit.verify(chain)
    assert (result.ok, result.checkpoints, result.latest_checkpoint and result.latest_checkpoint[0]) == (
        True,
        1,
        5,
    )


def test_rollback_to_an_older_head_row_is_reported(chain: Organization, admin: User) -> None:
    saved = _head_row(chain)
    _add(chain, admin, "A", "B")
    made = audit_checkpoints.checkpoint_create(chain)
    assert made is not None
    _rollback(chain, saved, after=5)
    # The attack: the chain alone still links and its restored head carries a valid MAC.
    assert audit.verify(chain, checkpoints=False).problems == []
    assert audit.verify(chain).problems == [
        f"ROLLBACK: checkpoint {made.document['name']} signed entry #7, but the trail ends at #5 "
        "(newer entries were removed and an older head restored)"
    ]


def test_rollback_then_new_writes_is_a_fork(chain: Organization, admin: User) -> None:
    saved = _head_row(chain)
    _add(chain, admin, "A", "B")
    made = audit_checkpoints.checkpoint_create(chain)
    assert made is not None
    _rollback(chain, saved, after=5)
    _add(chain, admin, "C", "D")  # the application carries on from the restored head
    assert audit.verify(chain, checkpoints=False).problems == []
    assert audit.verify(chain).problems == [
        f"FORK: entry #7 is not the entry checkpoint {made.document['name']} signed "
        "(the trail was rewritten from there)"
    ]


def test_a_checkpointed_entry_cut_from_the_middle_is_reported(chain: Organization, admin: User) -> None:
    made = audit_checkpoints.checkpoint_create(chain)
    assert made is not None
    _add(chain, admin, "A")
    AuditEntry.objects.filter(organization=chain, seq=5).delete()
    assert audit.verify(chain).problems == [
        "entry #6: expected sequence number 5 (entries missing or renumbered)",
        "entry #6: does not link to the entry before it",
        f"ROLLBACK: checkpoint {made.document['name']} signed entry #5, which is missing from the trail",
    ]


def test_checkpoint_refuses_to_sign_over_a_rollback(chain: Organization, admin: User, media: Path) -> None:
    saved = _head_row(chain)
    _add(chain, admin, "A", "B")
    audit_checkpoints.checkpoint_create(chain)
    _rollback(chain, saved, after=5)
    with pytest.raises(audit_checkpoints.CheckpointRefused, match="ROLLBACK: checkpoint .* signed entry #7"):
        audit_checkpoints.checkpoint_create(chain)
    _add(chain, admin, "C", "D", "E")
    with pytest.raises(audit_checkpoints.CheckpointRefused, match="FORK: entry #7"):
        audit_checkpoints.checkpoint_create(chain)
    assert len(_files(media, chain)) == 1


def test_checkpoint_refuses_to_sign_a_broken_chain(chain: Organization) -> None:
    AuditEntry.objects.filter(organization=chain, seq=3).update(action="department.delete")
    with pytest.raises(audit_checkpoints.CheckpointRefused) as refused:
        audit_checkpoints.checkpoint_create(chain)
    assert refused.value.problems == ["entry #3: content does not match its MAC (edited or forged)"]


def _write(media: Path, org: Organization, name: str, document: dict[str, Any]) -> None:
    folder = media / "audit-checkpoints" / org.slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(document))


def test_a_checkpoint_signed_by_an_unknown_key_is_reported(chain: Organization, media: Path) -> None:
    made = audit_checkpoints.checkpoint_create(chain)
    assert made is not None
    forger = Ed25519PrivateKey.generate()
    forged = {k: v for k, v in made.document.items() if k not in ("signature", "name")}
    forged.update(seq=9, signing_key_id=public_key_id(forger.public_key()))
    forged["signature"] = base64.b64encode(forger.sign(audit.canonical_json(forged))).decode()
    _write(media, chain, "000000000009-forged.json", forged)
    assert audit.verify(chain).problems == [
        f"checkpoint 000000000009-forged.json is signed by key {forged['signing_key_id']}, "
        "which is not a known signing key"
    ]


def test_an_edited_checkpoint_fails_its_signature(chain: Organization, media: Path) -> None:
    made = audit_checkpoints.checkpoint_create(chain)
    assert made is not None
    path = media / "audit-checkpoints" / chain.slug / made.document["name"]
    document = json.loads(path.read_text())
    document["seq"] = 3
    path.write_text(json.dumps(document))
    assert audit.verify(chain).problems == [
        f"checkpoint {made.document['name']}: its signature does not verify (forged or damaged)"
    ]


def test_an_unreadable_checkpoint_is_reported(chain: Organization, media: Path) -> None:
    _write(media, chain, "000000000001-x.json", {"format": "something else"})
    assert audit.verify(chain).problems == ["checkpoint 000000000001-x.json cannot be read"]


def test_another_organizations_checkpoint_under_this_slug_is_reported(
    chain: Organization, other_org: Organization, media: Path
) -> None:
    made = audit_checkpoints.checkpoint_create(other_org)
    assert made is not None
    source = media / "audit-checkpoints" / other_org.slug / made.document["name"]
    _write(media, chain, made.document["name"], json.loads(source.read_text()))
    assert audit.verify(chain).problems == [
        f"checkpoint {made.document['name']} belongs to another organization"
    ]


def test_a_retired_signing_key_still_verifies_old_checkpoints(chain: Organization, settings) -> None:  # noqa: ANN001
    made = audit_checkpoints.checkpoint_create(chain)
    assert made is not None
    old_public = audit_checkpoints.public_keys()[0]
    settings.AUDIT_SIGNING_KEY = base64.b64encode(b"\x07" * 32).decode()
    assert audit.verify(chain).problems == [
        f"checkpoint {made.document['name']} is signed by key {made.document['signing_key_id']}, "
        "which is not a known signing key"
    ]
    settings.AUDIT_SIGNING_OLD_PUBLIC_KEYS = [old_public]
    assert audit.verify(chain).ok is True


# --- automatic checkpoints from the worker -----------------------------------------------------------------


def test_the_worker_signs_every_n_entries_after_commit(
    org: Organization,
    admin: User,
    media: Path,
    settings,
    django_capture_on_commit_callbacks,  # noqa: ANN001
) -> None:
    settings.AUDIT_CHECKPOINT_EVERY_ENTRIES = 3
    for code in ("A", "B", "C", "D", "E"):
        with django_capture_on_commit_callbacks(execute=True):
            _add(org, admin, code)
    # Entries 1-2 come from the organization's creation (no callbacks run there); 3 and 6 are due.
    assert [name[:12] for name in _files(media, org)] == ["000000000003", "000000000006"]
    assert audit.verify(org).ok is True


def test_the_worker_signs_after_n_minutes_of_writing(
    org: Organization,
    admin: User,
    media: Path,
    settings,
    django_capture_on_commit_callbacks,
    time_machine,  # noqa: ANN001
) -> None:
    settings.AUDIT_CHECKPOINT_EVERY_MINUTES = 30
    time_machine.move_to("2026-03-01 09:00:00+00:00", tick=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _add(org, admin, "A")  # never asked before: due at once
        _add(org, admin, "B")
    assert len(callbacks) == 1
    time_machine.move_to("2026-03-01 09:29:00+00:00", tick=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _add(org, admin, "C")
    assert callbacks == []
    time_machine.move_to("2026-03-01 09:31:00+00:00", tick=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _add(org, admin, "D")
    assert len(callbacks) == 1
    # The first task ran when the first block committed its callbacks, after entry 4.
    assert [name[:12] for name in _files(media, org)] == ["000000000004", "000000000006"]


def test_the_worker_task_logs_a_refusal_instead_of_signing(
    chain: Organization, admin: User, media: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from itsms.core.tasks import audit_checkpoint

    saved = _head_row(chain)
    _add(chain, admin, "A")
    audit_checkpoints.checkpoint_create(chain)
    _rollback(chain, saved, after=5)
    assert audit_checkpoint.call(chain.pk) == "refused"
    assert "audit checkpoint refused for acme: ROLLBACK" in caplog.text
    assert len(_files(media, chain)) == 1


# --- the commands ---------------------------------------------------------------------------------------------


def test_checkpoint_command_signs_each_organization(chain: Organization, other_org: Organization) -> None:
    out = io.StringIO()
    call_command("audit_checkpoint", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("acme: checkpoint 000000000005-") and lines[0].endswith(" signed at entry #5")
    assert lines[1].startswith("other: checkpoint 000000000001-")
    out = io.StringIO()
    call_command("audit_checkpoint", "--org", "acme", stdout=out)
    assert out.getvalue().startswith("acme: entry #5 is already signed (000000000005-")


def test_checkpoint_command_exits_1_on_a_rollback(chain: Organization, admin: User) -> None:
    saved = _head_row(chain)
    _add(chain, admin, "A")
    call_command("audit_checkpoint", "--org", "acme", stdout=io.StringIO())
    _rollback(chain, saved, after=5)
    out = io.StringIO()
    with pytest.raises(CommandError, match="Checkpoint refused \\(rollback or fork\\) for: acme") as exc:
        call_command("audit_checkpoint", "--org", "acme", stdout=out)
    assert exc.value.returncode == 1
    assert out.getvalue().splitlines()[0] == "acme: NOT SIGNED"


def test_verify_command_reports_a_rollback_and_exits_1(chain: Organization, admin: User) -> None:
    saved = _head_row(chain)
    _add(chain, admin, "A")
    call_command("audit_checkpoint", "--org", "acme", stdout=io.StringIO())
    out = io.StringIO()
    call_command("audit_verify", "--org", "acme", stdout=out)
    assert out.getvalue() == "acme: 6 entries, chain intact, 1 signed checkpoint matches (latest at #6)\n"
    _rollback(chain, saved, after=5)
    out = io.StringIO()
    with pytest.raises(CommandError, match="Tampering found in the audit trail of: acme") as exc:
        call_command("audit_verify", "--org", "acme", stdout=out)
    assert exc.value.returncode == 1
    assert out.getvalue().splitlines()[0] == "acme: 5 entries, CHAIN BROKEN (1 problem)"
    assert out.getvalue().splitlines()[1].startswith("  - ROLLBACK: checkpoint 000000000006-")


def test_keygen_prints_a_working_pair() -> None:
    out = io.StringIO()
    call_command("audit_keygen", stdout=out)
    first, second = out.getvalue().splitlines()
    assert first.startswith("AUDIT_SIGNING_KEY=")
    from itsms.core.audit_keys import load_private_key, public_key_text

    private = load_private_key(first.removeprefix("AUDIT_SIGNING_KEY="))
    assert second.endswith(public_key_text(private.public_key()))


def test_public_key_command_prints_the_current_key(settings) -> None:  # noqa: ANN001
    out = io.StringIO()
    call_command("audit_public_key", stdout=out)
    assert out.getvalue() == audit_checkpoints.public_keys()[0] + "\n"
    assert out.getvalue().startswith("ed25519:")


def test_latest_checkpoint_skips_a_forged_newer_file(chain: Organization, admin: User, media: Path) -> None:
    made = audit_checkpoints.checkpoint_create(chain)
    assert made is not None
    _write(media, chain, "000000000099-forged.json", {**made.document, "seq": 99})
    assert audit_checkpoints.latest_checkpoint(chain)["name"] == made.document["name"]
