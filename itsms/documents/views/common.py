from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect

from itsms.core.access import OrgRequest


def act(request: OrgRequest, fn: Callable[[], object], success: str, back: str) -> HttpResponse:
    """Run a POST action's service; its refusal becomes a message, never a half-done page."""
    try:
        fn()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect(back)


def refuse(request: OrgRequest, form: object, back: str) -> HttpResponse:
    """A POST action's form did not validate: say why on the page it came from."""
    errors = getattr(form, "errors", {})
    for field, messages_ in errors.items():
        label = getattr(getattr(form, "fields", {}).get(field), "label", "") if field != "__all__" else ""
        messages.error(request, f"{label}: {' '.join(messages_)}" if label else " ".join(messages_))
    return redirect(back)
