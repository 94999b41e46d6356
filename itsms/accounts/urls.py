from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("login/code/", views.login_totp, name="login_totp"),
    path("logout/", views.logout, name="logout"),
    path("profile/", views.profile, name="profile"),
    path("reauth/", views.reauth, name="reauth"),
    path("2fa/setup/", views.totp_setup, name="totp_setup"),
    path("2fa/disable/", views.totp_disable, name="totp_disable"),
]
