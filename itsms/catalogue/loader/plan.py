"""What loading a library would do, worked out before anything is stored.

An upgrade adds, changes and retires rows by URN (apply.py). A truncated or wrong file looks exactly like
a smaller library and would retire what it lacks, so the command's `--dry-run` and the upload page show
this plan first, and a plan that retires anything is refused unless the retirement is confirmed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from ..models import (
    AuditQuestion,
    Clause,
    DocumentedInfo,
    Mapping,
    MappingLink,
    Requirement,
    Standard,
    TypicalEvidence,
)
from .data import LibraryData, MappingData

SHOWN = 20  # items named per list; the counts are always complete


@dataclass
class Changes:
    """One kind of row (clauses, requirements…): the URN-keyed differences, with a label per item."""

    kind: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.retired or self.restored)


@dataclass
class LoadPlan:
    kind: str  # "library" or "mapping"
    urn: str
    ref: str
    name: str
    provider: str
    version: int
    sha256: str
    previous_version: int | None
    previous_sha256: str
    changes: list[Changes]
    # Why the load would be refused whatever is confirmed (not newer, same file): empty when it can go.
    refusal: str = ""

    @property
    def retires(self) -> int:
        return sum(len(c.retired) for c in self.changes)

    @property
    def added(self) -> int:
        return sum(len(c.added) for c in self.changes)

    @property
    def changed(self) -> int:
        return sum(len(c.changed) for c in self.changes)

    def lines(self) -> list[str]:
        """The plan as text (the command prints it; tests read it)."""
        action = "load" if self.previous_version is None else f"upgrade from version {self.previous_version}"
        out = [f"{self.ref} version {self.version} ({self.provider or 'no provider'}): {action}"]
        out.append(f"  file SHA-256 {self.sha256}")
        if self.refusal:
            out.append(f"  refused: {self.refusal}")
        for c in self.changes:
            if c.empty:
                continue
            out.append(
                f"  {c.kind}: {len(c.added)} added, {len(c.changed)} changed, {len(c.retired)} retired, "
                f"{len(c.restored)} restored, {c.unchanged} unchanged"
            )
            for verb, items in (("+", c.added), ("~", c.changed), ("-", c.retired), ("^", c.restored)):
                for item in items[:SHOWN]:
                    out.append(f"    {verb} {item}")
                if len(items) > SHOWN:
                    out.append(f"    {verb} … {len(items) - SHOWN} more")
        return out


def _compare(
    kind: str,
    existing: dict[str, dict[str, Any]],
    items: Sequence[Any],
    values: Callable[[Any], dict[str, Any]],
    label: Callable[[Any], str],
    existing_label: Callable[[dict[str, Any]], str],
) -> Changes:
    result = Changes(kind)
    seen = set()
    for item in items:
        seen.add(item.urn)
        row = existing.get(item.urn)
        if row is None:
            result.added.append(label(item))
            continue
        new = values(item)
        if row["retired"]:
            result.restored.append(label(item))
        elif any(row.get(k) != v for k, v in new.items()):
            result.changed.append(label(item))
        else:
            result.unchanged += 1
    for urn, row in existing.items():
        if urn not in seen and not row["retired"]:
            result.retired.append(existing_label(row))
    return result


def _rows(qs: models.QuerySet[Any], fields: Sequence[str]) -> dict[str, dict[str, Any]]:
    return {r["urn"]: r for r in qs.values("urn", "retired", *fields)}


def plan_library(data: LibraryData) -> LoadPlan:
    standard = Standard.objects.filter(urn=data.urn).first()
    changes: list[Changes] = []
    if standard is None:
        clauses: dict[str, dict[str, Any]] = {}
        reqs: dict[str, dict[str, Any]] = {}
        docs: dict[str, dict[str, Any]] = {}
        questions: dict[str, dict[str, Any]] = {}
        evidence: dict[str, dict[str, Any]] = {}
    else:
        clauses = _rows(
            Clause.objects.filter(standard=standard), ("ref_id", "title", "title_zh", "summary", "summary_zh")
        )
        reqs = _rows(Requirement.objects.filter(clause__standard=standard), ("ref", "text", "text_zh"))
        docs = _rows(
            DocumentedInfo.objects.filter(standard=standard),
            ("title", "title_zh", "kind", "description", "description_zh"),
        )
        questions = _rows(AuditQuestion.objects.filter(clause__standard=standard), ("text", "text_zh"))
        evidence = _rows(TypicalEvidence.objects.filter(clause__standard=standard), ("text", "text_zh"))
    changes.append(
        _compare(
            "clauses",
            clauses,
            data.clauses,
            lambda c: {
                "ref_id": c.ref_id,
                "title": c.title,
                "title_zh": c.title_zh,
                "summary": c.summary,
                "summary_zh": c.summary_zh,
            },
            lambda c: f"{c.ref_id} {c.title}".strip(),
            lambda r: f"{r['ref_id']} {r['title']}".strip(),
        )
    )
    changes.append(
        _compare(
            "requirements",
            reqs,
            data.requirements,
            lambda r: {"ref": r.ref, "text": r.text, "text_zh": r.text_zh},
            lambda r: r.ref,
            lambda r: r["ref"],
        )
    )
    changes.append(
        _compare(
            "documented information",
            docs,
            data.documented_info,
            lambda d: {
                "title": d.title,
                "title_zh": d.title_zh,
                "kind": d.kind,
                "description": d.description,
                "description_zh": d.description_zh,
            },
            lambda d: d.title,
            lambda r: r["title"],
        )
    )
    changes.append(
        _compare(
            "audit questions",
            questions,
            data.questions,
            lambda q: {"text": q.text, "text_zh": q.text_zh},
            lambda q: q.text[:80],
            lambda r: r["text"][:80],
        )
    )
    changes.append(
        _compare(
            "typical evidence",
            evidence,
            data.evidence,
            lambda e: {"text": e.text, "text_zh": e.text_zh},
            lambda e: e.text[:80],
            lambda r: r["text"][:80],
        )
    )
    plan = LoadPlan(
        kind="library",
        urn=data.urn,
        ref=data.ref,
        name=data.name,
        provider=data.provider,
        version=data.version,
        sha256=data.sha256,
        previous_version=standard.version if standard else None,
        previous_sha256=standard.sha256 if standard else "",
        changes=changes,
    )
    if standard is not None and data.version <= standard.version:
        plan.refusal = (
            f"{data.ref} version {standard.version} is already loaded; version {data.version} is not newer"
        )
    return plan


def plan_mapping(data: MappingData) -> LoadPlan:
    mapping = Mapping.objects.filter(urn=data.urn).first()
    existing: set[tuple[str, str]] = set()
    retired: set[tuple[str, str]] = set()
    if mapping is not None:
        for source_ref, target_ref, is_retired in MappingLink.objects.filter(mapping=mapping).values_list(
            "source_clause__ref_id", "target_clause__ref_id", "retired"
        ):
            (retired if is_retired else existing).add((source_ref, target_ref))
    links = Changes("links")
    seen = set()
    for link in data.links:
        key = (link.source_ref, link.target_ref)
        seen.add(key)
        label = f"{link.source_ref} → {link.target_ref}"
        if key in existing:
            links.unchanged += 1
        elif key in retired:
            links.restored.append(label)
        else:
            links.added.append(label)
    links.retired = [f"{s} → {t}" for s, t in sorted(existing - seen)]
    plan = LoadPlan(
        kind="mapping",
        urn=data.urn,
        ref=data.name or data.urn,
        name=data.name,
        provider="",
        version=data.version,
        sha256=data.sha256,
        previous_version=mapping.version if mapping else None,
        previous_sha256=mapping.sha256 if mapping else "",
        changes=[links],
    )
    if mapping is not None and data.version <= mapping.version:
        plan.refusal = f"mapping {data.urn} version {mapping.version} is already loaded; version {data.version} is not newer"
    return plan


def plan_load(data: LibraryData | MappingData) -> LoadPlan:
    return plan_library(data) if isinstance(data, LibraryData) else plan_mapping(data)
