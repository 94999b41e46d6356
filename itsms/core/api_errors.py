"""JSON errors with a clear message and a 4xx status, the same shape for every route.

Every error body is `{"detail": "<one sentence>"}`, plus `"errors": {"<field>": ["<message>", ...]}` when
the problem is with particular fields (`"__all__"` for the request as a whole).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    ValidationError,
)
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

# Where pydantic says a value came from; clients know their own field names, not ours.
_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file", "payload", "filters"}


def validation_messages(exc: ValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as {field: [messages]}, non-field messages under "__all__"."""
    if hasattr(exc, "error_dict"):
        return {
            ("__all__" if field == NON_FIELD_ERRORS else field): [str(m) for e in errors for m in e.messages]
            for field, errors in exc.error_dict.items()
        }
    return {"__all__": [str(m) for m in exc.messages]}


# pydantic writes its messages in English only; these are the ones a client meets, worded as pydantic
# words them (so English answers stay as they were) and translated. Others keep pydantic's text.
_MESSAGES: dict[str, Callable[[], str]] = {
    "missing": lambda: _("Field required"),
    "extra_forbidden": lambda: _("Extra inputs are not permitted"),
    "greater_than_equal": lambda: _("Input should be greater than or equal to {ge}"),
    "less_than_equal": lambda: _("Input should be less than or equal to {le}"),
    "greater_than": lambda: _("Input should be greater than {gt}"),
    "less_than": lambda: _("Input should be less than {lt}"),
    "int_type": lambda: _("Input should be a valid integer"),
    "int_parsing": lambda: _("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": lambda: _("Input should be a valid integer, got a number with a fractional part"),
    "string_type": lambda: _("Input should be a valid string"),
    "string_too_long": lambda: _("String should have at most {max_length} characters"),
    "bool_parsing": lambda: _("Input should be a valid boolean, unable to interpret input"),
    "date_parsing": lambda: _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": lambda: _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": lambda: _("Enter a date as YYYY-MM-DD."),
    "datetime_parsing": lambda: _("Enter a date and time as YYYY-MM-DDThh:mm, with an offset or local."),
    "datetime_from_date_parsing": lambda: _(
        "Enter a date and time as YYYY-MM-DDThh:mm, with an offset or local."
    ),
    "finite_number": lambda: _("Input should be a finite number"),
    "decimal_max_digits": lambda: _("Decimal input should have no more than {max_digits} digits in total"),
    "decimal_max_places": lambda: _("Decimal input should have no more than {decimal_places} decimal places"),
    "decimal_whole_digits": lambda: _(
        "Decimal input should have no more than {whole_digits} digits before the decimal point"
    ),
    "enum": lambda: _("Input should be {expected}"),
    "literal_error": lambda: _("Input should be {expected}"),
}


def _message(err: dict[str, Any]) -> str:
    ctx = err.get("ctx") or {}
    template = _MESSAGES.get(str(err.get("type")))
    if template is not None:
        try:
            return template().format(**ctx)
        except (KeyError, IndexError, ValueError):
            pass
    return str(err.get("msg", _("Invalid value.")))


def schema_messages(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    """pydantic's error list as {dotted.field: [messages]}."""
    result: dict[str, list[str]] = {}
    for err in errors:
        loc = [str(p) for p in err.get("loc", ())]
        while loc and loc[0] in _LOCATIONS:
            loc.pop(0)
        result.setdefault(".".join(loc) or "__all__", []).append(_message(err))
    return result


def install_error_handlers(api: NinjaAPI) -> None:
    def reply(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
        return api.create_response(request, {"detail": detail, **extra}, status=status)

    @api.exception_handler(ValidationError)
    def _django_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return reply(
            request, 400, _("The request was refused: see the field errors."), errors=validation_messages(exc)
        )

    @api.exception_handler(NinjaValidationError)
    def _schema_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return reply(
            request,
            422,
            _("The request is malformed: see the field errors."),
            errors=schema_messages(exc.errors),
        )

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return reply(request, 403, _("You are not allowed to do this."))

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return reply(request, 404, _("Not found."))

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = reply(
            request, 401, _("Authentication required: send a valid token as 'Authorization: Bearer <token>'.")
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(IntegrityError)
    def _conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        # Two requests raced past validation; the database kept the rule and the service rolled back.
        return reply(request, 409, _("The request conflicts with a change made at the same time; try again."))

    @api.exception_handler(Throttled)
    def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        # ninja sets Retry-After from the throttle's wait once this answer is made.
        return reply(request, 429, _("Too many requests with this token: wait and try again."))

    @api.exception_handler(RequestDataTooBig)
    def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return reply(request, 413, _("The request body is over the size limit."))

    @api.exception_handler(SuspiciousOperation)
    def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        # Logged where Django logs the ones it answers itself, so monitoring sees both.
        logging.getLogger(f"django.security.{exc.__class__.__name__}").error(str(exc))
        return reply(request, 400, _("Bad request."))

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # django-ninja raises a 400 HttpError only when the body cannot be parsed.
        if exc.status_code == 400:
            return reply(request, 400, _("The request body is not valid JSON."))
        return reply(request, exc.status_code, str(exc))
