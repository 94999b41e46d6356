"""The directory import page: upload departments and people; every bad row is shown with its line."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..access import OrgRequest, org_url, org_view
from ..forms.base import BootstrapMixin
from ..permissions import can_manage_directory
from ..services import directory_import as importer

TEMPLATES = {
    "xlsx": ("directory-import.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "departments-csv": ("departments.csv", "text/csv; charset=utf-8"),
    "people-csv": ("people.csv", "text/csv; charset=utf-8"),
}


class DirectoryImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("XLSX or CSV, at most 2 MB and 5,000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    only_valid = forms.BooleanField(
        label=gettext_lazy("Import the good rows and skip the bad ones"),
        required=False,
        help_text=gettext_lazy("Otherwise one bad row stops the whole import, and nothing is imported."),
    )


@org_view(can_manage_directory)
def directory_import(request: OrgRequest) -> HttpResponse:
    form = DirectoryImportForm(request.POST or None, request.FILES or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        try:
            # Parsed before the write transaction opens: reading a workbook is not a write.
            plan = importer.directory_parse(form.cleaned_data["file"])
            result = importer.directory_import(
                actor=request.user,
                organization=request.organization,
                plan=plan,
                only_valid=form.cleaned_data["only_valid"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "Imported %(departments)s department(s), %(people)s person(s) and %(positions)s "
                    "position(s); %(skipped)s bad row(s) skipped."
                )
                % {
                    "departments": result.departments,
                    "people": result.people,
                    "positions": result.positions,
                    "skipped": result.skipped,
                },
            )
            return redirect(org_url(request, "core:person_list"))
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "bad_rows": plan.bad_rows if plan else [],
        "file_errors": plan.file_errors if plan else [],
        "max_rows": importer.MAX_ROWS,
    }
    return render(request, "core/directory/import.html", context, status=status)


@org_view(can_manage_directory)
def directory_import_template(request: OrgRequest, fmt: str) -> HttpResponse:
    if fmt not in TEMPLATES:
        raise Http404
    name, content_type = TEMPLATES[fmt]
    body = importer.template_xlsx() if fmt == "xlsx" else importer.template_csv(fmt.removesuffix("-csv"))
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
