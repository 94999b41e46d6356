from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itsms.accounts.forms import SignatureForm
from itsms.core.forms.base import BootstrapMixin
from itsms.core.models import Department, Organization, Person, Role

from .models import ContextIssue, InterestedParty, Objective, Risk

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrgModelForm(BootstrapMixin, forms.ModelForm):
    """Person and department choices limited to the organization; the service validates and saves."""

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            if isinstance(f, forms.ModelChoiceField) and f.queryset is not None:
                if f.queryset.model in (Person, Department):
                    f.queryset = f.queryset.model.objects.filter(organization=organization)

    def _post_clean(self) -> None:
        pass


class ContextIssueForm(OrgModelForm):
    class Meta:
        model = ContextIssue
        fields = ["kind", "title", "description"]


class InterestedPartyForm(OrgModelForm):
    class Meta:
        model = InterestedParty
        fields = ["name", "requirements"]


class ObjectiveForm(OrgModelForm):
    class Meta:
        model = Objective
        fields = ["title", "target", "unit", "higher_is_better", "owner", "method", "frequency"]


class RiskForm(OrgModelForm):
    class Meta:
        model = Risk
        fields = ["kind", "title", "description", "likelihood", "impact", "treatment", "owner", "review_date"]
        widgets = {"review_date": DATE}


class ResultForm(BootstrapMixin, forms.Form):
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class GroupForm(BootstrapMixin, forms.Form):
    terms_of_reference = forms.CharField(
        label=_("Terms of reference"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    formed_on = forms.DateField(label=_("Formed on"), widget=DATE, required=False)


class MemberForm(BootstrapMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    role_in_group = forms.CharField(label=_("Role in the group"), max_length=100)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(organization=organization, is_active=True)  # type: ignore[attr-defined]


def top_managers(organization: Organization) -> Any:
    """People who can sign for top management: active, with a login holding that role."""
    return Person.objects.filter(
        organization=organization,
        is_active=True,
        membership__is_active=True,
        membership__roles__role=Role.TOP_MANAGEMENT,
    ).distinct()


class AppointmentForm(BootstrapMixin, forms.Form):
    appointee = forms.ModelChoiceField(label=_("Management representative"), queryset=Person.objects.none())
    appointed_by = forms.ModelChoiceField(
        label=_("Appointed by (top management)"),
        queryset=Person.objects.none(),
        help_text=_("They are notified and sign the letter; it is dated the day they sign."),
    )
    duties = forms.CharField(label=_("Duties"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(organization=organization, is_active=True)
        self.fields["appointee"].queryset = people  # type: ignore[attr-defined]
        self.fields["appointed_by"].queryset = top_managers(organization)  # type: ignore[attr-defined]


class SignForm(SignatureForm):
    """The signature of a letter of appointment or of a policy."""


class ScopeForm(BootstrapMixin, forms.Form):
    services = forms.CharField(label=_("Services"), widget=forms.Textarea(attrs={"rows": 3}))
    locations = forms.CharField(label=_("Locations"), widget=forms.Textarea(attrs={"rows": 2}))
    units = forms.ModelMultipleChoiceField(
        label=_("Organizational units"),
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    statement = forms.CharField(label=_("Scope statement"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Department.objects.filter(organization=organization)  # type: ignore[attr-defined]


class PolicyForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Policy"), widget=forms.Textarea(attrs={"rows": 6}))
    signer = forms.ModelChoiceField(
        label=_("To be signed by (top management)"),
        queryset=Person.objects.none(),
        help_text=_("They are notified and sign the policy; it is released the day they sign."),
    )
    manual_title = forms.CharField(label=_("Manual released with it"), max_length=200, required=False)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = top_managers(organization)  # type: ignore[attr-defined]
