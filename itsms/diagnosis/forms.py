"""Forms of the diagnosis pages: parse and validate only, then the views call a service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itsms.accounts.forms import SignatureForm
from itsms.audits.models import NonconformityGrade
from itsms.catalogue.labels import requirement_label
from itsms.catalogue.models import Clause, Requirement, Standard
from itsms.core.forms.base import BootstrapMixin
from itsms.core.models import Department, Organization, Person

from .models import (
    AssessmentResult,
    BasisKind,
    DiagnosisProject,
    DocumentAction,
    LawCategory,
    TailoringDecision,
    TeamMember,
    TeamRole,
)
from .scope import scope_standards
from .selectors import scope_requirements

DATE = forms.DateInput(attrs={"type": "date"})


def _departments(org: Organization) -> Any:
    return Department.objects.filter(organization=org).order_by("code", "name")


class ProjectForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    standards = forms.ModelMultipleChoiceField(
        label=_("Standards"), queryset=Standard.objects.order_by("ref"), widget=forms.CheckboxSelectMultiple
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    processes = forms.CharField(
        label=_("Processes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    aims = forms.CharField(label=_("Aims"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = _departments(organization)  # type: ignore[attr-defined]
        self.fields["standards"].label_from_instance = (  # type: ignore[attr-defined]
            lambda s: f"{s.ref} — {s.display_name}"
        )


class ProjectEditForm(ProjectForm):
    conclusion = forms.CharField(
        label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    @staticmethod
    def initial_for(project: DiagnosisProject) -> dict[str, Any]:
        return {
            "title": project.title,
            "standards": list(project.standards.all()),
            "departments": list(project.departments.all()),
            "processes": project.processes,
            "aims": project.aims,
            "conclusion": project.conclusion,
        }


class BasisForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=BasisKind.choices)
    category = forms.ChoiceField(
        label=_("Category (laws and regulations)"), choices=[("", "—"), *LawCategory.choices], required=False
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)
    source_url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    upload = forms.FileField(label=_("Source document"), required=False)
    library = forms.ModelChoiceField(
        label=_("Library in the catalogue (laws and regulations)"),
        queryset=Standard.objects.order_by("ref"),
        required=False,
        help_text=_("Its requirements are assessed in this diagnosis beside the standards'."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].label_from_instance = (  # type: ignore[attr-defined]
            lambda s: f"{s.ref} — {s.display_name}"
        )


class SupplementaryForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Requirement"), widget=forms.Textarea(attrs={"rows": 3}))
    origin = forms.CharField(label=_("Origin"), max_length=200, required=False)


class TailoringForm(BootstrapMixin, forms.Form):
    requirement = forms.ModelChoiceField(label=_("Requirement"), queryset=Requirement.objects.none())
    decision = forms.ChoiceField(label=_("Decision"), choices=TailoringDecision.choices)
    # Not required here so that the service gives its own clear refusal.
    justification = forms.CharField(
        label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, project: DiagnosisProject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["requirement"]
        field.queryset = scope_requirements(project)  # type: ignore[attr-defined]
        field.label_from_instance = requirement_label  # type: ignore[attr-defined]


class TeamForm(BootstrapMixin, forms.Form):
    person = forms.ModelChoiceField(
        label=_("One of our people"), queryset=Person.objects.none(), required=False
    )
    external_name = forms.CharField(label=_("Or an outside member's name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices)
    affiliation = forms.CharField(label=_("Affiliation"), max_length=200, required=False)
    is_lead = forms.BooleanField(label=_("Lead of the diagnosis team (signs the report)"), required=False)

    def __init__(self, *args: Any, project: DiagnosisProject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            organization_id=project.organization_id, is_active=True
        )


class SessionForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    team_members = forms.ModelMultipleChoiceField(
        label=_("Team"),
        queryset=TeamMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    clauses = forms.ModelMultipleChoiceField(
        label=_("Clauses"), queryset=Clause.objects.none(), required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, project: DiagnosisProject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team_members"].queryset = project.team.select_related("person")  # type: ignore[attr-defined]
        self.fields["departments"].queryset = _departments(project.organization)  # type: ignore[attr-defined]
        clauses = self.fields["clauses"]
        clauses.queryset = Clause.objects.filter(  # type: ignore[attr-defined]
            standard__in=scope_standards(project), retired=False, depth__lte=1
        ).order_by("standard__ref", "order")
        clauses.label_from_instance = lambda c: f"{c.ref_id} {c.display_title}"  # type: ignore[attr-defined]


class InterviewForm(BootstrapMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none(), required=False)
    name = forms.CharField(label=_("Or name"), max_length=150, required=False)
    role = forms.CharField(label=_("Role"), max_length=150, required=False)
    held_on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, project: DiagnosisProject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            organization_id=project.organization_id
        )


class RecordForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    upload = forms.FileField(label=_("File"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ObservationForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Observation"), widget=forms.Textarea(attrs={"rows": 3}))
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    observed_on = forms.DateField(label=_("Date"), required=False, widget=DATE)

    def __init__(self, *args: Any, project: DiagnosisProject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(project.organization)  # type: ignore[attr-defined]


class ExistingDocumentForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=60, required=False)
    title = forms.CharField(label=_("Title"), max_length=300)
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)


class ChecklistItemForm(BootstrapMixin, forms.Form):
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    clause = forms.ModelChoiceField(label=_("Clause"), queryset=Clause.objects.none(), required=False)

    def __init__(self, *args: Any, project: DiagnosisProject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        clause = self.fields["clause"]
        clause.queryset = Clause.objects.filter(  # type: ignore[attr-defined]
            standard__in=scope_standards(project), retired=False
        ).order_by("standard__ref", "order")
        clause.label_from_instance = lambda c: f"{c.ref_id} {c.display_title}"  # type: ignore[attr-defined]


class AssessmentForm(BootstrapMixin, forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=AssessmentResult.choices)
    gap = forms.CharField(label=_("Gap found"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    cause = forms.CharField(label=_("Cause"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.CharField(
        label=_("Evidence seen"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    document_action = forms.ChoiceField(
        label=_("Document needed"), choices=DocumentAction.choices, required=False
    )
    document_title = forms.CharField(label=_("Document title"), max_length=300, required=False)
    nonconformity_grade = forms.ChoiceField(
        label=_("Nonconformity grade"),
        choices=[("", _("No nonconformity")), *NonconformityGrade.choices],
        required=False,
        initial=NonconformityGrade.MINOR,
        help_text=_(
            "Saving “does not conform” raises a nonconformity in the register, with the gap found as its "
            "statement; for “partly conforms”, a grade raises one too."
        ),
    )

    def __init__(self, *args: Any, organization: Organization, raised: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(organization)  # type: ignore[attr-defined]
        if raised:
            # The nonconformity exists; the register follows it from here.
            del self.fields["nonconformity_grade"]


class ReportSignForm(SignatureForm):
    refused = _("The password or code is not correct; the report was not signed.")


ITEM_FORMS: dict[str, type[forms.Form]] = {
    "basis": BasisForm,
    "supplementary": SupplementaryForm,
    "tailoring": TailoringForm,
    "team": TeamForm,
    "session": SessionForm,
    "interview": InterviewForm,
    "record": RecordForm,
    "observation": ObservationForm,
    "document": ExistingDocumentForm,
    "checklist": ChecklistItemForm,
}
# Forms whose choices depend on the project.
NEEDS_PROJECT = {"tailoring", "team", "session", "interview", "observation", "checklist"}
