from django.urls import URLPattern, path

from . import views

app_name = "audits"

urlpatterns: list[URLPattern] = [
    path("o/<slug:org>/nonconformities/", views.nonconformity_list, name="nonconformity_list"),
    path(
        "o/<slug:org>/nonconformities/<int:pk>/status/",
        views.nonconformity_transition,
        name="nonconformity_transition",
    ),
]
