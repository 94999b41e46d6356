"""Reads of the catalogue. Catalogue rows are global reference data, so these take no organization."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import (
    AuditQuestion,
    Clause,
    DocumentedInfo,
    MappingLink,
    Requirement,
    Standard,
    TypicalEvidence,
)


def standards_list() -> QuerySet[Standard]:
    """Every loaded library, with the number of current clauses and requirements (two subquery counts)."""
    return Standard.objects.annotate(
        clause_count=Count("clauses", filter=Q(clauses__retired=False), distinct=True),
        requirement_count=Count(
            "clauses__requirements",
            filter=Q(clauses__requirements__retired=False),
            distinct=True,
        ),
    ).order_by("ref", "name")


def standard_get(urn_or_pk: str | int) -> Standard:
    """A standard by URN or primary key, or 404."""
    if isinstance(urn_or_pk, int) or (isinstance(urn_or_pk, str) and urn_or_pk.isdigit()):
        return get_object_or_404(Standard, pk=int(urn_or_pk))
    return get_object_or_404(Standard, urn=urn_or_pk)


def standard_with_counts(pk: int) -> Standard:
    """A standard with `clause_count` and `requirement_count`, or 404."""
    return get_object_or_404(standards_list(), pk=pk)


def standard_by_urn(urn: str) -> Standard | None:
    return Standard.objects.filter(urn=urn).first()


def clause_tree(standard: Standard, *, include_retired: bool = False) -> list[Clause]:
    """The standard's clauses in document (tree) order, from one query; each clause carries `depth`."""
    qs = Clause.objects.filter(standard=standard)
    if not include_retired:
        qs = qs.filter(retired=False)
    return list(qs.order_by("order", "pk"))


def clause_search(standard: Standard, query: str) -> list[Clause]:
    """Clauses whose number, title (either language) or requirement text matches, in tree order.

    Each match brings its ancestors so the result still reads as a tree; one query for the matches plus
    the in-memory walk over the tree (already one query).
    """
    query = query.strip()
    tree = clause_tree(standard)
    if not query:
        return tree
    text = (
        Q(ref_id__istartswith=query)
        | Q(title__icontains=query)
        | Q(title_zh__icontains=query)
        | Q(summary__icontains=query)
        | Q(summary_zh__icontains=query)
        | Q(requirements__text__icontains=query, requirements__retired=False)
        | Q(requirements__text_zh__icontains=query, requirements__retired=False)
    )
    hits = set(
        Clause.objects.filter(standard=standard, retired=False).filter(text).values_list("pk", flat=True)
    )
    by_pk = {c.pk: c for c in tree}
    keep: set[int] = set()
    for pk in hits:
        node: Clause | None = by_pk.get(pk)
        while node is not None and node.pk not in keep:
            keep.add(node.pk)
            node = by_pk.get(node.parent_id) if node.parent_id else None
    return [c for c in tree if c.pk in keep]


def clause_get(pk: int) -> Clause:
    return get_object_or_404(Clause.objects.select_related("standard", "parent"), pk=pk)


def clause_detail(pk: int) -> Clause:
    """A clause with everything its page shows, in a constant number of queries."""
    current = Q(retired=False)
    clause = (
        Clause.objects.select_related("standard", "parent")
        .prefetch_related(
            Prefetch("requirements", Requirement.objects.filter(current).order_by("order", "pk")),
            Prefetch("documented_info", DocumentedInfo.objects.filter(current).order_by("order", "pk")),
            Prefetch(
                "questions",
                AuditQuestion.objects.filter(current).select_related("requirement").order_by("order", "pk"),
            ),
            Prefetch("typical_evidence", TypicalEvidence.objects.filter(current).order_by("order", "pk")),
            Prefetch(
                "children",
                Clause.objects.filter(current).order_by("order", "pk"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if clause is None:
        raise Http404
    return clause


def mapped_clauses(clause: Clause) -> list[tuple[MappingLink, Clause]]:
    """Clauses of other standards mapped to this one (either direction), with the link; one query."""
    links = (
        MappingLink.objects.filter(retired=False)
        .filter(Q(source_clause=clause) | Q(target_clause=clause))
        .select_related("source_clause__standard", "target_clause__standard", "mapping")
        .order_by("target_clause__standard__ref", "target_clause__order", "source_clause__order")
    )
    result: list[tuple[MappingLink, Clause]] = []
    for link in links:
        other = link.target_clause if link.source_clause_id == clause.pk else link.source_clause
        result.append((link, other))
    return result


def requirements_for(
    standard: Standard, clause_refs: Iterable[str] | None = None, *, include_retired: bool = False
) -> QuerySet[Requirement]:
    """The standard's requirements in document order, each with its clause (and the clause's standard).

    `clause_refs` limits them to those clauses and everything below them ("8.5" includes "8.5.1.1").
    """
    qs = Requirement.objects.filter(clause__standard=standard).select_related("clause", "clause__standard")
    if not include_retired:
        qs = qs.filter(retired=False)
    if clause_refs is not None:
        refs = [r for r in clause_refs if r]
        if not refs:
            return qs.none()
        cond = Q()
        for ref in refs:
            cond |= Q(clause__ref_id=ref) | Q(clause__ref_id__startswith=f"{ref}.")
        qs = qs.filter(cond)
    return qs.order_by("clause__order", "order", "pk")


def documented_info_for(standard: Standard, *, include_retired: bool = False) -> QuerySet[DocumentedInfo]:
    qs = DocumentedInfo.objects.filter(standard=standard).select_related("clause")
    if not include_retired:
        qs = qs.filter(retired=False)
    return qs.order_by("clause__order", "order", "pk")
