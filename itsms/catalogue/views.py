"""The catalogue browser: read-only pages over the loaded libraries."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django import forms
from django.contrib import messages
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itsms.core.access import OrgRequest, org_url, org_view

from . import selectors, services
from .loader import LibraryData, LoadError, MappingData
from .permissions import can_load_library, can_view_catalogue


@org_view(can_view_catalogue)
def standard_list(request: OrgRequest) -> HttpResponse:
    standards = list(selectors.standards_list())
    # Two libraries with one name (a CISO Assistant import beside ours, say) are told apart by their origin.
    names = Counter(s.display_name for s in standards)
    for s in standards:
        s.same_name = names[s.display_name] > 1  # type: ignore[attr-defined]
    return render(
        request,
        "catalogue/standard_list.html",
        {"standards": standards, "can_upload": can_load_library(request.membership)},
    )


@org_view(can_view_catalogue)
def standard_detail(request: OrgRequest, pk: int) -> HttpResponse:
    standard = selectors.standard_get(pk)
    query = request.GET.get("q", "")[:100]
    clauses = selectors.clause_search(standard, query)
    context = {"standard": standard, "clauses": clauses, "query": query}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "catalogue/standard_detail.html#tree", context)
    return render(request, "catalogue/standard_detail.html", context)


@org_view(can_view_catalogue)
def clause_detail(request: OrgRequest, pk: int) -> HttpResponse:
    clause = selectors.clause_detail(pk)
    return render(
        request,
        "catalogue/clause_detail.html",
        {"clause": clause, "standard": clause.standard, "mapped": selectors.mapped_clauses(clause)},
    )


class LibraryUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Library file (YAML)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml", "class": "form-control"}),
    )


UPLOAD_SALT = "catalogue.library_upload"
UPLOAD_MAX_AGE = 3600


def _read_upload(upload: Any) -> LibraryData | MappingData:
    raw = upload.read(services.MAX_LIBRARY_BYTES + 1)
    return services.read_library_bytes(raw, upload.name or "library.yaml")


@org_view(can_load_library)
def library_upload(request: OrgRequest) -> HttpResponse:
    """Two steps: the file's plan (what it adds, changes and retires), then the same file again to load it.

    Nothing of the first step is kept but a signed note of the file's SHA-256: the second step reads the
    file afresh, recomputes everything, and loads only when it is byte for byte the file that was shown.
    """
    form = LibraryUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        status = 400
        try:
            data = _read_upload(form.cleaned_data["file"])
            if request.POST.get("step") == "apply":
                try:
                    note = signing.loads(
                        request.POST.get("token", ""), salt=UPLOAD_SALT, max_age=UPLOAD_MAX_AGE
                    )
                except signing.BadSignature:
                    raise LoadError(
                        _("the confirmation expired or was altered; check the file again")
                    ) from None
                if note.get("m") != request.membership.pk:
                    raise LoadError(_("the confirmation belongs to someone else; check the file again"))
                result = services.library_load_confirmed(
                    actor=request.user,
                    organization=request.organization,
                    data=data,
                    confirmed_sha256=str(note.get("sha256", "")),
                    allow_retire=request.POST.get("allow_retire") == "1",
                )
                messages.success(
                    request,
                    _(
                        "%(ref)s version %(version)s: %(added)s added, %(updated)s updated, %(retired)s retired."
                    )
                    % {
                        "ref": result.ref,
                        "version": result.version,
                        "added": result.created,
                        "updated": result.updated,
                        "retired": result.retired,
                    },
                )
                return redirect(org_url(request, "catalogue:standard_list"))
            plan = services.library_plan(data=data)
            context["plan"] = plan
            context["token"] = signing.dumps(
                {"sha256": plan.sha256, "m": request.membership.pk}, salt=UPLOAD_SALT
            )
            context["form"] = LibraryUploadForm()
            status = 200
        except LoadError as exc:
            form.add_error("file", str(exc))
    return render(request, "catalogue/library_upload.html", context, status=status)
