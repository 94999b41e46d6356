from django.urls import URLPattern, path

from . import views

app_name = "ops"

urlpatterns: list[URLPattern] = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
