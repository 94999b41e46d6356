from django.urls import URLPattern, path

from .views import tokens

urlpatterns: list[URLPattern] = [
    path("o/<slug:org>/api-tokens/", tokens.api_tokens, name="api_tokens"),
    path("o/<slug:org>/api-tokens/<int:pk>/revoke/", tokens.api_token_revoke, name="api_token_revoke"),
]
