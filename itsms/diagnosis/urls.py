from django.urls import URLPattern, path

from .views import assessments, items, projects, report

app_name = "diagnosis"

P = "o/<slug:org>/diagnosis/<int:pk>/"

urlpatterns: list[URLPattern] = [
    path("o/<slug:org>/diagnosis/", projects.project_list, name="project_list"),
    path("o/<slug:org>/diagnosis/new/", projects.project_create, name="project_create"),
    path(P, projects.project_detail, name="project_detail"),
    path(P + "edit/", projects.project_edit, name="project_edit"),
    path(P + "status/", projects.project_transition, name="project_transition"),
    path(P + "checklist/", items.checklist, name="checklist"),
    path(P + "checklist/generate/", items.checklist_generate, name="checklist_generate"),
    path(P + "checklist/<int:item>/", items.checklist_item_edit, name="checklist_item_edit"),
    path(P + "assessments/", assessments.assessment_grid, name="assessment_grid"),
    path(P + "assessments/<int:requirement>/", assessments.assessment_row, name="assessment_row"),
    path(P + "report/", report.report, name="report"),
    path(P + "report/sign/", report.report_sign, name="report_sign"),
    path(P + "writing-tasks/", report.writing_tasks, name="writing_tasks"),
    path(P + "dashboard/", report.dashboard, name="dashboard"),
    path(P + "<slug:kind>/new/", items.item_add, name="item_add"),
    path(P + "<slug:kind>/<int:item>/delete/", items.item_delete, name="item_delete"),
]
