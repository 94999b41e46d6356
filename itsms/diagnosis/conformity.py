"""Conformity per clause: the counts behind the report's conclusion, its heat map and the dashboard.

Percentage = requirements that conform ÷ requirements assessed as applicable (conforms, partly, does not
conform). "Partly" therefore lowers the percentage; not applicable and not yet assessed do not count.
Three queries whatever the library's size (clauses, requirements, assessments), rolled up in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from itsms.audits.models import Nonconformity, NonconformityStatus
from itsms.catalogue.models import Clause

from .models import Assessment, AssessmentResult, DiagnosisProject, Tailoring, TailoringDecision
from .models.assessment import GAP_RESULTS
from .scope import scope_standards
from .selectors import scope_requirements
from .services.assessments import SOURCE_TYPE

R = AssessmentResult
# Heat-map colours from red (little conforms) to green, by the lower bound of the percentage.
HEAT = [(95, "#63be7b"), (80, "#b1d580"), (60, "#ffeb84"), (40, "#fbaa77"), (0, "#f8696b")]
NO_DATA = "#e0e0e0"


@dataclass
class ClauseConformity:
    clause: Clause | None
    depth: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {r: 0 for r in R.values})
    total: int = 0

    @property
    def assessed(self) -> int:
        return sum(self.counts.values())

    @property
    def applicable(self) -> int:
        return self.counts[R.CONFORMS] + self.counts[R.PARTLY] + self.counts[R.DOES_NOT_CONFORM]

    @property
    def not_assessed(self) -> int:
        return self.total - self.assessed

    @property
    def percent(self) -> float | None:
        if not self.applicable:
            return None
        return round(100 * self.counts[R.CONFORMS] / self.applicable, 1)

    @property
    def colour(self) -> str:
        pct = self.percent
        if pct is None:
            return NO_DATA
        return next(c for bound, c in HEAT if pct >= bound)

    @property
    def conforms(self) -> int:
        return self.counts[R.CONFORMS]

    @property
    def partly(self) -> int:
        return self.counts[R.PARTLY]

    @property
    def does_not_conform(self) -> int:
        return self.counts[R.DOES_NOT_CONFORM]

    @property
    def not_applicable(self) -> int:
        return self.counts[R.NOT_APPLICABLE]


def conformity_by_clause(
    project: DiagnosisProject, *, max_depth: int = 1
) -> tuple[list[ClauseConformity], ClauseConformity]:
    """Rows for the clauses down to `max_depth` (0 = "4".."10") that hold requirements, and the total."""
    clauses = {
        c.pk: c
        for c in Clause.objects.filter(standard__in=scope_standards(project), retired=False)
        .select_related("standard")
        .order_by("standard__ref", "order")
    }
    rows = {
        pk: ClauseConformity(clause=c, depth=c.depth) for pk, c in clauses.items() if c.depth <= max_depth
    }
    total = ClauseConformity(clause=None)
    results = dict(Assessment.objects.filter(project=project).values_list("requirement_id", "result"))
    not_applicable = set(
        Tailoring.objects.filter(project=project, decision=TailoringDecision.NOT_APPLICABLE).values_list(
            "requirement_id", flat=True
        )
    )
    for req_pk, clause_pk in scope_requirements(project).values_list("pk", "clause_id"):
        result = results.get(req_pk) or (R.NOT_APPLICABLE if req_pk in not_applicable else None)
        targets = [total]
        node = clauses.get(clause_pk)
        while node is not None:
            if node.pk in rows:
                targets.append(rows[node.pk])
            node = clauses.get(node.parent_id) if node.parent_id else None
        for row in targets:
            row.total += 1
            if result:
                row.counts[result] += 1
    return [r for r in rows.values() if r.total], total


def gaps_by_department(project: DiagnosisProject) -> list[dict[str, object]]:
    """Per department: open gaps of this diagnosis and open nonconformities it raised (two queries)."""
    gaps = {
        row["department__name"]: row["n"]
        for row in Assessment.objects.filter(project=project, result__in=GAP_RESULTS)
        .values("department__name")
        .annotate(n=Count("pk"))
    }
    ids = [str(i) for i in Assessment.objects.filter(project=project).values_list("pk", flat=True)]
    open_ncs = {
        row["department__name"]: row["n"]
        for row in Nonconformity.objects.filter(
            organization_id=project.organization_id, source_type=SOURCE_TYPE, source_id__in=ids
        )
        .filter(~Q(status=NonconformityStatus.CLOSED))
        .values("department__name")
        .annotate(n=Count("pk"))
    }
    names = sorted(set(gaps) | set(open_ncs), key=lambda n: (n is None, n or ""))
    return [
        {"department": n, "gaps": gaps.get(n, 0), "open_nonconformities": open_ncs.get(n, 0)} for n in names
    ]
