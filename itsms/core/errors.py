"""Refusals and the error pages.

`require()` is what services call first. The handlers below answer 400/403/404/500 with translated pages:
a refusal inside an organization's pages keeps the member's layout and navigation and says why when the
code gave a reason (`raise PermissionDenied(_("…"))`); an htmx request gets a message fragment swapped
into the page's message area instead of nothing; the API keeps answering JSON.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .selectors import membership_for_user

__all__ = ["PermissionDenied", "ValidationError", "require"]

# The element of base.html that htmx swaps a refusal into.
MESSAGES_TARGET = "#page-messages"
# The layout of an error page outside an organization (and of every 500): no menus, no queries.
LAYOUT = "errors/layout.html"


def require(allowed: bool, reason: str = "") -> None:
    """Raise PermissionDenied unless a permission function said yes (services call this first)."""
    if not allowed:
        raise PermissionDenied(reason) if reason else PermissionDenied


def refusal_reason(exception: BaseException | None) -> str:
    """The message the code gave with the refusal, or '' (a bare PermissionDenied carries none)."""
    if exception is None or not exception.args:
        return ""
    first = exception.args[0]
    return str(first) if isinstance(first, str | Promise) else ""


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _attach_membership(request: HttpRequest) -> None:
    """Give the layout the member's navigation on a refused organization page.

    `org_view` refuses before it stores the membership on the request; the member is still a member, so
    the page keeps their menu. A user who is not a member gets no organization layout.
    """
    if getattr(request, "membership", None) is not None:
        return
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("org") if match is not None else None
    user = getattr(request, "user", None)
    if not slug or user is None or not user.is_authenticated:
        return
    try:
        membership = membership_for_user(user, slug)
    except Http404:
        return
    request.membership = membership  # type: ignore[attr-defined]
    request.organization = membership.organization  # type: ignore[attr-defined]


def _page(request: HttpRequest, status: int, reason: str = "") -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": reason or _API_DETAIL[status]()}, status=status)
    context = {"reason": reason}
    if getattr(request, "htmx", False):
        # htmx swaps no 4xx by itself: base.html lets it swap a response that names its own target.
        body = loader.render_to_string(f"{status}.html#message", context, request)
        response = HttpResponse(body, status=status)
        response["HX-Retarget"] = MESSAGES_TARGET
        response["HX-Reswap"] = "innerHTML"
        return response
    context["layout"] = "base.html" if getattr(request, "membership", None) is not None else LAYOUT
    return HttpResponse(loader.render_to_string(f"{status}.html", context, request), status=status)


_API_DETAIL = {
    400: lambda: _("Bad request."),
    403: lambda: _("You are not allowed to do this."),
    404: lambda: _("Not found."),
}


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _page(request, 400)


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    if not _is_api(request):
        _attach_membership(request)
    return _page(request, 403, refusal_reason(exception))


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """No context processors here: whatever failed (the database, say) may fail again."""
    if _is_api(request):
        return JsonResponse({"detail": _("Something went wrong on our side.")}, status=500)
    return HttpResponse(loader.get_template("500.html").render({"layout": LAYOUT}), status=500)
