from django.urls import URLPattern, path

from .views import roles

urlpatterns: list[URLPattern] = [
    path("o/<slug:org>/roles/", roles.role_model, name="role_model"),
]
