"""The catalogue browser: read-only pages over the loaded libraries."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from itsms.core.access import OrgRequest, org_view

from . import selectors
from .permissions import can_view_catalogue


@org_view(can_view_catalogue)
def standard_list(request: OrgRequest) -> HttpResponse:
    return render(request, "catalogue/standard_list.html", {"standards": list(selectors.standards_list())})


@org_view(can_view_catalogue)
def standard_detail(request: OrgRequest, pk: int) -> HttpResponse:
    standard = selectors.standard_get(pk)
    query = request.GET.get("q", "")[:100]
    clauses = selectors.clause_search(standard, query)
    context = {"standard": standard, "clauses": clauses, "query": query}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "catalogue/standard_detail.html#tree", context)
    return render(request, "catalogue/standard_detail.html", context)


@org_view(can_view_catalogue)
def clause_detail(request: OrgRequest, pk: int) -> HttpResponse:
    clause = selectors.clause_detail(pk)
    return render(
        request,
        "catalogue/clause_detail.html",
        {"clause": clause, "standard": clause.standard, "mapped": selectors.mapped_clauses(clause)},
    )
