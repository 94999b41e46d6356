"""The audit trail list and detail pages."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from itsms.core import services
from itsms.core.models import AuditEntry, Organization, User

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
ClientFor = Callable[[User], Client]


@pytest.fixture
def chain(org: Organization, admin: User) -> Organization:
    """acme with five entries: organization.create and membership.add by the system, three departments by admin."""
    for code in ("OPS", "DEV", "QA"):
        services.department_create(actor=admin, organization=org, name=f"Dept {code}", code=code)
    return org


def _list_url(org: Organization) -> str:
    return reverse("core:audit_list", kwargs={"org": org.slug})


def _detail_url(org: Organization, seq: int) -> str:
    return reverse("core:audit_detail", kwargs={"org": org.slug, "seq": seq})


def _seqs(response) -> list[int]:  # noqa: ANN001
    return [e.seq for e in response.context["entries"]]


def _add_departments(org: Organization, admin: User, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        services.department_create(actor=admin, organization=org, name=f"Bulk {n}", code=f"B{n}")


def test_list_shows_entries_newest_first(chain: Organization, admin: User, client_for: ClientFor) -> None:
    response = client_for(admin).get(_list_url(chain))
    assert response.status_code == 200
    assert _seqs(response) == [5, 4, 3, 2, 1]
    assert response.context["next_before"] is None


def test_list_row_shows_who_what_and_local_time(
    chain: Organization, admin: User, client_for: ClientFor
) -> None:
    entry = AuditEntry.objects.get(organization=chain, seq=3)
    response = client_for(admin).get(_list_url(chain))
    html = response.content.decode()
    row = html.split('<tr data-seq="3">')[1].split("</tr>")[0]
    local = entry.created_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    assert f'<td class="text-nowrap">{local}</td>' in row
    assert "<td>Admin</td>" in row
    assert (
        '<td class="audit-action" data-action="department.create" title="department.create">Created</td>'
        in row
    )
    assert (
        f'Dept OPS <span class="text-muted small audit-type" data-type="core.department">'
        f"Department #{entry.object_id}</span>"
    ) in row


def test_list_shows_the_system_as_actor(chain: Organization, admin: User, client_for: ClientFor) -> None:
    html = client_for(admin).get(_list_url(chain)).content.decode()
    row = html.split('<tr data-seq="1">')[1].split("</tr>")[0]
    assert '<span class="text-muted">The system</span>' in row


def test_filter_by_person(chain: Organization, admin: User, client_for: ClientFor) -> None:
    response = client_for(admin).get(_list_url(chain), {"actor": admin.pk})
    assert _seqs(response) == [5, 4, 3]


def test_filter_by_the_system(chain: Organization, admin: User, client_for: ClientFor) -> None:
    response = client_for(admin).get(_list_url(chain), {"actor": "system"})
    assert _seqs(response) == [2, 1]


def test_filter_by_object_type(chain: Organization, admin: User, client_for: ClientFor) -> None:
    response = client_for(admin).get(_list_url(chain), {"object_type": "core.organization"})
    assert _seqs(response) == [1]


def test_filter_by_action(chain: Organization, admin: User, client_for: ClientFor) -> None:
    response = client_for(admin).get(_list_url(chain), {"action": "department.create"})
    assert _seqs(response) == [5, 4, 3]


def test_filter_by_dates_uses_the_organization_time_zone(
    chain: Organization, admin: User, client_for: ClientFor
) -> None:
    # 23:30 and 00:30 in Shanghai on either side of midnight, both on 1 March in UTC.
    AuditEntry.objects.filter(organization=chain, seq=3).update(
        created_at=dt.datetime(2025, 3, 1, 15, 30, tzinfo=dt.UTC)
    )
    AuditEntry.objects.filter(organization=chain, seq=4).update(
        created_at=dt.datetime(2025, 3, 1, 16, 30, tzinfo=dt.UTC)
    )
    client = client_for(admin)
    assert _seqs(client.get(_list_url(chain), {"date_to": "2025-03-01"})) == [3]
    assert _seqs(client.get(_list_url(chain), {"date_from": "2025-03-02", "date_to": "2025-03-02"})) == [4]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_to": "2025-02-30"}, "date_to"),
        ({"actor": "abc"}, "actor"),
        ({"before": "x"}, "before"),
        ({"object_type": "nope.nothing"}, "object_type"),
        ({"date_from": "2025-03-02", "date_to": "2025-03-01"}, "date_to"),
    ],
)
def test_bad_filter_values_show_an_error_not_a_server_error(
    chain: Organization, admin: User, client_for: ClientFor, params: dict[str, str], field: str
) -> None:
    response = client_for(admin).get(_list_url(chain), params)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert _seqs(response) == []
    assert 'id="audit-filter-errors"' in response.content.decode()


def test_htmx_request_gets_only_the_rows(chain: Organization, admin: User, client_for: ClientFor) -> None:
    response = client_for(admin).get(
        _list_url(chain), {"action": "department.create"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="audit-rows">')
    assert "<html" not in html
    assert 'id="audit-filter"' not in html
    assert html.count('<tr data-seq="') == 3


def test_full_page_contains_the_filter_form_and_rows(
    chain: Organization, admin: User, client_for: ClientFor
) -> None:
    html = client_for(admin).get(_list_url(chain)).content.decode()
    assert "<html" in html
    assert 'id="audit-filter"' in html
    assert html.count('<tr data-seq="') == 5


def test_pagination_walks_back_by_seq(org: Organization, admin: User, client_for: ClientFor) -> None:
    _add_departments(org, admin, 118)  # 120 entries in all
    client = client_for(admin)
    first = client.get(_list_url(org))
    assert _seqs(first) == list(range(120, 70, -1))
    assert first.context["next_before"] == 71
    second = client.get(_list_url(org), {"before": 71})
    assert _seqs(second) == list(range(70, 20, -1))
    third = client.get(_list_url(org), {"before": second.context["next_before"]})
    assert _seqs(third) == list(range(20, 0, -1))
    assert third.context["next_before"] is None


def test_pagination_link_keeps_the_filters(org: Organization, admin: User, client_for: ClientFor) -> None:
    _add_departments(org, admin, 60)
    response = client_for(admin).get(_list_url(org), {"action": "department.create"})
    assert _seqs(response) == list(range(62, 12, -1))
    assert f'href="{_list_url(org)}?action=department.create&amp;before=13"' in response.content.decode()


def _page_queries(org: Organization, client: Client, max_queries: int, assert_max) -> None:  # noqa: ANN001
    with assert_max(max_queries):
        response = client.get(_list_url(org), {"object_type": "core.department"})
    assert response.status_code == 200


# session, user, membership, its roles, the organization switcher, the unread-notification count, the
# form's people, the page, and the session save (savepoint, update, release): none of them depends on
# the size of the trail.
LIST_QUERIES = 11


def test_list_query_count_is_constant(
    org: Organization, admin: User, client_for: ClientFor, django_assert_max_num_queries
) -> None:  # noqa: ANN001
    client = client_for(admin)
    _add_departments(org, admin, 3)  # 5 entries
    _page_queries(org, client, LIST_QUERIES, django_assert_max_num_queries)
    _add_departments(org, admin, 115, start=3)  # 120 entries
    _page_queries(org, client, LIST_QUERIES, django_assert_max_num_queries)


def test_detail_shows_the_entry(chain: Organization, admin: User, client_for: ClientFor) -> None:
    entry = AuditEntry.objects.get(organization=chain, seq=3)
    response = client_for(admin).get(_detail_url(chain, 3))
    html = response.content.decode()
    assert response.context["entry"] == entry
    assert '<dd class="col-sm-9" id="entry-actor">Admin</dd>' in html
    utc = entry.created_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    local = entry.created_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    assert f'<dd class="col-sm-9" id="entry-time-utc">{utc}</dd>' in html
    assert f'<dd class="col-sm-9" id="entry-time-local">{local}</dd>' in html
    assert f'<dd class="col-sm-9 mono" id="entry-mac">{entry.mac}</dd>' in html
    assert f'<dd class="col-sm-9 mono" id="entry-prev-mac">{entry.prev_mac}</dd>' in html
    assert (
        '<span id="entry-action" data-action="department.create" title="department.create">Created</span>'
        in html
    )
    assert '<span class="text-muted" id="entry-type" data-type="core.department">Department #' in html


def test_detail_shows_the_changes_as_before_and_after(
    chain: Organization, admin: User, client_for: ClientFor
) -> None:
    dept = services.department_create(actor=admin, organization=chain, name="Old name", code="ON")
    services.department_update(actor=admin, organization=chain, department=dept, name="New name")
    response = client_for(admin).get(_detail_url(chain, 7))
    rows = [(r.name, r.field, r.before, r.after) for r in response.context["rows"]]
    assert rows == [("name", "Name", "Old name", "New name")]
    assert (
        '<tr data-field="name"><th scope="row" title="name">Name</th>'
        '<td class="diff-before">Old name</td><td class="diff-after">New name</td></tr>'
    ) in response.content.decode()


def test_detail_shows_the_entry_with_its_own_organizations_seq(
    chain: Organization, admin: User, other_org: Organization, outsider: User, client_for: ClientFor
) -> None:
    # other_org has its own seq 2 (the outsider's membership); acme's seq 2 is acme's entry.
    response = client_for(admin).get(_detail_url(chain, 2))
    assert response.context["entry"].organization == chain


def test_detail_of_a_seq_missing_in_this_organization_is_404(
    chain: Organization, admin: User, other_org: Organization, outsider: User, client_for: ClientFor
) -> None:
    services.department_create(actor=outsider, organization=other_org, name="Ops", code="OPS")
    for n in range(4):
        services.department_create(actor=outsider, organization=other_org, name=f"X{n}", code=f"X{n}")
    assert AuditEntry.objects.filter(organization=other_org, seq=7).exists()
    assert client_for(admin).get(_detail_url(chain, 7)).status_code == 404


@pytest.mark.parametrize("page", ["list", "detail"])
def test_outsider_gets_404(chain: Organization, outsider: User, client_for: ClientFor, page: str) -> None:
    url = _list_url(chain) if page == "list" else _detail_url(chain, 1)
    assert client_for(outsider).get(url).status_code == 404


@pytest.mark.parametrize("page", ["list", "detail"])
def test_staff_gets_403(chain: Organization, staff: User, client_for: ClientFor, page: str) -> None:
    url = _list_url(chain) if page == "list" else _detail_url(chain, 1)
    assert client_for(staff).get(url).status_code == 403


@pytest.mark.parametrize("page", ["list", "detail"])
def test_internal_auditor_may_read(
    chain: Organization, auditor: User, client_for: ClientFor, page: str
) -> None:
    url = _list_url(chain) if page == "list" else _detail_url(chain, 1)
    assert client_for(auditor).get(url).status_code == 200


def test_anonymous_is_sent_to_login(chain: Organization) -> None:
    response = Client().get(_list_url(chain))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_reading_the_trail_writes_nothing(chain: Organization, admin: User, client_for: ClientFor) -> None:
    client = client_for(admin)
    client.get(_list_url(chain))
    client.get(_detail_url(chain, 1))
    assert AuditEntry.objects.filter(organization=chain).count() == 5
