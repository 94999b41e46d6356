from django.urls import URLPattern, URLResolver, include, path

app_name = "certification"

urlpatterns: list[URLPattern | URLResolver] = [
    # The evidence pack's pages live in their own package (itsms/certification/pack/).
    path("", include("itsms.certification.pack.urls")),
]
