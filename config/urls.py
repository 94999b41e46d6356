from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from config.api import api


# No session or form here, so nothing to protect: a POST to an unknown path answers 404, not a CSRF 403.
@csrf_exempt
def api_not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Unknown paths under /api/ answer JSON like the rest of the API, not an HTML page."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


handler400 = "itsms.core.errors.bad_request"
handler403 = "itsms.core.errors.permission_denied"
handler404 = "itsms.core.errors.page_not_found"
handler500 = "itsms.core.errors.server_error"

urlpatterns = [
    path("accounts/", include("itsms.accounts.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found, name="api_not_found"),
    path("", include("itsms.core.urls")),
    path("", include("itsms.catalogue.urls")),
    path("", include("itsms.programme.urls")),
    path("", include("itsms.organization.urls")),
    path("", include("itsms.audits.urls")),
    path("", include("itsms.diagnosis.urls")),
    path("", include("itsms.reviews.urls")),
    path("", include("itsms.certification.urls")),
    path("", include("itsms.training.urls")),
    path("", include("itsms.documents.urls")),
    path("", include("itsms.ops.urls")),
]
