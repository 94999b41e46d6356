from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from itsms.catalogue.models import Clause, Standard
from itsms.catalogue.services import builtin_library_ensure
from itsms.core.models import Role

from .conftest import DATA


def _queries(client, url: str, **headers: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def _clause(standard: Standard, ref: str) -> Clause:
    return Clause.objects.get(standard=standard, ref_id=ref)


def test_standard_list_shows_libraries_with_counts(org, staff, client_for, iso20000):
    html = (
        client_for(staff).get(reverse("catalogue:standard_list", kwargs={"org": org.slug})).content.decode()
    )
    assert "ISO/IEC 20000-1:2018" in html
    assert "信息技术 服务管理 第1部分：服务管理体系要求" in html
    assert '<td class="text-end">77</td>' in html
    assert '<td class="text-end">95</td>' in html


def test_standard_list_query_count_is_constant(org, staff, client_for, iso20000, db):
    client = client_for(staff)
    url = reverse("catalogue:standard_list", kwargs={"org": org.slug})
    one, _ = _queries(client, url)
    builtin_library_ensure("iso-iec-27001-2022.yaml")
    from itsms.catalogue.services import library_load_file

    library_load_file(path=DATA / "ciso-sample.yaml")
    three, html = _queries(client, url)
    assert html.count("data-urn=") == 3
    assert one == three


def test_clause_tree_shows_both_languages(org, staff, client_for, iso20000):
    html = (
        client_for(staff)
        .get(reverse("catalogue:standard_detail", kwargs={"org": org.slug, "pk": iso20000.pk}))
        .content.decode()
    )
    assert "Change management policy" in html
    assert "变更管理策略" in html
    assert html.count('data-ref="') == 77


def test_clause_tree_in_chinese_puts_chinese_first(org, staff, client_for, iso20000):
    client = client_for(staff)
    client.cookies["django_language"] = "zh-hans"
    html = client.get(
        reverse("catalogue:standard_detail", kwargs={"org": org.slug, "pk": iso20000.pk}),
        headers={"accept-language": "zh-hans"},
    ).content.decode()
    assert (
        '<strong>服务管理体系的运行</strong> <small class="text-muted">Operation of the service management system</small>'
        in html
    )


def test_search_filters_by_number_and_text_with_ancestors(org, staff, client_for, iso20000):
    url = reverse("catalogue:standard_detail", kwargs={"org": org.slug, "pk": iso20000.pk})
    client = client_for(staff)

    by_number = client.get(url, {"q": "8.5.1"}, headers={"HX-Request": "true"}).content.decode()
    assert by_number.startswith('\n<div id="clause-tree">') or by_number.lstrip().startswith(
        '<div id="clause-tree">'
    )
    assert "<html" not in by_number
    refs = [part.split('"')[0] for part in by_number.split('data-ref="')[1:]]
    assert refs == ["8", "8.5", "8.5.1", "8.5.1.1", "8.5.1.2", "8.5.1.3"]

    by_chinese = client.get(url, {"q": "重大事件"}, headers={"HX-Request": "true"}).content.decode()
    assert [p.split('"')[0] for p in by_chinese.split('data-ref="')[1:]] == ["8", "8.6", "8.6.1"]

    nothing = client.get(url, {"q": "zzzz"}).content.decode()
    assert "No clause matches." in nothing


def test_clause_tree_query_count_is_constant_across_sizes(org, staff, client_for, iso20000, iso27001):
    client = client_for(staff)
    big, _ = _queries(
        client, reverse("catalogue:standard_detail", kwargs={"org": org.slug, "pk": iso20000.pk})
    )
    small, _ = _queries(
        client, reverse("catalogue:standard_detail", kwargs={"org": org.slug, "pk": iso27001.pk})
    )
    search, _ = _queries(
        client,
        reverse("catalogue:standard_detail", kwargs={"org": org.slug, "pk": iso20000.pk}) + "?q=change",
    )
    assert big == small
    assert search == big + 1


def test_clause_page_shows_everything_about_the_clause(org, staff, client_for, mapped, iso20000):
    clause = _clause(iso20000, "8.6.1")
    html = (
        client_for(staff)
        .get(reverse("catalogue:clause_detail", kwargs={"org": org.slug, "pk": clause.pk}))
        .content.decode()
    )
    assert "8.6.1/2" in html
    assert "Documented procedure for major incidents" in html
    assert "重大事件处理程序" in html
    assert "Show the last major incident." in html
    assert "Incident tickets, major incident procedure and major incident reports" in html
    assert 'id="mapped-clauses"' not in html

    security = _clause(iso20000, "8.7.3.3")
    html = (
        client_for(staff)
        .get(reverse("catalogue:clause_detail", kwargs={"org": org.slug, "pk": security.pk}))
        .content.decode()
    )
    assert "A.5.26 Response to information security incidents" in html


def test_clause_page_query_count_is_constant(org, staff, client_for, mapped, iso20000):
    client = client_for(staff)
    few, _ = _queries(
        client,
        reverse("catalogue:clause_detail", kwargs={"org": org.slug, "pk": _clause(iso20000, "4.4").pk}),
    )
    many, _ = _queries(
        client,
        reverse("catalogue:clause_detail", kwargs={"org": org.slug, "pk": _clause(iso20000, "8.7.3.3").pk}),
    )
    parent, _ = _queries(
        client,
        reverse("catalogue:clause_detail", kwargs={"org": org.slug, "pk": _clause(iso20000, "8.5").pk}),
    )
    assert few == many == parent


def test_customer_cannot_open_the_catalogue(org, make_member, client_for, iso20000):
    customer = make_member(org, [Role.CUSTOMER], "cust").user
    response = client_for(customer).get(reverse("catalogue:standard_list", kwargs={"org": org.slug}))
    assert response.status_code == 403


def test_external_auditor_reads_the_catalogue(org, make_member, client_for, iso20000):
    ext = make_member(org, [Role.EXTERNAL_AUDITOR], "ext").user
    response = client_for(ext).get(
        reverse("catalogue:standard_detail", kwargs={"org": org.slug, "pk": iso20000.pk})
    )
    assert response.status_code == 200


def test_unknown_clause_is_404(org, staff, client_for, iso20000):
    response = client_for(staff).get(
        reverse("catalogue:clause_detail", kwargs={"org": org.slug, "pk": 10**9})
    )
    assert response.status_code == 404
