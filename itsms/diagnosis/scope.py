"""What a diagnosis assesses: the standards it chose plus the laws of its basis that point at a library.

And which of those requirements may be declared not applicable: none of clauses 4 to 10 of a certifiable
standard (the catalogue marks ISO/IEC 20000-1 and ISO/IEC 27001 `certifiable`), since certification
cannot exclude them; annexes (27001's Annex A controls) and other libraries may be tailored with a reason.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from itsms.catalogue.models import Requirement, Standard

from .models import BasisItem, DiagnosisProject

# The management-system clauses of a certifiable standard (Annex SL's 4 to 10).
MANDATORY_CLAUSES = frozenset(str(n) for n in range(4, 11))


def law_library_ids(project: DiagnosisProject) -> QuerySet[BasisItem, int]:
    return BasisItem.objects.filter(project=project, library__isnull=False).values_list(
        "library_id", flat=True
    )


def scope_standards(project: DiagnosisProject) -> QuerySet[Standard]:
    """The chosen standards and the basis libraries, as one query (two sub-selects)."""
    return Standard.objects.filter(
        Q(pk__in=project.standards.values("pk")) | Q(pk__in=law_library_ids(project))
    ).order_by("ref", "pk")


def is_mandatory(requirement: Requirement) -> bool:
    """True for a requirement of clauses 4 to 10 of a certifiable standard (clause and standard loaded)."""
    clause = requirement.clause
    return clause.standard.certifiable and clause.ref_id.split(".")[0] in MANDATORY_CLAUSES


def not_applicable_refusal(requirement: Requirement) -> str:
    """Why this requirement cannot be declared not applicable, or '' when it can."""
    if not is_mandatory(requirement):
        return ""
    return _(
        "Requirement %(ref)s is in clause %(clause)s of %(standard)s, a certifiable standard: clauses 4 to "
        "10 cannot be excluded from certification, so it cannot be declared not applicable."
    ) % {
        "ref": requirement.ref,
        "clause": requirement.clause.ref_id.split(".")[0],
        "standard": requirement.clause.standard.ref,
    }
