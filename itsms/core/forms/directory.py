from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Department, Organization, Person, Position, Role
from .base import BootstrapMixin


class DepartmentForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Department
        fields = ["code", "name", "name_en", "parent", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: object, organization: Organization, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        qs = Department.objects.filter(organization=organization)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = qs  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        # Uniqueness and row rules are checked by the service, which owns the write.
        pass


class PositionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Position
        fields = ["name", "department", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: object, organization: Organization, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(organization=organization)  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        pass


class PersonForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "email", "phone", "employee_no", "department", "position", "is_active"]

    def __init__(self, *args: object, organization: Organization, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(organization=organization)  # type: ignore[attr-defined]
        self.fields["position"].queryset = Position.objects.filter(organization=organization)  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        pass


class PeopleFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )

    def __init__(self, *args: object, organization: Organization, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(organization=organization)  # type: ignore[attr-defined]


ROLE_CHOICES = Role.choices


class ValidityFields(forms.Form):
    valid_from = forms.DateTimeField(
        label=_("Valid from"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Optional: the membership opens at this time (organization's time zone)."),
    )
    valid_until = forms.DateTimeField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("The membership ends by itself at this time; required for external auditors."),
    )


class MemberAddForm(BootstrapMixin, ValidityFields):
    email = forms.EmailField(label=_("E-mail"))
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        required=False,
        help_text=_("Only for a new login; leave empty to add an existing user by e-mail."),
    )
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        widget=forms.PasswordInput,
        help_text=_("Only for a new login: at least 12 characters."),
    )
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none(), required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: object, organization: Organization, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            organization=organization, membership__isnull=True, is_active=True
        )


class MemberRolesForm(BootstrapMixin, ValidityFields):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
