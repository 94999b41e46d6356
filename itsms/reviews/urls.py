from django.urls import URLPattern, path

app_name = "reviews"

urlpatterns: list[URLPattern] = []
