from __future__ import annotations

import datetime as dt

import pytest

from itsms.core import services as core
from itsms.core.models import Role
from itsms.documents import services
from itsms.documents.models import DocType, Meaning, RevStatus


@pytest.fixture
def controller(org, make_member):  # noqa: ANN001, ANN201
    return make_member(org, [Role.DOCUMENT_CONTROLLER], "doccontrol").user


@pytest.fixture
def approver(org, make_member):  # noqa: ANN001, ANN201
    return make_member(org, [Role.TOP_MANAGEMENT], "topmgmt").user


@pytest.fixture
def ops(org):  # noqa: ANN001, ANN201
    return core.department_create(actor=None, organization=org, name="运维部", code="OPS")


@pytest.fixture
def reader(org, ops, make_member):  # noqa: ANN001, ANN201
    m = make_member(org, [Role.STAFF], "reader")
    person = core.person_create(actor=None, organization=org, full_name="李读者", department=ops)
    m.person = person
    m.save(update_fields=["person"])
    return m.user


def release(org, document, actor, text="# Scope\n\nAll services.", effective=dt.date(2026, 3, 1)):  # noqa: ANN001, ANN201
    """A document through the whole path, the way people do it, as services."""
    rev = services.revision_start(actor=actor, organization=org, document=document)
    rev = services.revision_save(actor=actor, organization=org, revision=rev, version=rev.version, text=text)
    for target in (RevStatus.INTERNAL_REVIEW, RevStatus.EXTERNAL_CHECK, RevStatus.APPROVAL):
        services.revision_move(actor=actor, organization=org, revision=rev, target=target)
    services.revision_sign(
        actor=actor, organization=org, revision=rev, meaning=Meaning.APPROVED, effective_date=effective
    )
    rev.refresh_from_db()
    return rev


@pytest.fixture
def procedure(org, admin, ops):  # noqa: ANN001, ANN201
    return services.document_create(
        actor=admin, organization=org, title="事件管理程序", doc_type=DocType.PROCEDURE, owner_department=ops
    )


@pytest.fixture
def media(settings, tmp_path):  # noqa: ANN001, ANN201
    """A storage folder of this test's own, so tests can list exactly what was stored."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def submit(
    org, revision, actor, stages=(RevStatus.INTERNAL_REVIEW, RevStatus.EXTERNAL_CHECK, RevStatus.APPROVAL)
):  # noqa: ANN001, ANN201
    for target in stages:
        services.revision_move(actor=actor, organization=org, revision=revision, target=target)
    revision.refresh_from_db()
    return revision
