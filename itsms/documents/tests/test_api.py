import json

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from itsms.core import services as core
from itsms.core.models import AuditEntry
from itsms.core.timezones import org_today
from itsms.documents import services
from itsms.documents.models import DocType, Receipt, TargetKind

from .conftest import release


def api(user, org) -> Client:  # noqa: ANN001
    secret = core.api_token_create(actor=user, organization=org, name="t")[1]
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_the_list_filters_searches_and_pages_by_keyset(org, admin, ops):
    for n in range(3):
        services.document_create(
            actor=admin, organization=org, title=f"程序{n}", doc_type=DocType.PROCEDURE, owner_department=ops
        )
    services.document_create(actor=admin, organization=org, title="表单", doc_type=DocType.FORM)
    services.document_create(actor=admin, organization=org, title="GB/T 24405.1", doc_type=DocType.EXTERNAL)
    client = api(admin, org)
    base = f"/api/v1/o/{org.slug}/documents"
    first = client.get(f"{base}?level=L2&department={ops.pk}&limit=2").json()
    assert [d["number"] for d in first["items"]] == ["ITSMS-PR-01", "ITSMS-PR-02"]
    assert first["next_after"] == "ITSMS-PR-02"
    second = client.get(f"{base}?level=L2&department={ops.pk}&limit=2&after=ITSMS-PR-02").json()
    assert ([d["number"] for d in second["items"]], second["next_after"]) == (["ITSMS-PR-03"], None)
    assert [d["title"] for d in client.get(f"{base}?q=表单").json()["items"]] == ["表单"]
    assert [d["title"] for d in client.get(f"{base}?external=true").json()["items"]] == ["GB/T 24405.1"]
    item = first["items"][0]
    assert (
        item["owner_department"],
        item["owner_department_name"],
        item["status"],
        item["current_revision"],
    ) == (
        ops.pk,
        "运维部",
        "preparing",
        None,
    )


def test_the_list_keeps_its_query_count(org, admin):
    client = api(admin, org)
    url = f"/api/v1/o/{org.slug}/documents?q=程序"

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    doc = services.document_create(actor=admin, organization=org, title="程序", doc_type=DocType.PROCEDURE)
    release(org, doc, admin)
    count()  # the token's first use records its last-used time once
    small = count()
    for n in range(8):
        release(
            org,
            services.document_create(
                actor=admin, organization=org, title=f"程序{n}", doc_type=DocType.PROCEDURE
            ),
            admin,
        )
    assert count() == small


def test_detail_lists_revisions_with_signatures(org, admin, procedure):
    release(org, procedure, admin)
    release(org, procedure, admin, text="# v2")
    data = api(admin, org).get(f"/api/v1/o/{org.slug}/documents/{procedure.pk}").json()
    assert [(r["label"], r["status"]) for r in data["revisions"]] == [
        ("A/1", "released"),
        ("A/0", "superseded"),
    ]
    assert [(s["signer_name"], s["meaning"]) for s in data["revisions"][0]["signatures"]] == [
        ("Reviewer", "reviewed"),
        ("Reviewer", "reviewed"),
        ("Admin", "approved"),
    ]
    assert (data["current_revision"], data["effective_date"]) == ("A/1", org_today(org).isoformat())


def test_a_recipient_sees_and_acknowledges_their_copy(org, admin, reader, ops, procedure):
    services.distribution_add(
        actor=admin, organization=org, document=procedure, kind=TargetKind.DEPARTMENT, department=ops
    )
    release(org, procedure, admin)
    client = api(reader, org)
    pending = client.get(f"/api/v1/o/{org.slug}/acknowledgements").json()
    assert [(p["number"], p["revision"], p["copy_number"], p["acknowledged_at"]) for p in pending] == [
        ("ITSMS-PR-01", "A/0", 1, None)
    ]
    response = client.post(f"/api/v1/o/{org.slug}/documents/{procedure.pk}/acknowledge")
    assert response.status_code == 200
    assert response.json()[0]["acknowledged_at"] is not None
    assert Receipt.objects.get(revision__document=procedure).acknowledged_at is not None
    assert (
        AuditEntry.objects.filter(organization=org, action="receipt.acknowledge", actor=reader).count() == 1
    )
    assert client.get(f"/api/v1/o/{org.slug}/acknowledgements").json() == []
    again = client.post(f"/api/v1/o/{org.slug}/documents/{procedure.pk}/acknowledge")
    assert again.status_code == 400
    assert json.loads(again.content)["errors"] == {
        "__all__": ["Nothing of this document waits for your acknowledgement."]
    }
