"""Health endpoints for load balancers and orchestrators; outside /o/<org>/ and open to anonymous probes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import health


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers requests. Touches neither the database nor the storage, so a
    database outage does not make an orchestrator restart every app server."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when every configured check passes, else 503 naming the failing checks."""
    results = health.readiness()
    failing = [r.name for r in results if r.failed]
    body = {
        "status": health.FAIL if failing else health.OK,
        "failing": failing,
        "checks": {
            r.name: {"status": r.status, **({"detail": r.detail} if r.detail else {})} for r in results
        },
    }
    return JsonResponse(body, status=503 if failing else 200)
