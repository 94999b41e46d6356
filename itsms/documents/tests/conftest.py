from __future__ import annotations

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


def helper_member(org, username, roles):  # noqa: ANN001, ANN201
    """A login of the organization made on first use, for the helpers below."""
    from itsms.core.models import Membership, User

    user = User.objects.filter(username=username).first() or core.user_create(
        username=username, email=f"{username}@example.com", password="x" * 20, display_name=username.title()
    )
    if not Membership.objects.filter(organization=org, user=user).exists():
        core.membership_add(actor=None, organization=org, user=user, roles=roles)
    return user


def independent_reviewer(org):  # noqa: ANN001, ANN201
    """Someone who is not the author and signs as reviewed (separation of duties)."""
    return helper_member(org, "reviewer", [Role.WORKING_GROUP])


# The effective date defaults to the day of the approval: it cannot be earlier than the approval signature.
def release(org, document, actor, text="# Scope\n\nAll services.", effective=None):  # noqa: ANN001, ANN201
    """A document through the whole path, the way people do it, as services: a writer drafts and submits,
    an independent reviewer signs at each review stage, `actor` moves it on and approves it."""
    writer = helper_member(org, "writer", [Role.STAFF])
    rev = services.revision_start(actor=writer, organization=org, document=document)
    rev = services.revision_save(actor=writer, organization=org, revision=rev, version=rev.version, text=text)
    services.revision_move(actor=writer, organization=org, revision=rev, target=RevStatus.INTERNAL_REVIEW)
    rev = submit(org, rev, actor, (RevStatus.EXTERNAL_CHECK, RevStatus.APPROVAL))
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
    """Move through `stages`; an independent reviewer signs before the revision leaves a review stage."""
    leaving = {RevStatus.EXTERNAL_CHECK, RevStatus.APPROVAL}
    for target in stages:
        if target in leaving:
            revision.refresh_from_db()
            services.revision_sign(
                actor=independent_reviewer(org), organization=org, revision=revision, meaning=Meaning.REVIEWED
            )
        services.revision_move(actor=actor, organization=org, revision=revision, target=target)
    revision.refresh_from_db()
    return revision
