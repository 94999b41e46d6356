from django.urls import path

from .views import design as d
from .views import registers as r

app_name = "organization"

P = "o/<slug:org>/design/"

urlpatterns = [
    path(P, d.home, name="home"),
    path(P + "groups/<slug:kind>/", d.group, name="group"),
    path(P + "group-members/<int:pk>/remove/", d.group_member_remove, name="group_member_remove"),
    path(P + "appointments/", d.appointment_list, name="appointment_list"),
    path(P + "appointments/new/", d.appointment_create, name="appointment_create"),
    path(P + "appointments/<int:pk>/", d.appointment_detail, name="appointment_detail"),
    path(P + "appointments/<int:pk>/sign/", d.appointment_sign, name="appointment_sign"),
    path(P + "appointments/<int:pk>/export.<str:fmt>", d.appointment_export, name="appointment_export"),
    path(P + "scope/", d.scope, name="scope"),
    path(P + "scope/new/", d.scope_new, name="scope_new"),
    path(P + "policy/", d.policy, name="policy"),
    path(P + "policy/new/", d.policy_new, name="policy_new"),
    path(P + "policy/<int:pk>/", d.policy_detail, name="policy_detail"),
    path(P + "policy/<int:pk>/sign/", d.policy_sign, name="policy_sign"),
    path(P + "policy/<int:pk>/release-order.pdf", d.policy_release_order, name="policy_release_order"),
    path(P + "raci/", d.raci, name="raci"),
    path(P + "raci/coverage/", d.raci_coverage, name="raci_coverage"),
    path(P + "org-chart/", d.org_chart, name="org_chart"),
    path(P + "context/", r.contextissue_list, name="contextissue_list"),
    path(P + "context/new/", r.contextissue_create, name="contextissue_create"),
    path(P + "context/<int:pk>/", r.contextissue_edit, name="contextissue_edit"),
    path(P + "parties/", r.interestedparty_list, name="interestedparty_list"),
    path(P + "parties/new/", r.interestedparty_create, name="interestedparty_create"),
    path(P + "parties/<int:pk>/", r.interestedparty_edit, name="interestedparty_edit"),
    path(P + "risks/", r.risk_list, name="risk_list"),
    path(P + "risks/new/", r.risk_create, name="risk_create"),
    path(P + "risks/<int:pk>/", r.risk_edit, name="risk_edit"),
    path(P + "objectives/", r.objective_list, name="objective_list"),
    path(P + "objectives/new/", r.objective_create, name="objective_create"),
    path(P + "objectives/<int:pk>/edit/", r.objective_edit, name="objective_edit"),
    path(P + "objectives/<int:pk>/", r.objective_detail, name="objective_detail"),
    path(P + "objectives/<int:pk>/results/", r.objective_result_add, name="objective_result_add"),
]
