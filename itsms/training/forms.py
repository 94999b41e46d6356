"""Forms of the training area: parse and validate, then the views call a service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itsms.core.forms.base import BootstrapMixin
from itsms.core.forms.fields import LocalDateTimeField
from itsms.core.models import Department, Organization, Person, Position

from .models import CompetenceRequirement, TrainingKind, TrainingSession
from .services.sessions import SESSION_FIELDS


class SessionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = SESSION_FIELDS
        # Read in the organization's zone, with a plain message for a time a clock change skips or repeats.
        field_classes = {"starts_at": LocalDateTimeField}
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "content": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        starts_at = self.fields["starts_at"]
        assert isinstance(starts_at, forms.DateTimeField)
        starts_at.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def _post_clean(self) -> None:
        # The service validates the row (with its organization and number); the form only parses.
        pass


class InviteForm(BootstrapMixin, forms.Form):
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments (with their sub-departments)"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    people = forms.ModelMultipleChoiceField(
        label=_("People"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = Department.objects.filter(organization=organization)  # type: ignore[attr-defined]
        self.fields["people"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            organization=organization, is_active=True
        ).order_by("full_name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("departments") and not data.get("people"):
            raise forms.ValidationError(_("Choose people or departments to invite."))
        return data


class AttendanceForm(BootstrapMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    present = forms.BooleanField(label=_("Present"), required=False)
    score = forms.IntegerField(label=_("Score"), required=False, min_value=0)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(organization=organization).order_by(  # type: ignore[attr-defined]
            "full_name"
        )


class MaterialForm(forms.Form):
    file = forms.FileField(label=_("Material"))


class RequirementForm(BootstrapMixin, forms.Form):
    position = forms.ModelChoiceField(label=_("Position"), queryset=Position.objects.none())
    kind = forms.ChoiceField(label=_("Training kind"), choices=TrainingKind.choices)
    topic = forms.CharField(
        label=_("Topic"),
        required=False,
        max_length=100,
        help_text=CompetenceRequirement._meta.get_field("topic").help_text,
    )
    validity_months = forms.IntegerField(
        label=_("Valid for (months)"),
        required=False,
        min_value=1,
        max_value=240,
        help_text=CompetenceRequirement._meta.get_field("validity_months").help_text,
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = Position.objects.filter(organization=organization)  # type: ignore[attr-defined]


class CampaignForm(BootstrapMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("e.g. the service management policy")
    )
    version = forms.CharField(label=_("Version"), max_length=40)
    message = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.FileField(label=_("Document"), required=False)


class MatrixFilterForm(BootstrapMixin, forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("All departments"),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(organization=organization)  # type: ignore[attr-defined]


class TrainingSettingsForm(BootstrapMixin, forms.Form):
    sign_in_opens_minutes = forms.IntegerField(
        label=_("Self sign-in opens (minutes before the start)"), min_value=0, max_value=24 * 60
    )
    sign_in_closes_minutes = forms.IntegerField(
        label=_("Self sign-in closes (minutes after the end)"), min_value=0, max_value=24 * 60
    )
