from django.urls import URLPattern, path

from .views import audit

urlpatterns: list[URLPattern] = [
    path("o/<slug:org>/audit/", audit.audit_list, name="audit_list"),
    path("o/<slug:org>/audit/export/", audit.audit_export, name="audit_export"),
    path("o/<slug:org>/audit/checkpoint/", audit.audit_checkpoint_sign, name="audit_checkpoint"),
    path("o/<slug:org>/audit/<int:seq>/", audit.audit_detail, name="audit_detail"),
    path("audit/public-key/", audit.audit_public_key, name="audit_public_key"),
]
