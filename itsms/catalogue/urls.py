from django.urls import URLPattern, path

from . import views

app_name = "catalogue"

urlpatterns: list[URLPattern] = [
    path("o/<slug:org>/catalogue/", views.standard_list, name="standard_list"),
    path("o/<slug:org>/catalogue/upload/", views.library_upload, name="library_upload"),
    path("o/<slug:org>/catalogue/<int:pk>/", views.standard_detail, name="standard_detail"),
    path("o/<slug:org>/catalogue/clause/<int:pk>/", views.clause_detail, name="clause_detail"),
]
