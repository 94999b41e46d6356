from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itsms.core.forms.base import BootstrapMixin
from itsms.core.models import Organization, Person

from .models import Programme, ProgrammeTemplate, Task

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StartForm(BootstrapMixin, forms.Form):
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    template = forms.ModelChoiceField(
        label=_("Template"),
        queryset=ProgrammeTemplate.objects.none(),
        required=False,
        empty_label=_("The built-in implementation method"),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ProgrammeTemplate.objects.filter(organization=organization)  # type: ignore[attr-defined]


class TaskForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Task
        fields = ["owner", "planned_start", "planned_end"]
        widgets = {"planned_start": DATE, "planned_end": DATE}

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.filter(organization=organization, is_active=True)  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        # The service validates and saves; the form only parses.
        pass


class TaskDoneForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    file = forms.FileField(label=_("File that shows it"), required=False)


class PlanForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["operating_since", "preaudit_target", "stage1_target", "stage2_target"]
        widgets = {f: DATE for f in fields}

    def _post_clean(self) -> None:
        pass


class TemplateUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Template (YAML)"))
