"""Forms of the accounts area: they parse and check credentials; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from itsms.core.forms.base import BootstrapMixin
from itsms.core.models import User

from . import totp
from .reauth import verify_signature_credentials


def canonical_username(login: str) -> str:
    """The user name behind a user name or e-mail, so axes counts both spellings as one user."""
    login = login.strip()
    match = (
        User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
        .values_list("username", flat=True)
        .first()
    )
    return match if match is not None else login.lower()


class CodeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Six-digit code"))
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        code = totp.normalize(super().clean(value))
        if len(code) != totp.DIGITS or not code.isdigit():
            raise forms.ValidationError(_("Enter the six digits shown by your authenticator app."))
        return code


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("User name or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        login, password = data.get("username"), data.get("password")
        if login and password:
            username = canonical_username(login)
            user = authenticate(self.request, username=username, password=password)
            if not isinstance(user, User):
                raise forms.ValidationError(
                    _("The user name or e-mail and the password do not match. Both may be case-sensitive."),
                    code="invalid_login",
                )
            self.user = user
        return data


class CodeForm(forms.Form):
    code = CodeField(
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        )
    )


class ReauthForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, request: HttpRequest, user: User, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user = user
        super().__init__(*args, **kwargs)
        if user.totp_enabled:
            self.fields["code"] = CodeField()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        password = data.get("password")
        if password is not None and (not self.user.totp_enabled or data.get("code")):
            if not verify_signature_credentials(
                self.user, password, data.get("code", ""), request=self.request
            ):
                raise forms.ValidationError(
                    _("The password or the code is not correct."), code="invalid_credentials"
                )
        return data


class TotpDisableForm(ReauthForm):
    pass


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    language = forms.ChoiceField(
        label=_("Preferred language"),
        required=False,
        # Each language in its own name, as the user's model field lists them.
        choices=User._meta.get_field("language").choices or [],
        help_text=_("The language of pages and e-mails for you. Records keep the organization's language."),
    )


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Checks the current password and the new one against the validators; the service saves it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The profile page holds two forms; the password form should not take the focus.
        self.fields["old_password"].widget.attrs.pop("autofocus", None)

    def save(self, commit: bool = True) -> Any:
        raise NotImplementedError("use itsms.accounts.services.user_change_password")


class SignatureForm(BootstrapMixin, forms.Form):
    """An electronic signature (or a withdrawal, signed like one): the signer proves who they are again.

    The check runs in `clean`, before the service's transaction opens, so a refused attempt still counts
    toward the lockout. Every signing form of every area derives from this one; `refused` says what did
    not happen.
    """

    refused = _("The password or code is not correct; nothing was signed.")

    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(render_value=False), strip=False
    )
    code = forms.CharField(label=_("Two-factor code (if enabled)"), required=False, max_length=12)

    def __init__(self, *args: Any, user: User, request: HttpRequest | None = None, **kwargs: Any) -> None:
        self.user, self.request = user, request
        super().__init__(*args, **kwargs)
        # The credentials come last, after whatever the signature is about.
        self.order_fields([name for name in self.fields if name not in ("password", "code")])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password") or ""
        if password and not verify_signature_credentials(
            self.user, password, data.get("code") or "", request=self.request
        ):
            raise forms.ValidationError(self.refused)
        return data
