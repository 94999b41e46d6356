from django.urls import URLPattern, path

from .views import directory, members

urlpatterns: list[URLPattern] = [
    path("o/<slug:org>/departments/", directory.department_list, name="department_list"),
    path("o/<slug:org>/departments/new/", directory.department_create, name="department_create"),
    path("o/<slug:org>/departments/<int:pk>/", directory.department_edit, name="department_edit"),
    path("o/<slug:org>/departments/<int:pk>/delete/", directory.department_delete, name="department_delete"),
    path("o/<slug:org>/positions/", directory.position_list, name="position_list"),
    path("o/<slug:org>/positions/new/", directory.position_create, name="position_create"),
    path("o/<slug:org>/positions/<int:pk>/", directory.position_edit, name="position_edit"),
    path("o/<slug:org>/people/", directory.person_list, name="person_list"),
    path("o/<slug:org>/people/new/", directory.person_create, name="person_create"),
    path("o/<slug:org>/people/<int:pk>/", directory.person_edit, name="person_edit"),
    path("o/<slug:org>/members/", members.member_list, name="member_list"),
    path("o/<slug:org>/members/new/", members.member_add, name="member_add"),
    path("o/<slug:org>/members/<int:pk>/", members.member_edit, name="member_edit"),
    path("o/<slug:org>/members/<int:pk>/deactivate/", members.member_deactivate, name="member_deactivate"),
]
