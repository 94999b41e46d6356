from django.urls import path

from .views import home

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
    path("i18n/language/", home.language_switch, name="language_switch"),
    path("o/<slug:org>/", home.dashboard, name="dashboard"),
]
