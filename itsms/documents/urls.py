from django.urls import URLPattern, path

from .views import register as r
from .views import revisions as v
from .views import work as w

app_name = "documents"

P = "o/<slug:org>/documents/"

urlpatterns: list[URLPattern] = [
    path(P, r.document_list, name="list"),
    path(P + "external/", r.external_list, name="external_list"),
    path(P + "new/", r.document_create, name="create"),
    path(P + "coverage/", r.coverage_report, name="coverage"),
    path(P + "<int:pk>/", r.document_detail, name="detail"),
    path(P + "<int:pk>/edit/", r.document_edit, name="edit"),
    path(P + "<int:pk>/withdraw/", r.document_withdraw, name="withdraw"),
    path(P + "<int:pk>/review/", r.periodic_review, name="periodic_review"),
    path(P + "<int:pk>/copies/", r.distribution_add, name="distribution_add"),
    path(P + "copies/<int:pk>/recall/", r.distribution_remove, name="distribution_remove"),
    path(P + "copies/<int:pk>/pdf/", r.copy_pdf, name="copy_pdf"),
    path(P + "copies/mine/", r.my_copies, name="my_copies"),
    path(P + "recalls/<int:pk>/close/", r.recall_close, name="recall_close"),
    path(P + "<int:pk>/records/", r.record_add, name="record_add"),
    path(P + "records/<int:pk>/remove/", r.record_remove, name="record_remove"),
    path(P + "<int:pk>/revisions/new/", v.revision_start, name="revision_start"),
    path(P + "revisions/<int:pk>/", v.revision_detail, name="revision"),
    path(P + "revisions/<int:pk>/edit/", v.revision_edit, name="revision_edit"),
    path(P + "revisions/<int:pk>/move/", v.revision_move, name="revision_move"),
    path(P + "revisions/<int:pk>/comments/", v.comment_add, name="comment_add"),
    path(P + "comments/<int:pk>/resolve/", v.comment_resolve, name="comment_resolve"),
    path(P + "revisions/<int:pk>/sign/", v.revision_sign, name="revision_sign"),
    path(P + "revisions/<int:pk>/pdf/", v.revision_pdf_view, name="revision_pdf"),
    path(P + "revisions/<int:pk>/diff/", v.revision_diff, name="revision_diff"),
    path(P + "revisions/<int:pk>/remind/", v.revision_remind, name="revision_remind"),
    path(P + "edition/", v.edition, name="edition"),
    path(P + "control/", v.control_settings, name="control_settings"),
    path(P + "acknowledge/", w.my_receipts, name="my_receipts"),
    path(P + "receipts/<int:pk>/acknowledge/", w.receipt_acknowledge, name="receipt_acknowledge"),
    path(P + "assignments/", w.assignments, name="assignments"),
    path(P + "assignments/new/", w.assignment_create, name="assignment_create"),
    path(P + "assignments/<int:pk>/close/", w.assignment_close, name="assignment_close"),
    path(P + "assignments/<int:pk>/assign/", w.assignment_assign, name="assignment_assign"),
    path(P + "inventory/", w.inventory, name="inventory"),
    path(P + "inventory/new/", w.inventory_create, name="inventory_create"),
    path(P + "inventory/<int:pk>/decide/", w.inventory_decide, name="inventory_decide"),
    path(P + "briefings/", w.campaigns, name="campaigns"),
    path(P + "briefings/new/", w.campaign_create, name="campaign_create"),
    path(P + "briefings/<int:pk>/", w.campaign_detail, name="campaign"),
    path(P + "numbering/", w.number_patterns, name="number_patterns"),
]
