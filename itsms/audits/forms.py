"""The forms of the nonconformity steps and of the improvement register: parse and validate, no writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itsms.core.models import Organization, Person

from .models import CauseCategory, NonconformitySource

WHY_ROWS = 5
TEXT_MAX = 5000


class CorrectionForm(forms.Form):
    correction = forms.CharField(
        label=_("Correction (纠正)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX
    )


class CauseForm(forms.Form):
    cause_category = forms.ChoiceField(label=_("Cause category"), choices=CauseCategory.choices)
    root_cause = forms.CharField(
        label=_("Root cause"), widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_MAX
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, WHY_ROWS + 1):
            self.fields[f"why_{i}"] = forms.CharField(label=_("Why?"), required=False, max_length=TEXT_MAX)
            self.fields[f"because_{i}"] = forms.CharField(
                label=_("Because"), required=False, max_length=TEXT_MAX
            )

    def why_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"why_{i}"], self[f"because_{i}"]) for i in range(1, WHY_ROWS + 1)]

    def chain(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data.get(f"why_{i}", ""), self.cleaned_data.get(f"because_{i}", ""))
            for i in range(1, WHY_ROWS + 1)
        ]


class PlanForm(forms.Form):
    action_plan = forms.CharField(
        label=_("Corrective action"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX
    )
    action_owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.none())
    action_due = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["action_owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Person.objects.filter(organization=organization, is_active=True).order_by(
            "full_name"
        )


class ImplementationForm(forms.Form):
    evidence = forms.CharField(
        label=_("Evidence of implementation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX
    )
    file = forms.FileField(label=_("File (optional)"), required=False)


class VerifyForm(forms.Form):
    effective = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("Effective")), ("0", _("Not effective: plan again"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("What was checked and found"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX
    )


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=TEXT_MAX)


class ImprovementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    source = forms.ChoiceField(label=_("Source"), choices=NonconformitySource.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX
    )


class DecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Accept")), ("0", _("Reject"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_MAX)


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_MAX
    )
