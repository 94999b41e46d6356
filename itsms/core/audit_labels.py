"""The audit trail in words: actions, object types, field names and values in the reader's language.

An entry stores codes (`document.create`, `documents.document`, `status: ["draft", "approval"]`) because
the MAC covers them and they must never change. These helpers turn them into what a person reads, from
the models themselves (verbose names, choice labels), so a new model or field needs no entry here. Only
the verbs of actions that are not a status are listed below.
"""

from __future__ import annotations

import json
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

# What each verb of `<model>.<verb>` means, for the verbs that do not name a status of the model.
VERBS: dict[str, str | Promise] = {
    "acknowledge": pgettext_lazy("audit action", "acknowledged"),
    "add": pgettext_lazy("audit action", "added"),
    "checklist_generate": pgettext_lazy("audit action", "checklist generated"),
    "close": pgettext_lazy("audit action", "closed"),
    "closed": pgettext_lazy("audit action", "closed"),
    "comment": pgettext_lazy("audit action", "comment added"),
    "comment_resolve": pgettext_lazy("audit action", "comment resolved"),
    "confirm": pgettext_lazy("audit action", "confirmed"),
    "create": pgettext_lazy("audit action", "created"),
    "deactivate": pgettext_lazy("audit action", "deactivated"),
    "decide": pgettext_lazy("audit action", "decided"),
    "delete": pgettext_lazy("audit action", "deleted"),
    "distribute": pgettext_lazy("audit action", "distributed"),
    "distribution_add": pgettext_lazy("audit action", "distribution list entry added"),
    "distribution_remove": pgettext_lazy("audit action", "distribution list entry removed"),
    "done": pgettext_lazy("audit action", "done"),
    "failed": pgettext_lazy("audit action", "failed"),
    "held": pgettext_lazy("audit action", "held"),
    "invite": pgettext_lazy("audit action", "invitations sent"),
    "issued": pgettext_lazy("audit action", "issued"),
    "material_add": pgettext_lazy("audit action", "material added"),
    "number_pattern": pgettext_lazy("audit action", "numbering pattern changed"),
    "periodic_review": pgettext_lazy("audit action", "periodic review recorded"),
    "plan": pgettext_lazy("audit action", "planned"),
    "raise": pgettext_lazy("audit action", "raised"),
    "reassign": pgettext_lazy("audit action", "reassigned"),
    "record": pgettext_lazy("audit action", "recorded"),
    "record_add": pgettext_lazy("audit action", "record added"),
    "record_remove": pgettext_lazy("audit action", "record removed"),
    "remind": pgettext_lazy("audit action", "reminder sent"),
    "returned": pgettext_lazy("audit action", "returned"),
    "revoke": pgettext_lazy("audit action", "revoked"),
    "save": pgettext_lazy("audit action", "saved"),
    "scope": pgettext_lazy("audit action", "scope set"),
    "set_logo": pgettext_lazy("audit action", "logo changed"),
    "set_roles": pgettext_lazy("audit action", "roles changed"),
    "set_validity": pgettext_lazy("audit action", "period of validity changed"),
    "settings": pgettext_lazy("audit action", "settings changed"),
    "sign": pgettext_lazy("audit action", "signed"),
    "sign_in": pgettext_lazy("audit action", "signed in"),
    "signed": pgettext_lazy("audit action", "signed"),
    "start": pgettext_lazy("audit action", "started"),
    "totp_disable": pgettext_lazy("audit action", "two-factor authentication turned off"),
    "totp_enable": pgettext_lazy("audit action", "two-factor authentication turned on"),
    "update": pgettext_lazy("audit action", "updated"),
    "upload": pgettext_lazy("audit action", "uploaded"),
    "withdraw": pgettext_lazy("audit action", "withdrawn"),
    "writing_tasks": pgettext_lazy("audit action", "writing tasks created"),
}

# Keys some services record beside the model's own fields.
EXTRA_FIELDS: dict[str, str | Promise] = {
    "note": _("note"),
    "message": _("message"),
    "file": _("file"),
    "roles": _("roles"),
}


def model_for(object_type: str) -> type[models.Model] | None:
    """The model an entry's object type names (`app_label.modelname`), or None for a removed one."""
    if "." not in object_type:
        return None
    try:
        return apps.get_model(object_type)
    except LookupError:
        return None


def object_type_label(object_type: str) -> str:
    model = model_for(object_type)
    return capfirst(str(model._meta.verbose_name)) if model is not None else object_type


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def field_label(model: type[models.Model] | None, name: str) -> str:
    field = _field(model, name)
    if field is not None:
        return capfirst(str(field.verbose_name))
    if name in EXTRA_FIELDS:
        return capfirst(str(EXTRA_FIELDS[name]))
    return name


def _choice_label(field: models.Field[Any, Any] | None, value: Any) -> str | None:
    if field is None or not getattr(field, "choices", None):
        return None
    return next((str(label) for key, label in field.flatchoices if key == value), None)


def action_label(action: str, object_type: str, changes: Any = None) -> str:
    """`document.released` → "Status changed to “Released”"; `document.create` → "Created"."""
    verb = action.rsplit(".", 1)[-1]
    model = model_for(object_type)
    # A lifecycle transition records {field: [before, target]} and names the target as its verb.
    if isinstance(changes, dict):
        for name, value in changes.items():
            if isinstance(value, list) and len(value) == 2 and value[1] == verb:
                label = _choice_label(_field(model, name), verb)
                if label is not None:
                    return gettext("%(field)s changed to “%(value)s”") % {
                        "field": field_label(model, name),
                        "value": label,
                    }
    if verb in VERBS:
        return capfirst(str(VERBS[verb]))
    label = _choice_label(_field(model, "status"), verb)
    if label is not None:
        return gettext("%(field)s changed to “%(value)s”") % {
            "field": field_label(model, "status"),
            "value": label,
        }
    return action


def value_label(
    model: type[models.Model] | None, name: str, value: Any, related: dict[tuple[str, Any], str]
) -> str:
    """A recorded value as a person reads it: a choice's label, a related row's name, yes/no."""
    if value is None or value == "":
        return ""
    field = _field(model, name)
    label = _choice_label(field, value)
    if label is not None:
        return label
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if field is not None and field.is_relation and (name, value) in related:
        return related[(name, value)]
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def related_names(
    model: type[models.Model] | None, changes: dict[str, Any], organization_id: int
) -> dict[tuple[str, Any], str]:
    """Names of the rows foreign keys in `changes` point at: one query per foreign-key field of the entry."""
    found: dict[tuple[str, Any], str] = {}
    for name, value in changes.items():
        field = _field(model, name)
        if not isinstance(field, models.ForeignKey):
            continue
        values = value if isinstance(value, list) and len(value) == 2 else [None, value]
        ids: list[Any] = []
        for v in values:
            try:  # an id as the key field reads it; anything else recorded is not a row to look up
                ids.append(field.target_field.to_python(v))
            except ValidationError:
                continue
        ids = [i for i in ids if i not in (None, "")]
        if not ids:
            continue
        target: Any = field.related_model
        qs = target._default_manager.filter(pk__in=ids)
        if any(f.name == "organization" for f in target._meta.get_fields()):
            qs = qs.filter(organization_id=organization_id)
        for row in qs:
            found[(name, row.pk)] = str(row)
            found[(name, str(row.pk))] = str(row)
    return found
