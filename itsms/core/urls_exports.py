from django.urls import URLPattern, path

from .views import exports

urlpatterns: list[URLPattern] = [
    path("o/<slug:org>/exports/", exports.export_list, name="export_list"),
    path("o/<slug:org>/exports/start/<str:kind>/", exports.export_start, name="export_start"),
    path("o/<slug:org>/exports/<int:pk>/", exports.export_detail, name="export_detail"),
]
