from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .requestctx import current_ip


class LanguageMiddleware(LocaleMiddleware):
    """The user's saved choice first, then the language cookie, then the browser's Accept-Language."""

    def process_request(self, request: HttpRequest) -> None:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if not language:
            language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def client_ip(request: HttpRequest) -> str | None:
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0)
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Makes the client's address available to services for the audit trail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class TimeZoneResetMiddleware:
    """Organization views and API calls activate their organization's zone; it ends with the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def _api_detail(status: int) -> str:
    details = {
        400: _("Bad request."),
        401: _("Authentication required: send a valid token as 'Authorization: Bearer <token>'."),
        403: _("You are not allowed to do this."),
        404: _("Not found."),
        405: _("This method is not allowed here; see the Allow header."),
        413: _("The request body is over the size limit."),
        429: _("Too many requests: wait and try again."),
    }
    if status in details:
        return details[status]
    return _("Something went wrong on our side.") if status >= 500 else _("The request failed.")


# Headers of the original answer a client still needs (what to retry, with what, when).
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


class ApiJsonErrorsMiddleware:
    """Every error under /api/ answers JSON `{"detail": …}`, whatever produced it.

    The API's own handlers (api_errors) answer JSON already; this catches the rest, first in the chain so
    it sees every answer: ninja's 405, Django's debug pages (404/500 with DEBUG on), a CSRF refusal, a
    400 for a bad Host header or a body Django refused before any view ran.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path_info.startswith("/api/")
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        replacement = JsonResponse({"detail": _api_detail(response.status_code)}, status=response.status_code)
        for header in _KEPT_HEADERS:
            if header in response:
                replacement[header] = response[header]
        return replacement


class PermissionsPolicyMiddleware:
    """`Permissions-Policy` from settings.PERMISSIONS_POLICY ({feature: [allowed origins]}; [] is off).

    Django sets the other security headers itself; this one it has no setting for.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        policy: dict[str, list[str]] = getattr(settings, "PERMISSIONS_POLICY", {})
        self.header = ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in policy.items())

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
