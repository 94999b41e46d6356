import pytest
from django.test import Client

from itsms.catalogue.models import Clause, Standard
from itsms.core import services


@pytest.fixture
def api(org, staff) -> Client:
    membership = staff.memberships.get(organization=org)
    secret = services.api_token_create(actor=staff, organization=org, name="t")[1]
    assert membership.pk
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_standards_list(api, org, iso20000):
    body = api.get(f"/api/v1/o/{org.slug}/standards").json()
    assert [(s["urn"], s["ref"], s["version"], s["certifiable"]) for s in body] == [
        ("urn:itsms:std:iso-iec-20000-1:2018", "ISO/IEC 20000-1:2018", 1, True)
    ]


def test_standard_detail_has_counts(api, org, iso20000):
    body = api.get(f"/api/v1/o/{org.slug}/standards/{iso20000.pk}").json()
    assert (body["clause_count"], body["requirement_count"], body["name_zh"]) == (
        77,
        95,
        "信息技术 服务管理 第1部分：服务管理体系要求",
    )


def test_standard_clauses_flat_tree(api, org, iso20000, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        body = api.get(f"/api/v1/o/{org.slug}/standards/{iso20000.pk}/clauses").json()
    assert len(body) == 77
    first, second = body[0], body[1]
    assert (first["ref_id"], first["parent_id"], first["depth"], first["is_leaf"]) == ("4", None, 0, False)
    assert (second["ref_id"], second["parent_id"], second["title_zh"]) == (
        "4.1",
        first["id"],
        "理解组织及其环境",
    )


def test_clause_detail(api, org, iso20000):
    clause = Clause.objects.get(standard=iso20000, ref_id="8.6.1")
    body = api.get(f"/api/v1/o/{org.slug}/clauses/{clause.pk}").json()
    assert body["ref_id"] == "8.6.1"
    assert [r["ref"] for r in body["requirements"]] == ["8.6.1/1", "8.6.1/2"]
    assert [(d["kind"], d["title"]) for d in body["documented_info"]] == [
        ("R", "Incident records"),
        ("D", "Documented procedure for major incidents"),
    ]
    assert body["questions"][1]["requirement_id"] == body["requirements"][1]["id"]
    assert len(body["typical_evidence"]) == 1


def test_unknown_standard_is_json_404(api, org, iso20000):
    response = api.get(f"/api/v1/o/{org.slug}/standards/{Standard.objects.count() + 999}")
    assert response.status_code == 404
    assert response.json()["detail"]
