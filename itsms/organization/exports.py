"""The appointment letter (任命书) as DOCX and PDF, and the release order (发布令) of the manual as PDF."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from itsms.core.exports import docx_bytes, docx_document, render_pdf
from itsms.core.models import Organization
from itsms.core.timezones import org_zone_active, zoned

from .models import Appointment, Policy


def appointment_title(language: str) -> str:
    with translation.override(language):
        return _("Letter of appointment of the management representative")


def signed_at(organization: Organization, when: object) -> str:
    """The signature's time in the organization's zone with its offset, as the letters print it."""
    with org_zone_active(organization):
        return zoned(when)  # type: ignore[arg-type]


def appointment_pdf(organization: Organization, appointment: Appointment, language: str) -> bytes:
    return render_pdf(
        "organization/exports/appointment.html",
        {"a": appointment, "signed_at": signed_at(organization, appointment.status_changed_at)},
        organization=organization,
        language=language,
        title=appointment_title(language),
    )


def appointment_docx(organization: Organization, appointment: Appointment, language: str) -> bytes:
    title = appointment_title(language)
    doc = docx_document(organization=organization, title=title, language=language)
    with translation.override(language):
        doc.add_paragraph(f"{_('Number')}: {appointment.number}")
        names = {"org": organization.display_name, "person": appointment.appointee.full_name}
        if appointment.effective_date is not None:
            doc.add_paragraph(
                _("%(org)s appoints %(person)s as management representative, effective %(date)s.")
                % {**names, "date": appointment.effective_date.isoformat()}
            )
        else:
            doc.add_paragraph(
                _(
                    "%(org)s appoints %(person)s as management representative, effective the day this letter is signed."
                )
                % names
            )
        doc.add_heading(_("Duties"), level=2)
        for line in appointment.duties.splitlines():
            if line.strip():
                doc.add_paragraph(line.strip(), style="List Bullet")
        doc.add_paragraph("")
        if appointment.status == "signed" and appointment.status_changed_at:
            doc.add_paragraph(
                _("Signed electronically by %(name)s (top management) on %(when)s.")
                % {
                    "name": appointment.appointed_by.full_name,
                    "when": signed_at(organization, appointment.status_changed_at),
                }
            )
        else:
            doc.add_paragraph(_("Draft: not signed."))
    return docx_bytes(doc)


def release_order_pdf(organization: Organization, policy: Policy, language: str) -> bytes:
    with translation.override(language):
        title = _("Release order")
    return render_pdf(
        "organization/exports/release_order.html",
        {"policy": policy, "signed_at": signed_at(organization, policy.status_changed_at)},
        organization=organization,
        language=language,
        title=title,
    )
