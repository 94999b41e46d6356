"""The documents area's list pages and API lists run the same, exact number of queries at N and 3N rows."""

from __future__ import annotations

import datetime as dt
import itertools

from django.urls import reverse

from itsms.core import services as core
from itsms.core.models import Organization
from itsms.core.tests.queries import api_client, assert_constant_queries
from itsms.core.timezones import org_today
from itsms.documents import services
from itsms.documents.models import Decision, DocType, TargetKind
from itsms.documents.tests.conftest import release

_n = itertools.count(1)


def _url(name: str, org: Organization) -> str:
    return reverse(f"documents:{name}", kwargs={"org": org.slug})


def _copies_for(org: Organization, admin, reader):  # noqa: ANN001, ANN202
    """k released procedures, each with a controlled copy for the reader, who has not acknowledged them."""
    person = org.memberships.get(user=reader).person

    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            doc = services.document_create(
                actor=admin, organization=org, title=f"Procedure{next(_n)}", doc_type=DocType.PROCEDURE
            )
            services.distribution_add(
                actor=admin, organization=org, document=doc, kind=TargetKind.PERSON, person=person
            )
            release(org, doc, admin)
            doc.refresh_from_db()
            shown += [doc.number, doc.title]
        return shown

    return add


def test_external_list(org, admin, client_for):
    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            i = next(_n)
            dept = core.department_create(actor=None, organization=org, name=f"Dept{i}")
            doc = services.document_create(
                actor=admin,
                organization=org,
                title=f"Standard{i}",
                doc_type=DocType.EXTERNAL,
                owner_department=dept,
                external_version="2018",
            )
            shown += [doc.number, f"Standard{i}", f"Dept{i}"]
        return shown

    assert_constant_queries(client_for(admin), _url("external_list", org), add, 11)


def test_inventory(org, admin, client_for):
    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            i = next(_n)
            holder = core.department_create(actor=None, organization=org, name=f"Holder{i}")
            item = services.inventory_item_create(
                actor=admin, organization=org, title=f"Old{i}", reference=f"REF-{i}", holder=holder
            )
            services.inventory_item_decide(
                actor=admin, organization=org, item=item, decision=Decision.KEEP, note=f"Note{i}"
            )
            shown += [f"Old{i}", f"REF-{i}", f"Holder{i}", f"Note{i}"]
        return shown

    assert_constant_queries(client_for(admin), _url("inventory", org), add, 10)


def test_briefing_campaigns(org, admin, procedure, client_for):
    release(org, procedure, admin)

    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            i = next(_n)
            dept = core.department_create(actor=None, organization=org, name=f"Dept{i}")
            for j in range(2):
                core.person_create(actor=None, organization=org, full_name=f"Reader{i}-{j}", department=dept)
            services.campaign_create(
                actor=admin,
                organization=org,
                title=f"Briefing{i}",
                due_date=org_today(org) + dt.timedelta(days=7),
                documents=[procedure],
                departments=[dept],
            )
            shown.append(f"Briefing{i}")
        return shown

    body = assert_constant_queries(client_for(admin), _url("campaigns", org), add, 10)
    assert body.count("<td>0 / 2</td>") == 9  # two people of the department each, none acknowledged yet


def test_my_receipts(org, admin, reader, client_for):
    url = _url("my_receipts", org)
    assert_constant_queries(client_for(reader), url, _copies_for(org, admin, reader), 10)


def test_api_acknowledgements(org, admin, reader):
    url = f"/api/v1/o/{org.slug}/acknowledgements"
    assert_constant_queries(api_client(reader, org), url, _copies_for(org, admin, reader), 3)


def test_document_detail(org, admin, procedure, client_for):
    """A document's revisions and its controlled copies (person and department holders) are listed."""

    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            i = next(_n)
            dept = core.department_create(actor=None, organization=org, name=f"Dept{i}")
            person = core.person_create(actor=None, organization=org, full_name=f"Holder{i}", department=dept)
            services.distribution_add(
                actor=admin, organization=org, document=procedure, kind=TargetKind.PERSON, person=person
            )
            services.distribution_add(
                actor=admin, organization=org, document=procedure, kind=TargetKind.DEPARTMENT, department=dept
            )
            revision = release(org, procedure, admin, text=f"# Scope\n\nVersion {i}.")
            shown += [f"Holder{i}", f"Dept{i}", f">{revision.label}<"]
        return shown

    url = reverse("documents:detail", kwargs={"org": org.slug, "pk": procedure.pk})
    assert_constant_queries(client_for(admin), url, add, 20)


def test_revision_comments(org, admin, procedure, make_member, client_for):
    """A revision under review lists its comments with their departments and authors, answered or not."""
    from itsms.core.models import Role
    from itsms.documents.models import RevStatus

    writer = make_member(org, [Role.STAFF], "author").user
    revision = services.revision_start(actor=writer, organization=org, document=procedure)
    revision = services.revision_save(
        actor=writer, organization=org, revision=revision, version=revision.version, text="# Scope"
    )
    services.revision_move(
        actor=writer, organization=org, revision=revision, target=RevStatus.INTERNAL_REVIEW
    )

    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            i = next(_n)
            dept = core.department_create(actor=None, organization=org, name=f"Dept{i}")
            reviewer = make_member(org, [Role.WORKING_GROUP], f"reviewer{i}").user
            comment = services.comment_add(
                actor=reviewer, organization=org, revision=revision, text=f"Comment{i}", department=dept
            )
            if i % 2:
                services.comment_resolve(
                    actor=admin, organization=org, comment=comment, resolution=f"Done{i}"
                )
                shown.append(f"Done{i}")
            shown += [f"Comment{i}", f"Dept{i}", f"Reviewer{i}"]
        return shown

    url = reverse("documents:revision", kwargs={"org": org.slug, "pk": revision.pk})
    assert_constant_queries(client_for(admin), url, add, 19)
