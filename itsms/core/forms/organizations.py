"""The "create organization" form: a consultant's new client."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Organization, User
from ..org_setup import starters
from .base import BootstrapMixin


class OrganizationCreateForm(BootstrapMixin, forms.Form):
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=50,
        help_text=_(
            "Letters, digits and hyphens; it appears in the organization's addresses (/o/short-name/)."
        ),
    )
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    language = forms.ChoiceField(
        label=_("Language of records"),
        choices=Organization._meta.get_field("language").choices or (),
        initial="zh-hans",
    )
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        initial="Asia/Shanghai",
        help_text=_("A time zone name such as Asia/Shanghai; dates and times are shown in it."),
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # One choice field per registered starter (the programme's templates, for one).
        for starter in starters():
            choices = starter.choices(user)
            self.fields[f"start_{starter.key}"] = forms.ChoiceField(
                label=str(starter.label), choices=choices, initial=choices[0][0] if choices else None
            )
            self.fields[f"start_{starter.key}"].widget.attrs["class"] = "form-select"

    def clean_slug(self) -> str:
        return str(self.cleaned_data["slug"]).lower()

    def clean_time_zone(self) -> str:
        value: str = self.cleaned_data["time_zone"].strip()
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            raise forms.ValidationError(
                _("“%(value)s” is not a known time zone. Use a name such as Asia/Shanghai."),
                code="invalid_time_zone",
                params={"value": value},
            ) from None
        return value
