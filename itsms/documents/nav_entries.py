"""Document control's entries in the main navigation."""

from django.utils.translation import gettext_lazy as _

from itsms.core.navigation import NavItem, register

from . import permissions as p


def register_navigation() -> None:
    register(
        NavItem(
            "documents",
            _("Controlled documents"),
            "documents:list",
            p.can_view_documents,
            order=300,
            group="documents",
        )
    )
    register(
        NavItem(
            "documents_mine",
            _("Documents to read and acknowledge"),
            "documents:my_receipts",
            p.can_acknowledge,
            order=301,
            group="documents",
        )
    )
    register(
        NavItem(
            "documents_copies",
            _("My controlled copies"),
            "documents:my_copies",
            p.can_acknowledge,
            order=303,
            group="documents",
        )
    )
    register(
        NavItem(
            "documents_work",
            _("Writing tasks"),
            "documents:assignments",
            p.can_view_documents,
            order=302,
            group="documents",
        )
    )
    register(
        NavItem(
            "documents_control",
            _("Document-control rules"),
            "documents:control_settings",
            p.can_configure_document_control,
            order=304,
            group="documents",
        )
    )
