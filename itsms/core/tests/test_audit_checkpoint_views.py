"""The audit trail page's checkpoint panel, the on-demand checkpoint, the signed export and the public key."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from itsms.core import audit_checkpoints, services
from itsms.core.models import AuditEntry, Organization, User

ClientFor = Callable[[User], Client]


@pytest.fixture
def chain(org: Organization, admin: User, media: Path) -> Organization:
    for code in ("OPS", "DEV", "QA"):
        services.department_create(actor=admin, organization=org, name=f"Dept {code}", code=code)
    return org


def _files(media: Path, org: Organization) -> list[str]:
    folder = media / "audit-checkpoints" / org.slug
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_the_page_says_when_nothing_is_signed_yet(
    chain: Organization, admin: User, client_for: ClientFor
) -> None:
    response = client_for(admin).get(reverse("core:audit_list", kwargs={"org": chain.slug}))
    body = response.content.decode()
    assert "No signed checkpoint yet: a rollback of the database could not be detected." in body
    assert 'id="audit-sign"' in body
    assert 'id="audit-export"' in body


def test_a_reader_sees_the_export_but_not_the_sign_button(
    chain: Organization, auditor: User, client_for: ClientFor
) -> None:
    audit_checkpoints.checkpoint_create(chain)  # entry 6 is the auditor's membership
    body = client_for(auditor).get(reverse("core:audit_list", kwargs={"org": chain.slug})).content.decode()
    assert "Latest signed checkpoint: entry #6." in body
    assert 'id="audit-export"' in body
    assert 'id="audit-sign"' not in body


def test_the_admin_signs_a_checkpoint_on_demand(
    chain: Organization, admin: User, client_for: ClientFor, media: Path
) -> None:
    response = client_for(admin).post(
        reverse("core:audit_checkpoint", kwargs={"org": chain.slug}), follow=True
    )
    assert response.redirect_chain == [(reverse("core:audit_list", kwargs={"org": chain.slug}), 302)]
    assert "Checkpoint signed at entry #5." in response.content.decode()
    assert [name[:12] for name in _files(media, chain)] == ["000000000005"]
    # Signing writes storage only: the trail gets no entry, so the checkpoint stays the head's.
    assert AuditEntry.objects.filter(organization=chain).count() == 5


def test_signing_again_without_new_entries_says_so(
    chain: Organization, admin: User, client_for: ClientFor
) -> None:
    client = client_for(admin)
    client.post(reverse("core:audit_checkpoint", kwargs={"org": chain.slug}))
    response = client.post(reverse("core:audit_checkpoint", kwargs={"org": chain.slug}), follow=True)
    assert "Entry #5 is already signed." in response.content.decode()


def test_the_page_refuses_to_sign_a_trail_broken_since_the_last_checkpoint(
    chain: Organization, admin: User, client_for: ClientFor, media: Path
) -> None:
    audit_checkpoints.checkpoint_create(chain)
    services.department_create(actor=admin, organization=chain, name="Late", code="LT")
    AuditEntry.objects.filter(organization=chain, seq=6).update(action="department.delete")
    response = client_for(admin).post(
        reverse("core:audit_checkpoint", kwargs={"org": chain.slug}), follow=True
    )
    assert (
        "The checkpoint was not signed: entry #6: content does not match its MAC" in response.content.decode()
    )
    assert len(_files(media, chain)) == 1


def test_a_reader_may_not_sign(
    chain: Organization, auditor: User, client_for: ClientFor, media: Path
) -> None:
    response = client_for(auditor).post(reverse("core:audit_checkpoint", kwargs={"org": chain.slug}))
    assert response.status_code == 403
    assert _files(media, chain) == []


def test_the_export_downloads_as_json_with_its_checkpoint(
    chain: Organization, auditor: User, client_for: ClientFor
) -> None:
    response = client_for(auditor).get(reverse("core:audit_export", kwargs={"org": chain.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="audit-trail-acme-all.json"'
    export = json.loads(b"".join(response.streaming_content))
    assert [e["seq"] for e in export["entries"]] == [1, 2, 3, 4, 5, 6]  # the reader's visit is no entry
    assert export["checkpoints"][-1]["seq"] == export["entries"][-1]["seq"]


def test_the_export_takes_the_period_of_the_date_filter(
    chain: Organization, admin: User, client_for: ClientFor
) -> None:
    response = client_for(admin).get(
        reverse("core:audit_export", kwargs={"org": chain.slug}),
        {"date_from": "2000-01-01", "date_to": "2000-01-31"},
    )
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="audit-trail-acme-2000-01-01-2000-01-31.json"'
    )
    assert json.loads(b"".join(response.streaming_content))["entries"] == []


def test_a_bad_period_is_refused_with_a_message(
    chain: Organization, admin: User, client_for: ClientFor
) -> None:
    response = client_for(admin).get(
        reverse("core:audit_export", kwargs={"org": chain.slug}),
        {"date_from": "2026-02-01", "date_to": "2026-01-01"},
        follow=True,
    )
    assert "The end date is before the start date." in response.content.decode()


def test_staff_may_not_export(chain: Organization, staff: User, client_for: ClientFor) -> None:
    response = client_for(staff).get(reverse("core:audit_export", kwargs={"org": chain.slug}))
    assert response.status_code == 403


def test_the_public_key_is_published_to_anyone(db: None) -> None:
    response = Client().get(reverse("core:audit_public_key"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "".join(f"{k}\n" for k in audit_checkpoints.public_keys())
