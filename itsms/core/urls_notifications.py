from django.urls import URLPattern, path

from .views import notifications

urlpatterns: list[URLPattern] = [
    path("o/<slug:org>/notifications/", notifications.notification_list, name="notification_list"),
    path(
        "o/<slug:org>/notifications/read/",
        notifications.notification_mark_read,
        name="notification_mark_read",
    ),
]
