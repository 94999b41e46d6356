"""The register pages: list with filters and search, an entry, its records, copies and reviews, coverage."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from itsms.core.access import OrgRequest, org_view
from itsms.core.access import org_url as url
from itsms.core.bounds import MAX_PAGE, query_int
from itsms.core.exports import PDF, attachment, export_language
from itsms.core.forms.base import add_service_errors
from itsms.core.lifecycle import allowed_targets
from itsms.core.views.helpers import handle_form

from .. import selectors, services
from ..coverage import coverage
from ..exports import holds_copy, printable_copy, revision_pdf
from ..forms import (
    DistributionForm,
    DocumentForm,
    PeriodicReviewForm,
    RecallCloseForm,
    RecordForm,
    RegisterFilterForm,
    WithdrawForm,
)
from ..models import OPEN_STATUSES, DocStatus, DocumentRecord, Level, Receipt
from ..permissions import can_acknowledge, can_manage_documents, can_view_documents, can_write_drafts
from ..services.register import DOCUMENT_TRANSITIONS
from .common import act, refuse

PAGE_SIZE = 50


def _register_page(request: OrgRequest, *, external: bool) -> HttpResponse:
    org = request.organization
    form = RegisterFilterForm(request.GET or None, organization=org)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.RegisterFilters(
        q=data.get("q") or "",
        level=data.get("level") or "",
        department=data["department"].pk if data.get("department") else None,
        status=data.get("status") or "",
        requirement=data.get("requirement"),
        external=external,
        in_force=bool(data.get("in_force")),
        clause=data.get("clause") or "",
        info=data.get("info"),
    )
    page = query_int(request.GET.get("page"), maximum=MAX_PAGE) or 1
    # One row more than shown says whether a next page exists, without counting 50,000 rows.
    offset = (page - 1) * PAGE_SIZE
    rows = list(selectors.register(org, filters)[offset : offset + PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    template = "documents/register_list.html"
    if request.headers.get("HX-Request"):
        template += "#rows"
    return render(
        request,
        template,
        {
            "filters": form,
            "rows": rows[:PAGE_SIZE],
            "page": page,
            "has_next": len(rows) > PAGE_SIZE,
            "query": query.urlencode(),
            "external": external,
            "can_manage": can_manage_documents(request.membership),
        },
    )


@org_view(can_view_documents)
def document_list(request: OrgRequest) -> HttpResponse:
    return _register_page(request, external=False)


@org_view(can_view_documents)
def external_list(request: OrgRequest) -> HttpResponse:
    return _register_page(request, external=True)


@org_view(can_manage_documents)
def document_create(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = DocumentForm(
        request.POST or None, organization=org, initial={"doc_type": request.GET.get("type", "")}
    )
    created: list[int] = []

    def save(data: dict) -> None:
        doc = services.document_create(actor=request.user, organization=org, **data)
        created.append(doc.pk)

    response = handle_form(
        request,
        form,
        save=save,
        template="documents/document_form.html",
        success_url=url(request, "documents:list"),
        success_message=_("Document registered."),
    )
    if created:
        response["Location"] = url(request, "documents:detail", pk=created[0])
    return response


@org_view(can_manage_documents)
def document_edit(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    document = selectors.document_get(org, pk)
    form = DocumentForm(request.POST or None, organization=org, document=document)
    return handle_form(
        request,
        form,
        save=lambda data: services.document_update(
            actor=request.user, organization=org, document=document, **data
        ),
        template="documents/document_form.html",
        success_url=url(request, "documents:detail", pk=pk),
        success_message=_("Document saved."),
        context={"document": document},
    )


@org_view(can_view_documents)
def document_detail(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    document = selectors.document_detail(org, pk)
    m = request.membership
    revisions = list(document.revisions.all())
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "revisions": revisions,
            "open_revision": next((r for r in revisions if r.status in OPEN_STATUSES), None),
            "can_manage": can_manage_documents(m),
            "can_write": can_write_drafts(m),
            "can_withdraw": DocStatus.WITHDRAWN in allowed_targets(document, DOCUMENT_TRANSITIONS, m),
            "distribution_form": DistributionForm(organization=org),
            "record_form": RecordForm(organization=org),
            "recall_form": RecallCloseForm(auto_id=False),
            "my_copies": {t.pk for t in document.distribution.all() if t.is_active and holds_copy(m, t)},
            "review_form": PeriodicReviewForm(),
            "is_procedure": document.level == Level.PROCEDURE,
        },
    )


@org_view(can_manage_documents)
def document_withdraw(request: OrgRequest, pk: int) -> HttpResponse:
    """Withdrawal (作废) with its reason and the controller's re-authentication; the page says what follows:
    the copies to recall and the acknowledgements that end."""
    org = request.organization
    document = selectors.document_get(org, pk)
    back = url(request, "documents:detail", pk=pk)
    if DocStatus.WITHDRAWN not in allowed_targets(document, DOCUMENT_TRANSITIONS, request.membership):
        messages.error(request, _("This document cannot be withdrawn."))
        return redirect(back)
    form = WithdrawForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_withdraw(
                actor=request.user, organization=org, document=document, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Document withdrawn; its copies are on the recall list."))
            return redirect(back)
    return render(
        request,
        "documents/withdraw.html",
        {
            "document": document,
            "form": form,
            "copies": list(
                document.distribution.filter(is_active=True).select_related("person", "department")
            ),
            "open_receipts": Receipt.objects.filter(
                revision__document=document, acknowledged_at__isnull=True, ended_at__isnull=True
            ).count(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@org_view(can_manage_documents)
def periodic_review(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    document = selectors.document_get(org, pk)
    form = PeriodicReviewForm(request.POST)
    outcome = form.data.get("outcome", "")
    return act(
        request,
        lambda: services.periodic_review_record(
            actor=request.user,
            organization=org,
            document=document,
            outcome=outcome,
            note=form.data.get("note", ""),
        ),
        _("Review recorded."),
        url(request, "documents:detail", pk=pk),
    )


@require_POST
@org_view(can_manage_documents)
def distribution_add(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    document = selectors.document_get(org, pk)
    form = DistributionForm(request.POST, organization=org)
    back = url(request, "documents:detail", pk=pk)
    if not form.is_valid():
        return refuse(request, form, back)
    return act(
        request,
        lambda: services.distribution_add(
            actor=request.user, organization=org, document=document, **form.cleaned_data
        ),
        _("Copy added to the distribution list."),
        back,
    )


@require_POST
@org_view(can_manage_documents)
def distribution_remove(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    target = selectors.target_get(org, pk)
    return act(
        request,
        lambda: services.distribution_remove(
            actor=request.user, organization=org, target=target, reason=request.POST.get("reason", "")
        ),
        _("Copy recalled; it is on the recall list until it is returned or destroyed."),
        url(request, "documents:detail", pk=target.document_id),
    )


@require_POST
@org_view(can_manage_documents)
def recall_close(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    recall = selectors.recall_get(org, pk)
    form = RecallCloseForm(request.POST)
    back = url(request, "documents:detail", pk=recall.document_id)
    if not form.is_valid():
        return refuse(request, form, back)
    return act(
        request,
        lambda: services.recall_close(
            actor=request.user,
            organization=org,
            recall=recall,
            outcome=form.cleaned_data["outcome"],
            on=form.cleaned_data["on"],
        ),
        _("Recalled copy recorded."),
        back,
    )


@org_view(can_view_documents)
def copy_pdf(request: OrgRequest, pk: int) -> HttpResponse:
    """The PDF of one issued copy: controlled (受控, its number, its holder) for the holder and the document
    controllers while the copy is in force; anyone else, or a recalled copy, gets an uncontrolled print."""
    org = request.organization
    target = selectors.target_get(org, pk)
    revision = target.document.current_revision
    if revision is None:
        raise Http404
    revision = selectors.revision_get(org, revision.pk)
    copy = printable_copy(request.membership, revision, target.copy_number)
    data = revision_pdf(revision, language=export_language(org, request.GET.get("lang")), copy=copy)
    number = f"-{target.copy_number:02}" if copy is not None else ""
    return attachment(
        data, f"{target.document.number}-{revision.edition}{revision.revision}{number}.pdf", PDF
    )


@org_view(can_acknowledge)
def my_copies(request: OrgRequest) -> HttpResponse:
    """My controlled copies: those issued to me or to my department, each with its controlled PDF."""
    rows = list(selectors.copies_held_by(request.organization, request.membership)[:500])
    return render(request, "documents/my_copies.html", {"rows": rows})


@require_POST
@org_view(can_manage_documents)
def record_add(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    document = selectors.document_get(org, pk)
    form = RecordForm(request.POST, organization=org)
    back = url(request, "documents:detail", pk=pk)
    if not form.is_valid():
        return refuse(request, form, back)
    return act(
        request,
        lambda: services.record_add(
            actor=request.user, organization=org, document=document, **form.cleaned_data
        ),
        _("Record added."),
        back,
    )


@require_POST
@org_view(can_manage_documents)
def record_remove(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    from django.shortcuts import get_object_or_404

    record = get_object_or_404(DocumentRecord, organization=org, pk=pk)
    back = url(request, "documents:detail", pk=record.document_id)
    return act(
        request,
        lambda: services.record_remove(actor=request.user, organization=org, record=record),
        _("Record removed."),
        back,
    )


@org_view(can_view_documents)
def coverage_report(request: OrgRequest) -> HttpResponse:
    return render(request, "documents/coverage.html", {"report": coverage(request.organization)})
