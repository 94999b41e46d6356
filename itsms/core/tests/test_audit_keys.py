"""The audit keys: required in production, never SECRET_KEY, rotated by id; the migrations that name them."""

from __future__ import annotations

import base64
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from itsms.core import audit, services
from itsms.core.audit_keys import (
    DEVELOPMENT_HMAC_KEY,
    hmac_keys_from_env,
    load_private_key,
    parse_hmac_keys,
    signing_key_from_env,
)
from itsms.core.models import AuditChainHead, AuditEntry, Organization, User

K1 = "test-audit-key-0123456789abcdef"  # the test settings' AUDIT_HMAC_KEY
K2 = "second-audit-key-fedcba9876543210"


@pytest.fixture
def no_audit_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("AUDIT_HMAC_KEY", "AUDIT_HMAC_KEYS", "AUDIT_SIGNING_KEY"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_production_requires_the_hmac_key_even_with_a_secret_key(no_audit_env: pytest.MonkeyPatch) -> None:
    no_audit_env.setenv("SECRET_KEY", "a-perfectly-good-secret-key-for-sessions")
    with pytest.raises(ImproperlyConfigured, match="AUDIT_HMAC_KEY \\(or AUDIT_HMAC_KEYS\\) is required"):
        hmac_keys_from_env(development=False)


def test_development_keeps_a_fixed_key(no_audit_env: pytest.MonkeyPatch) -> None:
    assert hmac_keys_from_env(development=True) == {"k1": DEVELOPMENT_HMAC_KEY}


def test_a_single_key_is_k1_and_a_list_keeps_its_order(no_audit_env: pytest.MonkeyPatch) -> None:
    no_audit_env.setenv("AUDIT_HMAC_KEY", K1)
    assert hmac_keys_from_env(development=False) == {"k1": K1}
    no_audit_env.setenv("AUDIT_HMAC_KEYS", f" k2:{K2} , k1:{K1}")
    assert list(hmac_keys_from_env(development=False).items()) == [("k2", K2), ("k1", K1)]


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ("nocolon", "comma-separated id:secret pairs"),
        (f"bad id:{K1}", "comma-separated id:secret pairs"),
        (f"k1:{K1},k1:{K2}", "names the key id 'k1' twice"),
        ("k1:short", "the secret of 'k1' is shorter than 16"),
    ],
)
def test_malformed_key_lists_are_refused(keys: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_hmac_keys(keys, "")


def test_production_requires_the_signing_key(no_audit_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImproperlyConfigured, match="AUDIT_SIGNING_KEY is required"):
        signing_key_from_env(development=False)
    no_audit_env.setenv("AUDIT_SIGNING_KEY", base64.b64encode(b"short").decode())
    with pytest.raises(ImproperlyConfigured, match="the seed must be 32 bytes, got 5"):
        signing_key_from_env(development=False)


def test_development_signing_key_is_deterministic(no_audit_env: pytest.MonkeyPatch) -> None:
    first = signing_key_from_env(development=True)
    assert first == signing_key_from_env(development=True)
    load_private_key(first)


def test_a_pem_signing_key_is_accepted(no_audit_env: pytest.MonkeyPatch) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    pem = (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        .decode()
    )
    no_audit_env.setenv("AUDIT_SIGNING_KEY", pem)
    assert signing_key_from_env(development=False) == pem


# --- rotation ------------------------------------------------------------------------------------------------


@pytest.fixture
def chain(org: Organization, admin: User) -> Organization:
    services.department_create(actor=admin, organization=org, name="Dept OPS", code="OPS")
    return org


def test_entries_name_the_key_that_made_them(chain: Organization, admin: User, settings) -> None:  # noqa: ANN001
    settings.AUDIT_HMAC_KEYS = {"k2": K2, "k1": K1}
    services.department_create(actor=admin, organization=chain, name="Dept DEV", code="DEV")
    keys = list(
        AuditEntry.objects.filter(organization=chain).order_by("seq").values_list("key_id", flat=True)
    )
    assert keys == ["k1", "k1", "k1", "k2"]
    assert AuditChainHead.objects.get(organization=chain).key_id == "k2"
    assert audit.verify(chain).problems == []


def test_dropping_a_key_still_in_use_is_reported(chain: Organization, admin: User, settings) -> None:  # noqa: ANN001
    settings.AUDIT_HMAC_KEYS = {"k2": K2, "k1": K1}
    services.department_create(actor=admin, organization=chain, name="Dept DEV", code="DEV")
    settings.AUDIT_HMAC_KEYS = {"k2": K2}
    assert audit.verify(chain).problems == [
        f"entry #{n}: made with the key 'k1', which is not configured (AUDIT_HMAC_KEYS)" for n in (1, 2, 3)
    ]


def test_changing_an_entrys_key_id_breaks_its_mac(chain: Organization, settings) -> None:  # noqa: ANN001
    settings.AUDIT_HMAC_KEYS = {"k2": K2, "k1": K1}
    AuditEntry.objects.filter(organization=chain, seq=2).update(key_id="k2")
    assert audit.verify(chain).problems == ["entry #2: content does not match its MAC (edited or forged)"]


def test_a_rewritten_public_digest_is_reported(chain: Organization) -> None:
    AuditEntry.objects.filter(organization=chain, seq=2).update(digest="ab" * 32)
    # Entry 3's digest hashes entry 2's real one in, so the rewrite shows there too.
    assert audit.verify(chain).problems == [
        "entry #2: its public digest does not match its content",
        "entry #3: its public digest does not match its content",
    ]


# --- the backfill migrations ---------------------------------------------------------------------------------


def _migration(name: str):  # noqa: ANN202
    return importlib.import_module(f"itsms.core.migrations.{name}")


def test_backfill_names_the_matching_key_of_old_rows(chain: Organization, admin: User, settings) -> None:  # noqa: ANN001
    settings.AUDIT_HMAC_KEYS = {"k2": K2, "k1": K1}
    services.department_create(actor=admin, organization=chain, name="Dept DEV", code="DEV")
    AuditEntry.objects.update(key_id="")
    AuditChainHead.objects.update(key_id="")
    _migration("0009_audit_backfill_key_ids").forwards(apps, None)
    keys = list(
        AuditEntry.objects.filter(organization=chain).order_by("seq").values_list("key_id", flat=True)
    )
    assert keys == ["k1", "k1", "k1", "k2"]
    assert AuditChainHead.objects.get(organization=chain).key_id == "k2"


def test_backfill_rebuilds_the_digest_chain_in_order(chain: Organization, other_org: Organization) -> None:
    before = dict(AuditEntry.objects.values_list("pk", "digest"))
    heads = dict(AuditChainHead.objects.values_list("pk", "last_digest"))
    AuditEntry.objects.update(digest="")
    AuditChainHead.objects.update(last_digest="")
    _migration("0010_audit_backfill_digests").forwards(apps, None)
    assert dict(AuditEntry.objects.values_list("pk", "digest")) == before
    assert dict(AuditChainHead.objects.values_list("pk", "last_digest")) == heads
    assert audit.verify(chain).ok and audit.verify(other_org).ok
