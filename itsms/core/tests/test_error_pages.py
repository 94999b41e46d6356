"""The error pages: translated, inside the member's layout on a refusal, a fragment for htmx, JSON for the API."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from itsms.core import errors
from itsms.core.models import Organization, User

ClientFor = Callable[[User], Client]

TEXTS = {
    "en": {
        400: "Bad request",
        403: "Not allowed",
        404: "Page not found",
        500: "Something went wrong",
        "refused": "Your roles do not allow this.",
    },
    "zh-hans": {
        400: "请求无效",
        403: "无权操作",
        404: "页面不存在",
        500: "系统出错",
        "refused": "您的角色无权执行此操作。",
    },
}
LANGUAGES = ["en", "zh-hans"]


def _audit_url(org: Organization) -> str:
    return reverse("core:audit_list", kwargs={"org": org.slug})


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_page_is_a_translated_404(client: Client, language: str) -> None:
    client.cookies["django_language"] = language
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert [t.name for t in response.templates][:2] == ["404.html", "errors/layout.html"]
    assert f'<h1 class="h3">{TEXTS[language][404]}</h1>' in html
    assert 'id="mainnav"' not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_refused_page_keeps_the_members_layout_and_navigation(
    org: Organization, staff: User, client_for: ClientFor, language: str
) -> None:
    client = client_for(staff)
    client.cookies["django_language"] = language
    response = client.get(_audit_url(org))
    html = response.content.decode()
    assert response.status_code == 403
    assert "base.html" in [t.name for t in response.templates]
    assert 'id="mainnav"' in html
    assert 'data-nav="dashboard"' in html
    assert f'<h1 class="h3">{TEXTS[language][403]}</h1>' in html
    assert TEXTS[language]["refused"] in html
    assert 'id="error-reason"' not in html  # a bare refusal gives no reason


def test_refusal_shows_the_reason_the_code_gave(org: Organization, staff: User) -> None:
    request = RequestFactory().get("/o/acme/anything/")
    request.user = staff
    with translation.override("zh-hans"):
        response = errors.permission_denied(request, PermissionDenied("只有文件管理员可以发布。"))
        html = response.content.decode()
    assert response.status_code == 403
    assert '<p class="mb-1 fw-semibold" id="error-reason">只有文件管理员可以发布。</p>' in html


def test_require_carries_its_reason() -> None:
    with pytest.raises(PermissionDenied) as refused:
        errors.require(False, "Only the document controller may release.")
    assert errors.refusal_reason(refused.value) == "Only the document controller may release."
    errors.require(True, "never raised")


@pytest.mark.parametrize("language", LANGUAGES)
def test_htmx_refusal_is_a_message_swapped_into_the_page(
    org: Organization, staff: User, client_for: ClientFor, language: str
) -> None:
    client = client_for(staff)
    client.cookies["django_language"] = language
    response = client.get(_audit_url(org), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#page-messages"
    assert response["HX-Reswap"] == "innerHTML"
    assert html.startswith(
        '<div class="alert alert-warning" role="alert" id="error-message" data-status="403">'
    )
    assert TEXTS[language]["refused"] in html
    assert "<html" not in html


def test_every_page_has_the_message_area_htmx_swaps_into(
    org: Organization, admin: User, client_for: ClientFor
) -> None:
    html = client_for(admin).get(_audit_url(org)).content.decode()
    assert '<div id="page-messages" aria-live="polite">' in html


def test_api_errors_stay_json(client: Client) -> None:
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    request = RequestFactory().get("/api/v1/o/acme/documents/")
    request.user = AnonymousUser()
    refused = errors.permission_denied(request, PermissionDenied())
    assert refused.status_code == 403
    assert json.loads(refused.content) == {"detail": "You are not allowed to do this."}


@pytest.mark.parametrize("language", LANGUAGES)
def test_server_error_page_is_translated_and_needs_no_context(language: str) -> None:
    request = RequestFactory().get("/o/acme/")
    with translation.override(language):
        response = errors.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert f'<h1 class="h3">{TEXTS[language][500]}</h1>' in html
    assert 'id="mainnav"' not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_bad_request_page_is_translated(language: str) -> None:
    request = RequestFactory().get("/accounts/login/")
    request.user = AnonymousUser()
    with translation.override(language):
        response = errors.bad_request(request)
    assert response.status_code == 400
    assert f'<h1 class="h3">{TEXTS[language][400]}</h1>' in response.content.decode()


def test_the_handlers_are_installed() -> None:
    from config import urls

    assert (urls.handler400, urls.handler403, urls.handler404, urls.handler500) == (
        "itsms.core.errors.bad_request",
        "itsms.core.errors.permission_denied",
        "itsms.core.errors.page_not_found",
        "itsms.core.errors.server_error",
    )
