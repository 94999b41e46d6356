from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("o/<slug:org>/programme/", views.overview, name="overview"),
    path("o/<slug:org>/programme/start/", views.start, name="start"),
    path("o/<slug:org>/programme/timeline/", views.timeline_view, name="timeline"),
    path("o/<slug:org>/programme/my-tasks/", views.my_tasks, name="my_tasks"),
    path("o/<slug:org>/programme/tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("o/<slug:org>/programme/tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("o/<slug:org>/programme/tasks/<int:pk>/status/", views.task_status, name="task_status"),
    path("o/<slug:org>/programme/plan/", views.plan_edit, name="plan_edit"),
    path("o/<slug:org>/programme/readiness/", views.readiness_view, name="readiness"),
    path("o/<slug:org>/programme/templates/", views.template_list, name="template_list"),
]
