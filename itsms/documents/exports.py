"""The rendered PDF of a revision, with the document-control header, signatures and stamps."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

from itsms.core.exports import render_pdf
from itsms.core.markdown import render_markdown
from itsms.core.models import Membership

from .models import DistributionTarget, Revision, RevStatus, TargetKind
from .permissions import can_manage_documents

# Characters a CSS string may carry as they are; everything else is written as a CSS escape.
_CSS_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_./:()")


def css_string(value: str) -> SafeString:
    """`value` as the inside of a double-quoted CSS string (the running header's `content`). CSS escapes are
    a backslash and six hex digits; a JavaScript escape (`\\u002D`) would be printed as `u002D`. Nothing
    can close the string or the <style> element, whatever the number or title holds."""
    return mark_safe("".join(c if c in _CSS_PLAIN else f"\\{ord(c):06X}" for c in value))  # noqa: S308


def holds_copy(membership: Membership, target: DistributionTarget) -> bool:
    """The holder of a copy: the person it was issued to, or a person of the department it was issued to.
    A copy at a location has no holder with a login; the document controllers print it."""
    person = membership.person
    if person is None:
        return False
    if target.kind == TargetKind.PERSON:
        return target.person_id == person.pk
    if target.kind == TargetKind.DEPARTMENT:
        return target.department_id is not None and person.department_id == target.department_id
    return False


def printable_copy(
    membership: Membership, revision: Revision, copy_number: int | None
) -> DistributionTarget | None:
    """The copy a print may be controlled for: issued (and not recalled) for this document, asked for by its
    holder or a document controller, and the revision is the one in force. Otherwise None: the print is
    uncontrolled (打印即非受控), never a controlled copy of a number nobody holds."""
    if copy_number is None or revision.status != RevStatus.RELEASED:
        return None
    target = (
        DistributionTarget.objects.filter(
            organization_id=revision.organization_id,
            document_id=revision.document_id,
            copy_number=copy_number,
            is_active=True,
        )
        .select_related("person", "department")
        .first()
    )
    if target is None:
        return None
    if can_manage_documents(membership) or holds_copy(membership, target):
        return target
    return None


def revision_pdf(revision: Revision, *, language: str, copy: DistributionTarget | None = None) -> bytes:
    """A checked copy (see `printable_copy`) on a released revision makes a controlled copy (受控) naming its
    number and holder; without one the print is uncontrolled. Withdrawn and superseded revisions carry the
    obsolete stamp (作废) and stay available."""
    obsolete = revision.status in (RevStatus.WITHDRAWN, RevStatus.SUPERSEDED)
    controlled = (
        copy is not None
        and copy.is_active
        and copy.document_id == revision.document_id
        and revision.status == RevStatus.RELEASED
    )
    document = revision.document
    return render_pdf(
        "documents/exports/revision.html",
        {
            "revision": revision,
            "document": document,
            "running_header": css_string(f"{document.number} {revision.edition}/{revision.revision}"),
            "html": render_markdown(revision.text),
            "signatures": list(revision.signatures.all()),
            "copy_number": copy.copy_number if controlled and copy is not None else None,
            "holder": str(copy) if controlled and copy is not None else "",
            "controlled": controlled,
            "obsolete": obsolete,
            "draft": revision.status not in (RevStatus.RELEASED, RevStatus.WITHDRAWN, RevStatus.SUPERSEDED),
        },
        organization=revision.organization,
        language=language,
        title=f"{document.number} {document.title}",
    )
