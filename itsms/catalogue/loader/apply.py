"""Writing a parsed library or mapping to the database: load, or upgrade in place by URN.

An upgrade updates rows whose URN is still in the file, adds new ones and marks the rest `retired`; rows
are never deleted, so assessments and links made by other areas keep pointing at them. Callers hold the
transaction (services.library_load): an error leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

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
from .yamlnodes import LoadError

M = TypeVar("M", bound=models.Model)
CHUNK = 500


@dataclass
class LoadResult:
    kind: str  # "library" or "mapping"
    urn: str
    ref: str
    version: int
    previous_version: int | None
    created: int = 0
    updated: int = 0
    retired: int = 0

    def __str__(self) -> str:
        action = (
            "loaded" if self.previous_version is None else f"upgraded from version {self.previous_version}"
        )
        return (
            f"{self.ref} version {self.version} {action}: "
            f"{self.created} added, {self.updated} updated, {self.retired} retired"
        )


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


def _refuse_foreign_urns(model: type[models.Model], urns: Sequence[str], own: set[str], source: str) -> None:
    """A URN that belongs to another library would be stolen by this one: refuse."""
    new = [u for u in urns if u not in own]
    for chunk in _chunks(new):
        taken = list(model._default_manager.filter(urn__in=chunk).values_list("urn", flat=True)[:1])
        if taken:
            label = model._meta.verbose_name
            raise LoadError(f"the {label} URN '{taken[0]}' already belongs to another library", source=source)


def _sync(
    model: type[M],
    existing: dict[str, M],
    items: Sequence[Any],
    fields: Callable[[Any], dict[str, Any]],
    result: LoadResult,
    source: str,
) -> None:
    """Update rows found by URN, create the others, retire existing rows the file no longer has."""
    _refuse_foreign_urns(model, [i.urn for i in items], set(existing), source)
    to_update: list[M] = []
    to_create: list[M] = []
    names: set[str] = {"retired"}
    for item in items:
        values = fields(item)
        names.update(values)
        row = existing.get(item.urn)
        if row is None:
            to_create.append(model(urn=item.urn, retired=False, **values))
        else:
            for name, value in values.items():
                setattr(row, name, value)
            row.retired = False  # type: ignore[attr-defined]
            to_update.append(row)
    keep = {i.urn for i in items}
    to_retire = [row for urn, row in existing.items() if urn not in keep and not row.retired]  # type: ignore[attr-defined]
    for row in to_retire:
        row.retired = True  # type: ignore[attr-defined]
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(names), batch_size=CHUNK)
    if to_retire:
        model._default_manager.bulk_update(to_retire, ["retired"], batch_size=CHUNK)
    if to_create:
        model._default_manager.bulk_create(to_create, batch_size=CHUNK)
    result.created += len(to_create)
    result.updated += len(to_update)
    result.retired += len(to_retire)


def _urn_map(qs: models.QuerySet[Any]) -> dict[str, int]:
    return dict(qs.values_list("urn", "pk"))


def apply_library(data: LibraryData, *, now: datetime) -> LoadResult:
    standard = Standard.objects.select_for_update().filter(urn=data.urn).first()
    previous = standard.version if standard else None
    if standard is not None and data.version <= standard.version:
        raise LoadError(
            f"{data.ref} version {standard.version} is already loaded; version {data.version} is not newer, "
            "so nothing was changed",
            source=data.source,
        )
    result = LoadResult("library", data.urn, data.ref, data.version, previous)
    values = {
        "ref": data.ref,
        "version": data.version,
        "name": data.name,
        "name_zh": data.name_zh,
        "locale": data.locale,
        "source_format": data.source_format,
        "description": data.description,
        "description_zh": data.description_zh,
        "provider": data.provider,
        "certifiable": data.certifiable,
        "loaded_at": now,
        "sha256": data.sha256,
    }
    if standard is None:
        standard = Standard.objects.create(urn=data.urn, **values)
    else:
        for name, value in values.items():
            setattr(standard, name, value)
        standard.save()

    parents = {c.parent_urn for c in data.clauses if c.parent_urn}
    clause_rows = {c.urn: c for c in Clause.objects.filter(standard=standard)}
    _sync(
        Clause,
        clause_rows,
        data.clauses,
        lambda c: {
            "standard": standard,
            "ref_id": c.ref_id,
            "title": c.title,
            "title_zh": c.title_zh,
            "depth": c.depth,
            "order": c.order,
            "summary": c.summary,
            "summary_zh": c.summary_zh,
            "assessable": c.assessable,
            "leaf": c.urn not in parents,
        },
        result,
        data.source,
    )
    clause_ids = _urn_map(Clause.objects.filter(standard=standard))
    # Parents are set in a second pass: new clauses have no primary key until they are created.
    with_parent = list(Clause.objects.filter(standard=standard).only("pk", "urn", "parent_id"))
    parent_of = {c.urn: c.parent_urn for c in data.clauses}
    changed: list[Clause] = []
    for row in with_parent:
        if row.urn not in parent_of:
            continue  # retired: keeps its old place in the tree
        parent_urn = parent_of[row.urn]
        parent_id = clause_ids[parent_urn] if parent_urn else None
        if row.parent_id != parent_id:
            row.parent_id = parent_id
            changed.append(row)
    if changed:
        Clause.objects.bulk_update(changed, ["parent"], batch_size=CHUNK)

    _sync(
        Requirement,
        {r.urn: r for r in Requirement.objects.filter(clause__standard=standard)},
        data.requirements,
        lambda r: {
            "clause_id": clause_ids[r.clause_urn],
            "ref": r.ref,
            "text": r.text,
            "text_zh": r.text_zh,
            "order": r.order,
        },
        result,
        data.source,
    )
    requirement_ids = _urn_map(Requirement.objects.filter(clause__standard=standard))
    _sync(
        DocumentedInfo,
        {d.urn: d for d in DocumentedInfo.objects.filter(standard=standard)},
        data.documented_info,
        lambda d: {
            "standard": standard,
            "clause_id": clause_ids[d.clause_urn],
            "kind": d.kind,
            "title": d.title,
            "title_zh": d.title_zh,
            "description": d.description,
            "description_zh": d.description_zh,
            "order": d.order,
        },
        result,
        data.source,
    )
    _sync(
        AuditQuestion,
        {q.urn: q for q in AuditQuestion.objects.filter(clause__standard=standard)},
        data.questions,
        lambda q: {
            "clause_id": clause_ids[q.clause_urn],
            "requirement_id": requirement_ids[q.requirement_urn] if q.requirement_urn else None,
            "text": q.text,
            "text_zh": q.text_zh,
            "order": q.order,
        },
        result,
        data.source,
    )
    _sync(
        TypicalEvidence,
        {e.urn: e for e in TypicalEvidence.objects.filter(clause__standard=standard)},
        data.evidence,
        lambda e: {
            "clause_id": clause_ids[e.clause_urn],
            "text": e.text,
            "text_zh": e.text_zh,
            "order": e.order,
        },
        result,
        data.source,
    )
    return result


def _standard_for(urn: str, source: str, line: int) -> Standard:
    standard = Standard.objects.filter(urn=urn).first()
    if standard is None:
        raise LoadError(f"unknown standard '{urn}': load its library first", source=source, line=line)
    return standard


def apply_mapping(data: MappingData, *, now: datetime) -> LoadResult:
    source_std = _standard_for(data.source_urn, data.source, data.source_line)
    target_std = _standard_for(data.target_urn, data.source, data.target_line)
    mapping = Mapping.objects.select_for_update().filter(urn=data.urn).first()
    previous = mapping.version if mapping else None
    if mapping is not None and data.version <= mapping.version:
        raise LoadError(
            f"mapping {data.urn} version {mapping.version} is already loaded; version {data.version} is not "
            "newer, so nothing was changed",
            source=data.source,
        )
    source_refs = dict(Clause.objects.filter(standard=source_std, retired=False).values_list("ref_id", "pk"))
    target_refs = dict(Clause.objects.filter(standard=target_std, retired=False).values_list("ref_id", "pk"))
    pairs: list[tuple[int, int, str]] = []
    for link in data.links:
        for ref, refs, std in (
            (link.source_ref, source_refs, source_std),
            (link.target_ref, target_refs, target_std),
        ):
            if ref not in refs:
                raise LoadError(f"unknown clause '{ref}' in {std.ref}", source=data.source, line=link.line)
        pairs.append((source_refs[link.source_ref], target_refs[link.target_ref], link.relationship))
    result = LoadResult("mapping", data.urn, data.name or data.urn, data.version, previous)
    values = {
        "name": data.name,
        "name_zh": data.name_zh,
        "version": data.version,
        "source": source_std,
        "target": target_std,
        "loaded_at": now,
        "sha256": data.sha256,
    }
    if mapping is None:
        mapping = Mapping.objects.create(urn=data.urn, **values)
    else:
        for name, value in values.items():
            setattr(mapping, name, value)
        mapping.save()
    existing = {
        (lk.source_clause_id, lk.target_clause_id): lk for lk in MappingLink.objects.filter(mapping=mapping)
    }
    to_create: list[MappingLink] = []
    to_update: list[MappingLink] = []
    for source_id, target_id, relationship in pairs:
        row = existing.pop((source_id, target_id), None)
        if row is None:
            to_create.append(
                MappingLink(
                    mapping=mapping,
                    source_clause_id=source_id,
                    target_clause_id=target_id,
                    relationship=relationship,
                )
            )
        else:
            row.relationship = relationship
            row.retired = False
            to_update.append(row)
    to_retire = [row for row in existing.values() if not row.retired]
    for row in to_retire:
        row.retired = True
    MappingLink.objects.bulk_create(to_create, batch_size=CHUNK)
    MappingLink.objects.bulk_update(to_update + to_retire, ["relationship", "retired"], batch_size=CHUNK)
    result.created, result.updated, result.retired = len(to_create), len(to_update), len(to_retire)
    return result
