"""A revision's pages: write the draft, review, comments, signatures, release, PDF and diff."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from itsms.core.access import OrgRequest, org_view
from itsms.core.access import org_url as url
from itsms.core.bounds import query_int
from itsms.core.exports import PDF, attachment, export_language
from itsms.core.forms.base import add_service_errors
from itsms.core.lifecycle import allowed_targets
from itsms.core.markdown import render_markdown
from itsms.core.views.helpers import handle_form

from .. import selectors, services
from ..exports import printable_copy, revision_pdf
from ..forms import (
    CommentForm,
    ControlSettingsForm,
    EditionForm,
    MoveForm,
    ReleaseSetForm,
    ResolveForm,
    RevisionForm,
    SignForm,
)
from ..models import Revision, RevStatus
from ..permissions import (
    can_comment_documents,
    can_configure_document_control,
    can_manage_documents,
    can_sign_documents,
    can_view_documents,
    can_write_drafts,
)
from ..services.control import STAGE_OF_STATUS, independent_reviewers
from ..services.revisions import MANUAL_TARGETS, REVISION_TRANSITIONS
from ..text import diff_rows
from .common import act, refuse


@require_POST
@org_view(can_write_drafts)
def revision_start(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    document = selectors.document_get(org, pk)
    try:
        revision = services.revision_start(
            actor=request.user,
            organization=org,
            document=document,
            change_summary=request.POST.get("change_summary", "")[:500],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(url(request, "documents:detail", pk=pk))
    return redirect(url(request, "documents:revision_edit", pk=revision.pk))


@org_view(can_write_drafts)
def revision_edit(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    revision = selectors.revision_get(org, pk)
    if not revision.is_editable:
        messages.info(request, _("This revision was submitted; its content can no longer change."))
        return redirect(url(request, "documents:revision", pk=pk))
    conflict = None
    if request.method == "POST":
        form = RevisionForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.revision_save(
                    actor=request.user,
                    organization=org,
                    revision=revision,
                    version=data["version"],
                    text=data["text"],
                    change_summary=data["change_summary"],
                    upload=data["upload"],
                )
            except services.EditConflict as exc:
                # Keep what this person typed and show the newer text beside it; the form now carries the
                # newer version, so saving again is a deliberate choice.
                conflict = exc.current
                form = RevisionForm(
                    {
                        "version": conflict.version,
                        "text": data["text"],
                        "change_summary": data["change_summary"],
                    }
                )
                form.is_valid()
                add_service_errors(form, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Draft saved."))
                return redirect(url(request, "documents:revision_edit", pk=pk))
    else:
        form = RevisionForm.for_revision(revision)
    return render(
        request,
        "documents/revision_edit.html",
        {"revision": revision, "document": revision.document, "form": form, "conflict": conflict},
        status=400 if request.method == "POST" else 200,
    )


@org_view(can_view_documents)
def revision_detail(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    revision = selectors.revision_get(org, pk)
    m = request.membership
    targets = [t for t in allowed_targets(revision, REVISION_TRANSITIONS, m) if t in MANUAL_TARGETS]
    return render(
        request,
        "documents/revision_detail.html",
        {
            "revision": revision,
            "document": revision.document,
            "html": render_markdown(revision.text),
            "comments": revision.comments.select_related("department", "author", "resolved_by"),
            "signatures": revision.signatures.all(),
            "receipts": selectors.receipts_for_revision(revision),
            "targets": [(t, RevStatus(t).label) for t in targets],
            "can_comment": can_comment_documents(m)
            and revision.status in (RevStatus.INTERNAL_REVIEW, RevStatus.EXTERNAL_CHECK),
            "can_resolve": can_write_drafts(m),
            "can_sign": can_sign_documents(m)
            and revision.status in (RevStatus.INTERNAL_REVIEW, RevStatus.EXTERNAL_CHECK, RevStatus.APPROVAL),
            "can_manage": can_manage_documents(m),
            "comment_form": CommentForm(organization=org),
            "resolve_form": ResolveForm(),
            "previous": selectors.previous_revision(revision),
            "duties": _duties(revision),
        },
    )


def _duties(revision: Revision) -> dict[str, object] | None:
    """Separation of duties at the current review stage: how many independent reviews there are and how
    many the organization requires, so nobody has to guess why the revision cannot move on."""
    stage = STAGE_OF_STATUS.get(revision.status)
    if stage is None:
        return None
    required = services.control_settings_for(revision.organization_id).reviewers_required(stage)
    return {
        "have": len(independent_reviewers(revision, stage)),
        "required": required,
        "authors": sorted(
            {u.display_name or u.username for u in (revision.created_by, revision.submitted_by) if u}
        ),
    }


@require_POST
@org_view(can_comment_documents)
def revision_move(request: OrgRequest, pk: int) -> HttpResponse:
    # Who may make which move is the transition table's answer; every internal role holds some move.
    org = request.organization
    revision = selectors.revision_get(org, pk)
    form = MoveForm(request.POST)
    back = url(request, "documents:revision", pk=pk)
    if not form.is_valid():
        return refuse(request, form, back)
    try:
        moved = services.revision_move(
            actor=request.user,
            organization=org,
            revision=revision,
            target=form.cleaned_data["target"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    if moved.pk != revision.pk:
        # Returned: the submitted revision stays as it was; the work goes on in the new draft.
        messages.success(request, _("Returned for rework: a new draft holds a copy of the content."))
        return redirect(url(request, "documents:revision_edit", pk=moved.pk))
    messages.success(request, _("Revision moved on."))
    return redirect(back)


@require_POST
@org_view(can_comment_documents)
def comment_add(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    revision = selectors.revision_get(org, pk)
    form = CommentForm(request.POST, organization=org)
    back = url(request, "documents:revision", pk=pk)
    if not form.is_valid():
        return refuse(request, form, back)
    return act(
        request,
        lambda: services.comment_add(
            actor=request.user, organization=org, revision=revision, **form.cleaned_data
        ),
        _("Comment added."),
        back,
    )


@require_POST
@org_view(can_write_drafts)
def comment_resolve(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    comment = selectors.comment_get(org, pk)
    form = ResolveForm(request.POST)
    back = url(request, "documents:revision", pk=comment.revision_id)
    if not form.is_valid():
        return refuse(request, form, back)
    return act(
        request,
        lambda: services.comment_resolve(
            actor=request.user, organization=org, comment=comment, resolution=form.cleaned_data["resolution"]
        ),
        _("Comment resolved."),
        back,
    )


@org_view(can_sign_documents)
def revision_sign(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    revision = selectors.revision_get(org, pk)
    form = SignForm(
        request.POST or None,
        user=request.user,
        request=request,
        initial={"meaning": "approved" if revision.status == RevStatus.APPROVAL else "reviewed"},
    )
    # The credentials are checked in form.is_valid(), before the service's transaction opens, so a failed
    # attempt counts toward the lockout even though nothing is written.
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.revision_sign(
                actor=request.user,
                organization=org,
                revision=revision,
                meaning=data["meaning"],
                effective_date=data["effective_date"],
                release=data["release"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Signed."))
            return redirect(url(request, "documents:revision", pk=pk))
    return render(
        request,
        "documents/revision_sign.html",
        {"revision": revision, "document": revision.document, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@org_view(can_view_documents)
def revision_pdf_view(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    revision = selectors.revision_get(org, pk)
    language = export_language(org, request.GET.get("lang"))
    copy = request.GET.get("copy")
    # Controlled only for an issued copy asked for by its holder or a controller (exports.printable_copy).
    target = printable_copy(request.membership, revision, query_int(copy))
    data = revision_pdf(revision, language=language, copy=target)
    return attachment(data, f"{revision.document.number}-{revision.edition}{revision.revision}.pdf", PDF)


@org_view(can_view_documents)
def revision_diff(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    revision = selectors.revision_get(org, pk)
    other_pk = query_int(request.GET.get("against"))
    previous = (
        selectors.revision_get(org, other_pk)
        if other_pk is not None
        else selectors.previous_revision(revision)
    )
    if previous is not None and previous.document_id != revision.document_id:
        previous = None
    rows = diff_rows(previous.text if previous else "", revision.text)
    return render(
        request,
        "documents/revision_diff.html",
        {"revision": revision, "previous": previous, "rows": rows, "document": revision.document},
    )


@require_POST
@org_view(can_manage_documents)
def revision_remind(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    revision = selectors.revision_get(org, pk)
    return act(
        request,
        lambda: services.receipts_remind(actor=request.user, organization=org, revision=revision),
        _("Reminders sent."),
        url(request, "documents:revision", pk=pk),
    )


@org_view(can_manage_documents)
def edition(request: OrgRequest) -> HttpResponse:
    """Start a new edition of a set of documents, and release a set of approved revisions together."""
    org = request.organization
    start = EditionForm(request.POST if request.POST.get("step") == "start" else None, organization=org)
    release = ReleaseSetForm(
        request.POST if request.POST.get("step") == "release" else None, organization=org
    )
    if request.method == "POST":
        try:
            if start.is_bound and start.is_valid():
                services.edition_start(
                    actor=request.user,
                    organization=org,
                    documents=list(start.cleaned_data["documents"]),
                    change_summary=start.cleaned_data["change_summary"],
                )
                messages.success(request, _("New edition started."))
                return redirect(url(request, "documents:edition"))
            if release.is_bound and release.is_valid():
                services.revisions_release(
                    actor=request.user,
                    organization=org,
                    revisions=list(release.cleaned_data["revisions"]),
                    effective_date=release.cleaned_data["effective_date"],
                )
                messages.success(request, _("Revisions released."))
                return redirect(url(request, "documents:edition"))
        except ValidationError as exc:
            add_service_errors(start if start.is_bound else release, exc)
    return render(
        request,
        "documents/edition.html",
        {"start": start, "release": release},
        status=400 if request.method == "POST" else 200,
    )


@org_view(can_configure_document_control)
def control_settings(request: OrgRequest) -> HttpResponse:
    """The organization's separation-of-duties rules (stricter than the built-in minimum)."""
    org = request.organization
    current = services.control_settings_for(org.pk)
    form = ControlSettingsForm(
        request.POST or None,
        initial={
            "internal_reviewers_required": current.internal_reviewers_required,
            "external_reviewers_required": current.external_reviewers_required,
            "approver_independent": current.approver_independent,
        },
    )
    return handle_form(
        request,
        form,
        save=lambda d: services.control_settings_update(actor=request.user, organization=org, **d),
        template="documents/control_settings.html",
        success_url=url(request, "documents:control_settings"),
        success_message=_("Document-control rules saved."),
        context={"current": current},
    )
