"""The audit trail pages: the organization's history, newest first, one entry with its changes, the signed
export an auditor checks with scripts/verify_trail.py, the on-demand checkpoint and the public key."""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django import forms
from django.apps import apps
from django.contrib import messages
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from .. import audit_labels as labels
from ..access import org_url, org_view
from ..audit_checkpoints import (
    CheckpointRefused,
    checkpoint_create,
    latest_checkpoint,
    public_keys,
)
from ..audit_export import write_trail
from ..models import AuditEntry, Organization
from ..permissions import can_manage_organization, can_view_audit_trail
from ..selectors import audit_entries_for_org, audit_entry_get, members_for_org

PAGE_SIZE = 50
SYSTEM_ACTOR = "system"


def org_time_zone(org: Organization) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(org.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def _object_type_choices() -> list[tuple[str, str | Promise]]:
    """Every model of the project in words: a fixed list, so the form needs no scan of the trail."""
    models = [m for m in apps.get_models() if m.__module__.startswith("itsms.")]
    names = [capfirst(str(m._meta.verbose_name)) for m in models]
    choices = []
    for model, name in zip(models, names, strict=True):
        if names.count(name) > 1:  # the same word in two areas: say which area
            name = f"{name} ({model._meta.app_config.verbose_name})"
        choices.append((model._meta.label_lower, name))
    return [("", _("Any type")), *sorted(choices, key=lambda c: c[1])]


class AuditFilterForm(forms.Form):
    actor = forms.ChoiceField(label=_("Person"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    action = forms.CharField(label=_("Action"), required=False, max_length=100)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    before = forms.IntegerField(label=_("Page"), required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Former members stay in the list: their entries remain in the trail.
        members = members_for_org(organization).prefetch_related(None).order_by("user__username")
        actor_field: forms.ChoiceField = self.fields["actor"]  # type: ignore[assignment]
        actor_field.choices = [
            ("", _("Anyone")),
            (SYSTEM_ACTOR, _("The system")),
            *((str(m.user_id), str(m.user)) for m in members),
        ]
        type_field: forms.ChoiceField = self.fields["object_type"]  # type: ignore[assignment]
        type_field.choices = _object_type_choices()
        for f in self.fields.values():
            css = "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            f.widget.attrs.setdefault("class", css)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


def _filtered(org: Organization, data: dict[str, Any]) -> QuerySet[AuditEntry]:
    qs = audit_entries_for_org(org)
    actor = data.get("actor")
    if actor == SYSTEM_ACTOR:
        qs = qs.filter(actor__isnull=True, actor_label=SYSTEM_ACTOR)
    elif actor:
        qs = qs.filter(actor_id=int(actor))
    if data.get("object_type"):
        qs = qs.filter(object_type=data["object_type"])
    if data.get("action"):
        qs = qs.filter(action=data["action"].strip())
    # Dates are days in the organization's time zone; the trail stores UTC.
    tz = org_time_zone(org)
    if data.get("date_from"):
        qs = qs.filter(created_at__gte=dt.datetime.combine(data["date_from"], dt.time.min, tzinfo=tz))
    if data.get("date_to"):
        next_day = data["date_to"] + dt.timedelta(days=1)
        qs = qs.filter(created_at__lt=dt.datetime.combine(next_day, dt.time.min, tzinfo=tz))
    return qs


@org_view(can_view_audit_trail)
def audit_list(request: HttpRequest) -> HttpResponse:
    org: Organization = request.organization  # type: ignore[attr-defined]
    form = AuditFilterForm(request.GET or None, organization=org)
    entries: list[AuditEntry] = []
    next_before: int | None = None
    if form.is_bound and not form.is_valid():
        pass  # the form shows its errors; no rows for a query we could not understand
    else:
        data = form.cleaned_data if form.is_bound else {}
        qs = _filtered(org, data).order_by("-seq")
        # Keyset pagination on seq: the cost of a page never grows with its depth.
        if data.get("before"):
            qs = qs.filter(seq__lt=data["before"])
        entries = list(qs[: PAGE_SIZE + 1])
        if len(entries) > PAGE_SIZE:
            entries = entries[:PAGE_SIZE]
            next_before = entries[-1].seq
        for entry in entries:
            _label(entry)
    query = request.GET.copy()
    query.pop("before", None)
    context = {
        "form": form,
        "entries": entries,
        "next_before": next_before,
        "filter_query": query.urlencode(),
        "is_first_page": not request.GET.get("before"),
        "org_tz": org_time_zone(org),
    }
    if not request.htmx:  # type: ignore[attr-defined]
        # Reading storage costs a listing: only for the whole page, not for each filtered partial.
        context["checkpoint"] = latest_checkpoint(org)
        context["can_checkpoint"] = can_manage_organization(request.membership)  # type: ignore[attr-defined]
    template = "core/audit/list.html#rows" if request.htmx else "core/audit/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _label(entry: AuditEntry) -> AuditEntry:
    """The entry's action and object type in words, for the templates (the codes stay as recorded)."""
    entry.action_label = labels.action_label(entry.action, entry.object_type, entry.changes)  # type: ignore[attr-defined]
    entry.object_type_label = labels.object_type_label(entry.object_type)  # type: ignore[attr-defined]
    return entry


@dataclass(frozen=True)
class ChangeRow:
    name: str
    field: str
    before: str
    after: str


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def change_rows(entry: AuditEntry) -> list[ChangeRow]:
    """`changes` is {field: [before, after]}; anything else recorded is shown as an after value.

    Field names and values are shown in words (verbose names, choice labels, the related row's name).
    """
    changes = entry.changes
    if not isinstance(changes, dict):
        return [ChangeRow("", "", "", _display(changes))] if changes else []
    model = labels.model_for(entry.object_type)
    related = labels.related_names(model, changes, entry.organization_id)
    rows = []
    for name, value in changes.items():
        label = labels.field_label(model, str(name))
        if isinstance(value, list) and len(value) == 2:
            before = labels.value_label(model, str(name), value[0], related)
            after = labels.value_label(model, str(name), value[1], related)
            rows.append(ChangeRow(str(name), label, before, after))
        else:
            rows.append(ChangeRow(str(name), label, "", labels.value_label(model, str(name), value, related)))
    return rows


@org_view(can_view_audit_trail)
def audit_detail(request: HttpRequest, seq: int) -> HttpResponse:
    org: Organization = request.organization  # type: ignore[attr-defined]
    # Sequence numbers restart in every organization: the selector looks up (organization, seq).
    entry = audit_entry_get(org, seq)
    context = {
        "entry": _label(entry),
        "rows": change_rows(entry),
        "org_tz": org_time_zone(org),
        "utc": dt.UTC,
    }
    return render(request, "core/audit/detail.html", context)


class ExportPeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


@require_GET
@org_view(can_view_audit_trail)
def audit_export(request: HttpRequest) -> HttpResponse | FileResponse:
    """The trail (or the period of the list's date filter) as JSON, with its checkpoints and public keys."""
    org: Organization = request.organization  # type: ignore[attr-defined]
    form = ExportPeriodForm(request.GET)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(org_url(request, "core:audit_list"))  # type: ignore[arg-type]
    start, end = form.cleaned_data.get("date_from"), form.cleaned_data.get("date_to")
    # Streamed from a temporary file: a year's trail does not fit in memory; FileResponse closes (and so
    # removes) the file once sent.
    out = tempfile.TemporaryFile("w+b")
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        write_trail(text, org, start, end)
    except CheckpointRefused as exc:
        text.close()
        messages.error(
            request,
            gettext("The trail cannot be signed, so it was not exported: %(problems)s")
            % {"problems": "; ".join(exc.problems)},
        )
        return redirect(org_url(request, "core:audit_list"))  # type: ignore[arg-type]
    text.flush()
    text.detach()
    out.seek(0)
    period = "-".join(d.isoformat() for d in (start, end) if d) or "all"
    response = FileResponse(out, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{org.slug}-{period}.json"'
    return response


@require_POST
@org_view(can_manage_organization)
def audit_checkpoint_sign(request: HttpRequest) -> HttpResponse:
    """Sign a checkpoint now, e.g. before an audit or after a batch of important changes."""
    org: Organization = request.organization  # type: ignore[attr-defined]
    try:
        made = checkpoint_create(org)
    except CheckpointRefused as exc:
        messages.error(
            request,
            gettext("The checkpoint was not signed: %(problems)s") % {"problems": "; ".join(exc.problems)},
        )
    else:
        if made is None:
            messages.info(request, gettext("The trail has no entries to sign yet."))
        elif made.created:
            messages.success(
                request, gettext("Checkpoint signed at entry #%(seq)s.") % {"seq": made.document["seq"]}
            )
        else:
            messages.info(
                request, gettext("Entry #%(seq)s is already signed.") % {"seq": made.document["seq"]}
            )
    return redirect(org_url(request, "core:audit_list"))  # type: ignore[arg-type]


@require_GET
def audit_public_key(request: HttpRequest) -> HttpResponse:
    """The public key(s) that verify this installation's checkpoints, current first: public by nature."""
    return HttpResponse(
        "".join(f"{key}\n" for key in public_keys()), content_type="text/plain; charset=utf-8"
    )
