from django.urls import URLPattern, path

from . import views

app_name = "audits"

NC = "o/<slug:org>/nonconformities/<int:pk>/"
OFI = "o/<slug:org>/improvements/"

urlpatterns: list[URLPattern] = [
    path("o/<slug:org>/nonconformities/", views.nonconformity_list, name="nonconformity_list"),
    path(NC, views.nonconformity_detail, name="nonconformity_detail"),
    path(NC + "correction/", views.nonconformity_correction, name="nonconformity_correction"),
    path(NC + "cause/", views.nonconformity_cause, name="nonconformity_cause"),
    path(NC + "plan/", views.nonconformity_plan, name="nonconformity_plan"),
    path(NC + "implement/", views.nonconformity_implement, name="nonconformity_implement"),
    path(NC + "verify/", views.nonconformity_verify, name="nonconformity_verify"),
    path(NC + "close/", views.nonconformity_close, name="nonconformity_close"),
    path(OFI, views.improvement_list, name="improvement_list"),
    path(OFI + "new/", views.improvement_create, name="improvement_create"),
    path(OFI + "<int:pk>/", views.improvement_detail, name="improvement_detail"),
    path(OFI + "<int:pk>/decide/", views.improvement_decide, name="improvement_decide"),
    path(OFI + "<int:pk>/outcome/", views.improvement_outcome, name="improvement_outcome"),
]
