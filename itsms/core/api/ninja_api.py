"""The API object's class: its OpenAPI document lists the error answers every operation can give.

The answers come from shared code (the token authentication, the throttle, the error handlers in
api_errors, the parameter bounds), not from each route, so they are added to the document here, in one
place, rather than declared on every route. The rule:

- every operation can answer 401 (no valid token), 403 (the role may not), 404 (not found, or another
  organization's), 422 (a parameter or field outside its type or range), 429 (the token's rate limit)
  and 500;
- a write (POST, PUT, PATCH, DELETE) can also answer 400 (a service refused a value, or the body is not
  JSON), 409 (a change made at the same time broke a uniqueness or state rule, so the write was rolled
  back) and 413 (a body over the size limit).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from .schemas import ErrorOut

WRITE_METHODS = {"post", "put", "patch", "delete"}
ERROR_SCHEMA = "ErrorOut"

# Descriptions are what a client reads to know what to do; lazy so the document follows the language.
ANSWERS = {
    400: _("Refused by a rule: see `errors` per field (`__all__` for the request), or the body is not JSON."),
    401: _("No valid token: send `Authorization: Bearer <token>`."),
    403: _("The token's user or role may not do this (a read-only token may only read)."),
    404: _("Not found, or it belongs to another organization."),
    409: _("A change made at the same time conflicts with this one; nothing was saved, try again."),
    413: _("The request body is over the size limit."),
    422: _("A parameter or field is missing, unknown, of the wrong type or outside its range: see `errors`."),
    429: _("Too many requests with this token: wait the seconds in `Retry-After`."),
    500: _("An error on the server; nothing was saved."),
}
EVERY_OPERATION = (401, 403, 404, 422, 429, 500)
WRITES_ALSO = (400, 409, 413)


def error_answers(method: str) -> tuple[int, ...]:
    codes = EVERY_OPERATION + (WRITES_ALSO if method.lower() in WRITE_METHODS else ())
    return tuple(sorted(codes))


class ItsmsAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault(
            ERROR_SCHEMA, ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        )
        content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}}}
        for methods in schema.get("paths", {}).values():
            for method, operation in methods.items():
                responses = operation.setdefault("responses", {})
                for code in error_answers(method):
                    answer = responses.setdefault(code, {"content": content})
                    # Replace ninja's generic reason phrase with what the answer means here.
                    answer["description"] = str(ANSWERS[code])
                    if code == 429:
                        answer["headers"] = {
                            "Retry-After": {
                                "description": str(_("Seconds to wait before the next request.")),
                                "schema": {"type": "integer", "minimum": 1},
                            }
                        }
        return schema
