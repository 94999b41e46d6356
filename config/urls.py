from django.urls import include, path

from config.api import api

urlpatterns = [
    path("accounts/", include("itsms.accounts.urls")),
    path("api/v1/", api.urls),
    path("", include("itsms.core.urls")),
]
