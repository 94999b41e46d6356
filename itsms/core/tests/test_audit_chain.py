"""The audit chain detects every kind of tampering done directly in the database, and survives concurrency."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.db import connections
from django.db.models import F

from itsms.core import audit, services
from itsms.core.models import AuditChainHead, AuditEntry, Organization, User
from itsms.core.requestctx import current_ip

FORGED_MAC = "f" * 64


@pytest.fixture
def chain(org: Organization, admin: User) -> Organization:
    """acme with five entries: organization.create, membership.add and three department.create."""
    for code in ("OPS", "DEV", "QA"):
        services.department_create(actor=admin, organization=org, name=f"Dept {code}", code=code)
    assert AuditEntry.objects.filter(organization=org).count() == 5
    return org


def _entry(org: Organization, seq: int) -> AuditEntry:
    return AuditEntry.objects.get(organization=org, seq=seq)


def _move_seq(org: Organization, old: int, new: int) -> None:
    AuditEntry.objects.filter(organization=org, seq=old).update(seq=new)


# Each tamper works on the five-entry chain of `chain` the way someone with database access would.
def edit_action(org: Organization) -> None:
    AuditEntry.objects.filter(organization=org, seq=3).update(action="department.delete")


def edit_changes(org: Organization) -> None:
    AuditEntry.objects.filter(organization=org, seq=3).update(changes={"name": [None, "Forged"]})


def edit_actor(org: Organization) -> None:
    AuditEntry.objects.filter(organization=org, seq=3).update(actor=None, actor_label="system")


def edit_created_at(org: Organization) -> None:
    AuditEntry.objects.filter(organization=org, seq=3).update(
        created_at=F("created_at") - dt.timedelta(days=1)
    )


def delete_middle(org: Organization) -> None:
    AuditEntry.objects.filter(organization=org, seq=3).delete()


def delete_last(org: Organization) -> None:
    AuditEntry.objects.filter(organization=org, seq=5).delete()


def delete_last_and_rewind_head(org: Organization) -> None:
    previous = _entry(org, 4)
    AuditEntry.objects.filter(organization=org, seq=5).delete()
    AuditChainHead.objects.filter(organization=org).update(last_seq=4, last_mac=previous.mac)


def swap_seq(org: Organization) -> None:
    _move_seq(org, 2, 1000)
    _move_seq(org, 3, 2)
    _move_seq(org, 1000, 3)


def swap_contents(org: Organization) -> None:
    fields = [
        "created_at",
        "actor",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "changes",
    ]
    a, b = _entry(org, 3), _entry(org, 4)
    AuditEntry.objects.filter(pk=a.pk).update(**{f: getattr(b, f) for f in fields})
    AuditEntry.objects.filter(pk=b.pk).update(**{f: getattr(a, f) for f in fields})


def _forge(org: Organization, seq: int, prev_mac: str) -> None:
    AuditEntry.objects.create(
        organization=org, seq=seq, created_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC), actor_label="system",
        action="department.delete", object_type="core.department", object_id="1", object_repr="Dept OPS",
        changes={}, prev_mac=prev_mac, mac=FORGED_MAC,
    )  # fmt: skip


def insert_middle(org: Organization) -> None:
    for seq in (5, 4, 3):
        _move_seq(org, seq, seq + 1)
    _forge(org, 3, _entry(org, 2).mac)


def insert_end(org: Organization) -> None:
    _forge(org, 6, _entry(org, 5).mac)


def delete_head(org: Organization) -> None:
    AuditChainHead.objects.filter(organization=org).delete()


MAC_3 = "entry #3: content does not match its MAC (edited or forged)"
TAMPERS: dict[str, tuple[Callable[[Organization], None], list[str]]] = {
    "edit_action": (edit_action, [MAC_3]),
    "edit_changes": (edit_changes, [MAC_3]),
    "edit_actor": (edit_actor, [MAC_3]),
    "edit_created_at": (edit_created_at, [MAC_3]),
    "delete_middle": (
        delete_middle,
        [
            "entry #4: expected sequence number 3 (entries missing or renumbered)",
            "entry #4: does not link to the entry before it",
        ],
    ),
    "delete_last": (delete_last, ["the chain head names entry #5 as the last, but the trail ends at #4"]),
    "delete_last_and_rewind_head": (
        delete_last_and_rewind_head,
        [
            "the chain head does not match its MAC (edited)",
            "the chain head's digest is not the last entry's (edited)",
        ],
    ),
    "swap_seq": (
        swap_seq,
        [
            "entry #2: does not link to the entry before it",
            "entry #2: content does not match its MAC (edited or forged)",
            "entry #3: does not link to the entry before it",
            "entry #3: content does not match its MAC (edited or forged)",
            "entry #4: does not link to the entry before it",
        ],
    ),
    "swap_contents": (
        swap_contents,
        [MAC_3, "entry #4: content does not match its MAC (edited or forged)"],
    ),
    "insert_middle": (
        insert_middle,
        [
            MAC_3,
            "entry #4: does not link to the entry before it",
            "entry #4: content does not match its MAC (edited or forged)",
            "entry #5: content does not match its MAC (edited or forged)",
            "entry #6: content does not match its MAC (edited or forged)",
            "the chain head names entry #5 as the last, but the trail ends at #6",
        ],
    ),
    "insert_end": (
        insert_end,
        [
            "entry #6: content does not match its MAC (edited or forged)",
            "the chain head names entry #5 as the last, but the trail ends at #6",
        ],
    ),
    "delete_head": (delete_head, ["the chain head is missing"]),
}


def test_untouched_chain_verifies_clean(chain: Organization) -> None:
    result = audit.verify(chain)
    assert (result.ok, result.checked, result.problems) == (True, 5, [])


@pytest.mark.parametrize("name", list(TAMPERS))
def test_tampering_is_detected(chain: Organization, name: str) -> None:
    tamper, expected = TAMPERS[name]
    tamper(chain)
    result = audit.verify(chain)
    assert result.ok is False
    assert result.problems == expected


@pytest.mark.parametrize("name", list(TAMPERS))
def test_tampering_leaves_another_organizations_chain_intact(
    chain: Organization, other_org: Organization, outsider: User, name: str
) -> None:
    services.department_create(actor=outsider, organization=other_org, name="Ops", code="OPS")
    TAMPERS[name][0](chain)
    result = audit.verify(other_org)
    assert (result.ok, result.checked) == (True, 3)


def test_moving_an_entry_to_another_organization_breaks_both_chains(
    chain: Organization, other_org: Organization
) -> None:
    AuditEntry.objects.filter(organization=chain, seq=5).update(organization=other_org, seq=2)
    assert audit.verify(chain).problems == [
        "the chain head names entry #5 as the last, but the trail ends at #4"
    ]
    assert audit.verify(other_org).problems == [
        "entry #2: does not link to the entry before it",
        "entry #2: content does not match its MAC (edited or forged)",
        "the chain head names entry #1 as the last, but the trail ends at #2",
    ]


def test_verify_reads_in_batches(chain: Organization) -> None:
    result = audit.verify(chain, batch=2)
    assert (result.ok, result.checked) == (True, 5)


def test_entry_appended_while_verify_walks_is_not_tampering(
    chain: Organization, admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    walk_from = audit._Walk.walk_from
    appended: list[int] = []

    def walk_then_append(self: audit._Walk, qs, batch: int) -> None:  # noqa: ANN001
        walk_from(self, qs, batch)
        if not appended:  # a writer commits between the walk and the read of the head
            appended.append(
                services.department_create(actor=admin, organization=chain, name="Late", code="LT").pk
            )

    monkeypatch.setattr(audit._Walk, "walk_from", walk_then_append)
    result = audit.verify(chain)
    assert (result.ok, result.checked, result.problems) == (True, 6, [])


def test_record_stores_ipv6_as_the_database_returns_it(chain: Organization, admin: User) -> None:
    token = current_ip.set("2001:0DB8:0000::0001")
    try:
        services.department_create(actor=admin, organization=chain, name="Net", code="NET")
    finally:
        current_ip.reset(token)
    assert _entry(chain, 6).ip == "2001:db8::1"
    assert audit.verify(chain).ok is True


def test_record_drops_an_address_that_is_not_one(chain: Organization, admin: User) -> None:
    token = current_ip.set("unknown")
    try:
        services.department_create(actor=admin, organization=chain, name="Net", code="NET")
    finally:
        current_ip.reset(token)
    assert _entry(chain, 6).ip is None
    assert audit.verify(chain).ok is True


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction(chain: Organization) -> None:
    with pytest.raises(RuntimeError):
        audit.record(organization=chain, actor=None, action="test.outside")
    assert AuditEntry.objects.filter(organization=chain).count() == 5


# Concurrency: real threads, each with its own connection, appending through a real service.
THREADS = 4
WRITES_PER_THREAD = 8


def _write_departments(
    org_pk: int, thread_no: int, barrier: threading.Barrier, errors: list[BaseException]
) -> None:
    try:
        organization = Organization.objects.get(pk=org_pk)
        barrier.wait(timeout=30)
        for i in range(WRITES_PER_THREAD):
            services.department_create(
                actor=None, organization=organization, name=f"T{thread_no}-{i}", code=f"T{thread_no}-{i}"
            )
    except BaseException as exc:  # noqa: BLE001 - handed to the main thread, which fails the test with it
        errors.append(exc)
    finally:
        connections.close_all()


def _run_writers(orgs: list[Organization]) -> None:
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=_write_departments, args=(orgs[n % len(orgs)].pk, n, barrier, errors))
        for n in range(THREADS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert not any(t.is_alive() for t in threads)


def _seqs(org: Organization) -> list[int]:
    return list(AuditEntry.objects.filter(organization=org).order_by("seq").values_list("seq", flat=True))


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain(org: Organization) -> None:
    _run_writers([org])
    expected = 1 + THREADS * WRITES_PER_THREAD
    assert _seqs(org) == list(range(1, expected + 1))
    result = audit.verify(org)
    assert (result.ok, result.checked) == (True, expected)
    assert AuditChainHead.objects.get(organization=org).last_seq == expected


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_of_two_organizations_keep_both_chains(
    org: Organization, other_org: Organization
) -> None:
    _run_writers([org, other_org])
    expected = 1 + (THREADS // 2) * WRITES_PER_THREAD
    for organization in (org, other_org):
        assert _seqs(organization) == list(range(1, expected + 1))
        assert audit.verify(organization).ok is True
