"""The coverage report: requirements no procedure answers, those answered by several, and the mandatory
documented-information items without a document in force.

Which items a document in force covers comes from the documents' evidence provider, the same answer the
readiness page reads, so the two never disagree; items mapped only to documents not yet in force are
listed apart, as work in progress."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from itsms.catalogue.constants import ISO20000_URN
from itsms.catalogue.models import DocumentedInfo, Requirement
from itsms.core.evidence import Evidence
from itsms.core.models import Organization

from .evidence import released_documents
from .models import DocStatus, Document, Level


@dataclass
class Coverage:
    omitted: list[Requirement] = field(default_factory=list)
    duplicated: list[tuple[Requirement, list[Document]]] = field(default_factory=list)
    missing_info: list[DocumentedInfo] = field(default_factory=list)
    # Of the missing items, those a document not yet in force is mapped to (in preparation).
    pending_info: set[int] = field(default_factory=set)
    # Items with documents in force: (item, evidence with its count and the link to exactly those).
    covered_info: list[tuple[DocumentedInfo, Evidence]] = field(default_factory=list)
    answered: int = 0
    total: int = 0


def coverage(organization: Organization, standard_urn: str = ISO20000_URN) -> Coverage:
    live = ~Q(status=DocStatus.WITHDRAWN)
    procedures = Document.objects.filter(live, organization=organization, level=Level.PROCEDURE)
    links = Document.requirements.through.objects.filter(document__in=procedures).values_list(
        "requirement_id", "document_id"
    )
    by_req: dict[int, list[int]] = {}
    for req_id, doc_id in links:
        by_req.setdefault(req_id, []).append(doc_id)
    requirements = list(
        Requirement.objects.filter(clause__standard__urn=standard_urn, retired=False).select_related("clause")
    )
    docs = {d.pk: d for d in procedures.filter(pk__in={d for ids in by_req.values() for d in ids})}
    result = Coverage(total=len(requirements))
    for r in requirements:
        ids = by_req.get(r.pk, [])
        if not ids:
            result.omitted.append(r)
        else:
            result.answered += 1
            if len(ids) > 1:
                result.duplicated.append((r, [docs[i] for i in ids]))
    in_force = released_documents(organization)
    mapped = set(
        Document.documented_info.through.objects.filter(document__organization=organization)
        .exclude(document__status=DocStatus.WITHDRAWN)
        .values_list("documentedinfo_id", flat=True)
    )
    for item in DocumentedInfo.objects.filter(standard__urn=standard_urn, retired=False).select_related(
        "clause"
    ):
        evidence = in_force.get(item.urn)
        if evidence is not None and evidence.count:
            result.covered_info.append((item, evidence))
        else:
            result.missing_info.append(item)
            if item.pk in mapped:
                result.pending_info.add(item.pk)
    return result
