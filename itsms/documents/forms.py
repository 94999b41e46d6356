"""Forms of document control: parse and validate, then the view calls a service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from itsms.accounts.forms import SignatureForm
from itsms.catalogue.labels import documented_info_label, requirement_label
from itsms.catalogue.models import DocumentedInfo, Requirement
from itsms.core.files import TYPE_LABELS
from itsms.core.forms.base import BootstrapMixin
from itsms.core.models import Department, Organization, Person

from .models import (
    AssignmentKind,
    Decision,
    DocStatus,
    DocType,
    Document,
    Level,
    Meaning,
    RecallOutcome,
    ReviewOutcome,
    Revision,
    TargetKind,
)
from .selectors import REVIEW_DUE
from .services.files import ALLOWED_TYPES

BLANK = [("", "—")]


def _departments(org: Organization) -> Any:
    return Department.objects.filter(organization=org).order_by("code", "name")


def _people(org: Organization) -> Any:
    return Person.objects.filter(organization=org, is_active=True).order_by("full_name")


class OrgForm(BootstrapMixin, forms.Form):
    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        self.organization = organization
        super().__init__(*args, **kwargs)


class RegisterFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Number, title or text")}),
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=BLANK + [c for c in Level.choices if c[0] != Level.EXTERNAL]
    )
    department = forms.ModelChoiceField(
        label=_("Department"), required=False, queryset=Department.objects.none()
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=BLANK + DocStatus.choices + [(REVIEW_DUE, _("review due"))]
    )
    requirement = forms.IntegerField(required=False, widget=forms.HiddenInput)
    in_force = forms.BooleanField(required=False, widget=forms.HiddenInput)
    clause = forms.CharField(required=False, max_length=50, widget=forms.HiddenInput)
    info = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(organization)  # type: ignore[attr-defined]


class DocumentForm(OrgForm):
    number = forms.CharField(
        label=_("Number"),
        required=False,
        max_length=60,
        help_text=_(
            "Leave empty to take the next number of the type's pattern. A number once used is never used again."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    doc_type = forms.ChoiceField(label=_("Type"), choices=DocType.choices)
    owner_department = forms.ModelChoiceField(
        label=_("Owner department"), required=False, queryset=Department.objects.none()
    )
    author = forms.ModelChoiceField(label=_("Author"), required=False, queryset=Person.objects.none())
    approver = forms.ModelChoiceField(label=_("Approver"), required=False, queryset=Person.objects.none())
    parent = forms.ModelChoiceField(
        label=_("Parent document (number)"),
        required=False,
        queryset=Document.objects.none(),
        to_field_name="number",
        widget=forms.TextInput(attrs={"placeholder": "ITSMS-M-01"}),
    )
    review_interval_months = forms.IntegerField(
        label=_("Review interval (months)"), min_value=1, max_value=120, initial=12
    )
    publisher = forms.CharField(label=_("Publisher (external documents)"), required=False, max_length=200)
    external_version = forms.CharField(
        label=_("Version held (external documents)"), required=False, max_length=60
    )
    requirements = forms.ModelMultipleChoiceField(
        label=_("Requirements answered"),
        required=False,
        queryset=Requirement.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    documented_info = forms.ModelMultipleChoiceField(
        label=_("Documented information"),
        required=False,
        queryset=DocumentedInfo.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(
        self, *args: Any, organization: Organization, document: Document | None = None, **kwargs: Any
    ) -> None:
        if document is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": document.title,
                    "doc_type": document.doc_type,
                    "owner_department": document.owner_department_id,
                    "author": document.author_id,
                    "approver": document.approver_id,
                    "parent": document.parent.number if document.parent else "",
                    "review_interval_months": document.review_interval_months,
                    "publisher": document.publisher,
                    "external_version": document.external_version,
                    "requirements": list(document.requirements.values_list("pk", flat=True)),
                    "documented_info": list(document.documented_info.values_list("pk", flat=True)),
                },
            )
        super().__init__(*args, organization=organization, **kwargs)
        if document is not None:
            del self.fields["number"]
        f = self.fields
        f["owner_department"].queryset = _departments(organization)  # type: ignore[attr-defined]
        f["author"].queryset = _people(organization)  # type: ignore[attr-defined]
        f["approver"].queryset = _people(organization)  # type: ignore[attr-defined]
        f["parent"].queryset = Document.objects.filter(  # type: ignore[attr-defined]
            organization=organization, level__in=[Level.MANUAL, Level.PROCEDURE]
        ).order_by("number")
        f["requirements"].queryset = Requirement.objects.filter(retired=False).select_related("clause")  # type: ignore[attr-defined]
        f["documented_info"].queryset = DocumentedInfo.objects.filter(retired=False).select_related("clause")  # type: ignore[attr-defined]
        # Choices in the reader's language with their clause number, never a bare code.
        f["requirements"].label_from_instance = requirement_label  # type: ignore[attr-defined]
        f["documented_info"].label_from_instance = documented_info_label  # type: ignore[attr-defined]


class RevisionForm(BootstrapMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    change_summary = forms.CharField(label=_("What changed"), required=False, max_length=500)
    text = forms.CharField(
        label=_("Text (Markdown: # headings, - lists, **bold**, *italic*, | tables |)"),
        required=False,
        max_length=settings.DOCUMENT_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 18, "class": "form-control font-monospace"}),
    )
    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("Allowed: %(types)s. Office files with macros are refused.")
        % {"types": ", ".join(str(TYPE_LABELS[t]) for t in ALLOWED_TYPES)},
    )

    @classmethod
    def for_revision(cls, revision: Revision, data: Any = None, files: Any = None) -> RevisionForm:
        return cls(
            data,
            files,
            initial={
                "version": revision.version,
                "text": revision.text,
                "change_summary": revision.change_summary,
            },
        )


class CommentForm(OrgForm):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
    department = forms.ModelChoiceField(
        label=_("On behalf of department"), required=False, queryset=Department.objects.none()
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["department"].queryset = _departments(organization)  # type: ignore[attr-defined]


class ResolveForm(BootstrapMixin, forms.Form):
    resolution = forms.CharField(label=_("How it was handled"), max_length=2000)


class MoveForm(BootstrapMixin, forms.Form):
    target = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class SignForm(SignatureForm):
    """An electronic signature: the signer proves who they are again, here, before anything is written."""

    meaning = forms.ChoiceField(
        label=_("Meaning of the signature"),
        choices=[(Meaning.REVIEWED, Meaning.REVIEWED.label), (Meaning.APPROVED, Meaning.APPROVED.label)],
    )
    effective_date = forms.DateField(
        label=_("Effective date (when approving)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    release = forms.BooleanField(
        label=_("Release now (untick to release with a set later)"), required=False, initial=True
    )


class DistributionForm(OrgForm):
    kind = forms.ChoiceField(label=_("Copy for"), choices=TargetKind.choices)
    person = forms.ModelChoiceField(label=_("Person"), required=False, queryset=Person.objects.none())
    department = forms.ModelChoiceField(
        label=_("Department"), required=False, queryset=Department.objects.none()
    )
    location = forms.CharField(label=_("Location"), required=False, max_length=200)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["person"].queryset = _people(organization)  # type: ignore[attr-defined]
        self.fields["department"].queryset = _departments(organization)  # type: ignore[attr-defined]


class RecordForm(OrgForm):
    name = forms.CharField(label=_("Record"), max_length=200)
    # Typed by number, not picked from a list: a register can hold thousands of forms and record types,
    # and a select would render every one of them on each procedure's page.
    record_type = forms.ModelChoiceField(
        label=_("Record type (number)"),
        required=False,
        queryset=Document.objects.none(),
        to_field_name="number",
        widget=forms.TextInput(attrs={"placeholder": "ITSMS-R-001"}),
    )
    form = forms.ModelChoiceField(
        label=_("Form (number)"),
        required=False,
        queryset=Document.objects.none(),
        to_field_name="number",
        widget=forms.TextInput(attrs={"placeholder": "ITSMS-F-001"}),
    )
    kept_at = forms.CharField(label=_("Where kept"), required=False, max_length=200)
    retention = forms.CharField(label=_("Retention period"), required=False, max_length=60)
    owner_department = forms.ModelChoiceField(
        label=_("Owner"), required=False, queryset=Department.objects.none()
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        docs = Document.objects.filter(organization=organization).order_by("number")
        self.fields["record_type"].queryset = docs.filter(level=Level.RECORD)  # type: ignore[attr-defined]
        self.fields["form"].queryset = docs.filter(doc_type=DocType.FORM)  # type: ignore[attr-defined]
        self.fields["owner_department"].queryset = _departments(organization)  # type: ignore[attr-defined]


class WithdrawForm(SignatureForm):
    """Withdrawing is signed like an approval: the controller proves who they are again, here."""

    refused = _("The password or code is not correct; nothing was withdrawn.")

    reason = forms.CharField(label=_("Reason for withdrawal"), max_length=300)


class RecallCloseForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in RecallOutcome.choices if c[0] != RecallOutcome.PENDING]
    )
    on = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class PeriodicReviewForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReviewOutcome.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class InventoryForm(OrgForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    reference = forms.CharField(label=_("Existing reference"), required=False, max_length=100)
    holder = forms.ModelChoiceField(label=_("Held by"), required=False, queryset=Department.objects.none())

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["holder"].queryset = _departments(organization)  # type: ignore[attr-defined]


class DecideForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[c for c in Decision.choices if c[0] != Decision.PENDING]
    )
    note = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class AssignmentForm(OrgForm):
    title = forms.CharField(label=_("Document to write"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=AssignmentKind.choices)
    assignee = forms.ModelChoiceField(label=_("Assignee"), required=False, queryset=Person.objects.none())
    due_date = forms.DateField(label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    document = forms.ModelChoiceField(
        label=_("Register entry"), required=False, queryset=Document.objects.none()
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["assignee"].queryset = _people(organization)  # type: ignore[attr-defined]
        self.fields["document"].queryset = Document.objects.filter(  # type: ignore[attr-defined]
            organization=organization
        ).order_by("number")


class CampaignForm(OrgForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    due_date = forms.DateField(label=_("Acknowledge by"), widget=forms.DateInput(attrs={"type": "date"}))
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents"),
        queryset=Document.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        queryset=Department.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["documents"].queryset = Document.objects.filter(  # type: ignore[attr-defined]
            organization=organization, status=DocStatus.RELEASED
        ).order_by("number")
        self.fields["departments"].queryset = _departments(organization)  # type: ignore[attr-defined]


class EditionForm(OrgForm):
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents of the new edition"),
        queryset=Document.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    change_summary = forms.CharField(label=_("Why a new edition"), max_length=500)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["documents"].queryset = Document.objects.filter(  # type: ignore[attr-defined]
            organization=organization,
            status=DocStatus.RELEASED,
            level__in=[Level.MANUAL, Level.PROCEDURE, Level.WORK],
        ).order_by("number")


class ReleaseSetForm(OrgForm):
    revisions = forms.ModelMultipleChoiceField(
        label=_("Approved revisions"), queryset=Revision.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    effective_date = forms.DateField(
        label=_("Effective date"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        from .selectors import approved_waiting

        super().__init__(*args, organization=organization, **kwargs)
        self.fields["revisions"].queryset = approved_waiting(organization)  # type: ignore[attr-defined]


class AssignWriterForm(OrgForm):
    """Give a writing task its writer and due date, or hand it to someone else."""

    assignee = forms.ModelChoiceField(label=_("Writer"), queryset=Person.objects.none())
    due_date = forms.DateField(label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["assignee"].queryset = _people(organization)  # type: ignore[attr-defined]


class ControlSettingsForm(BootstrapMixin, forms.Form):
    internal_reviewers_required = forms.IntegerField(
        label=_("Independent reviews required in the internal review"),
        min_value=1,
        max_value=10,
        help_text=_(
            "People other than the author who signed as reviewer or whose comments were resolved at this stage."
        ),
    )
    external_reviewers_required = forms.IntegerField(
        label=_("Independent reviews required in the external check"), min_value=1, max_value=10
    )
    approver_independent = forms.BooleanField(
        label=_("The approver must not have signed as reviewer"), required=False
    )
