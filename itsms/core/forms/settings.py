"""The organization settings page: its names, language, time zone, two-factor rule and logo."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Organization
from ..timezones import validate_time_zone
from .base import BootstrapMixin

LOGO_MAX_BYTES = 2 * 1024 * 1024


def known_time_zones() -> list[str]:
    """Suggestions for the time zone field: region names and UTC, without the legacy aliases."""
    return sorted(z for z in zoneinfo.available_timezones() if "/" in z or z == "UTC")


class OrganizationSettingsForm(BootstrapMixin, forms.Form):
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    language = forms.ChoiceField(
        label=_("Language of records"),
        choices=Organization._meta.get_field("language").choices or (),
        help_text=_("The language the organization's documents and exports are written in."),
    )
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        help_text=_(
            "A time zone name such as Asia/Shanghai; times are typed and shown in it. Changing it changes how "
            "every recorded time is shown, not the times themselves."
        ),
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
    )
    require_2fa_for_admins = forms.BooleanField(
        label=_("Require two-factor authentication for admins"), required=False
    )

    def clean_time_zone(self) -> str:
        value: str = self.cleaned_data["time_zone"].strip()
        # Only names of the zone database: a path that happens to load ("posix/Asia/Shanghai", "localtime")
        # would depend on the server's files.
        validate_time_zone(value)
        return value

    @classmethod
    def initial_for(cls, org: Organization) -> dict[str, object]:
        return {name: getattr(org, name) for name in cls.base_fields}


class LogoForm(BootstrapMixin, forms.Form):
    logo = forms.FileField(
        label=_("Logo"),
        help_text=_("A PNG or JPEG image of at most 2 MB, used in the letterhead of exported documents."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
