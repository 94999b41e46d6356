"""The itsms library and mapping formats (described in docs/catalogue.md) into LibraryData/MappingData."""

from __future__ import annotations

from typing import Any

from .data import (
    ClauseData,
    DocumentedInfoData,
    EvidenceData,
    LibraryData,
    LinkData,
    MappingData,
    QuestionData,
    RequirementData,
)
from .schema import LIBRARY_SCHEMA, MAPPING_SCHEMA, validate
from .yamlnodes import LDict, LList, LoadError


class _Collector:
    def __init__(self, doc: LDict, source: str) -> None:
        self.doc = doc
        self.source = source
        self.std_urn: str = doc["urn"]
        self.clauses: list[ClauseData] = []
        self.requirements: list[RequirementData] = []
        self.documented_info: list[DocumentedInfoData] = []
        self.questions: list[QuestionData] = []
        self.evidence: list[EvidenceData] = []
        self.seen_refs: dict[str, int] = {}

    def error(self, reason: str, line: int) -> LoadError:
        return LoadError(reason, source=self.source, line=line)

    def _ids(self, items: LList, prefix: str) -> list[str]:
        """Each item's id: its `id` when given, else its position; duplicates refused."""
        ids: list[str] = []
        for i, item in enumerate(items):
            item_id = str(item.get("id") or (i + 1))
            if item_id in ids:
                raise self.error(f"duplicate id '{item_id}' in the {prefix} of this clause", item.line)
            ids.append(item_id)
        return ids

    def clause(self, node: LDict, parent: ClauseData | None, depth: int) -> None:
        ref = str(node["ref"])
        if ref in self.seen_refs:
            raise self.error(f"clause '{ref}' appears twice (first at line {self.seen_refs[ref]})", node.line)
        self.seen_refs[ref] = node.line
        if parent is not None and not ref.startswith(f"{parent.ref_id}."):
            raise self.error(f"clause '{ref}' is not numbered under its parent '{parent.ref_id}'", node.line)
        urn = f"{self.std_urn}:c:{ref}"
        data = ClauseData(
            urn=urn,
            ref_id=ref,
            title=node["title"].strip(),
            title_zh=(node.get("title_zh") or "").strip(),
            parent_urn=parent.urn if parent else None,
            depth=depth,
            order=len(self.clauses) + 1,
            summary=(node.get("summary") or "").strip(),
            summary_zh=(node.get("summary_zh") or "").strip(),
            assessable=node.get("assessable", True),
        )
        self.clauses.append(data)
        self._items(node, data)
        for child in node.get("clauses") or ():
            self.clause(child, data, depth + 1)

    def _items(self, node: LDict, clause: ClauseData) -> None:
        ref = clause.ref_id
        reqs: LList = node.get("requirements") or LList()
        req_ids = self._ids(reqs, "requirements")
        req_urns = {rid: f"{self.std_urn}:r:{ref}/{rid}" for rid in req_ids}
        for i, (rid, item) in enumerate(zip(req_ids, reqs, strict=True)):
            self.requirements.append(
                RequirementData(
                    urn=req_urns[rid],
                    clause_urn=clause.urn,
                    ref=f"{ref}/{rid}",
                    text=item["text"].strip(),
                    text_zh=(item.get("text_zh") or "").strip(),
                    order=i + 1,
                )
            )
        docs: LList = node.get("documented_info") or LList()
        for i, (did, item) in enumerate(zip(self._ids(docs, "documented_info"), docs, strict=True)):
            self.documented_info.append(
                DocumentedInfoData(
                    urn=f"{self.std_urn}:d:{ref}/{did}",
                    clause_urn=clause.urn,
                    kind=item["kind"],
                    title=item["title"].strip(),
                    title_zh=(item.get("title_zh") or "").strip(),
                    description=(item.get("description") or "").strip(),
                    description_zh=(item.get("description_zh") or "").strip(),
                    order=i + 1,
                )
            )
        questions: LList = node.get("questions") or LList()
        for i, (qid, item) in enumerate(zip(self._ids(questions, "questions"), questions, strict=True)):
            req_id = item.get("requirement")
            if req_id is not None and str(req_id) not in req_urns:
                raise self.error(
                    f"question refers to requirement '{req_id}', which clause '{ref}' does not have",
                    item.line_of("requirement"),
                )
            self.questions.append(
                QuestionData(
                    urn=f"{self.std_urn}:q:{ref}/{qid}",
                    clause_urn=clause.urn,
                    requirement_urn=req_urns[str(req_id)] if req_id is not None else None,
                    text=item["text"].strip(),
                    text_zh=(item.get("text_zh") or "").strip(),
                    order=i + 1,
                )
            )
        evidence: LList = node.get("evidence") or LList()
        for i, (eid, item) in enumerate(zip(self._ids(evidence, "evidence"), evidence, strict=True)):
            self.evidence.append(
                EvidenceData(
                    urn=f"{self.std_urn}:e:{ref}/{eid}",
                    clause_urn=clause.urn,
                    text=item["text"].strip(),
                    text_zh=(item.get("text_zh") or "").strip(),
                    order=i + 1,
                )
            )


def parse_library(doc: Any, source: str) -> LibraryData:
    validate(doc, LIBRARY_SCHEMA, source=source, path="library", line=getattr(doc, "line", 1))
    collector = _Collector(doc, source)
    for node in doc["clauses"]:
        collector.clause(node, None, 0)
    return LibraryData(
        source=source,
        urn=doc["urn"],
        ref=doc["ref"].strip(),
        version=doc["version"],
        name=doc["name"].strip(),
        name_zh=(doc.get("name_zh") or "").strip(),
        locale=doc.get("locale") or "en",
        source_format="itsms",
        description=(doc.get("description") or "").strip(),
        description_zh=(doc.get("description_zh") or "").strip(),
        provider=(doc.get("provider") or "").strip(),
        certifiable=bool(doc.get("certifiable", False)),
        clauses=tuple(collector.clauses),
        requirements=tuple(collector.requirements),
        documented_info=tuple(collector.documented_info),
        questions=tuple(collector.questions),
        evidence=tuple(collector.evidence),
    )


def parse_mapping(doc: Any, source: str) -> MappingData:
    validate(doc, MAPPING_SCHEMA, source=source, path="mapping", line=getattr(doc, "line", 1))
    links: LList = doc["links"]
    seen: dict[tuple[str, str], int] = {}
    parsed: list[LinkData] = []
    for item, line in zip(links, links.item_lines, strict=True):
        pair = (str(item["source"]), str(item["target"]))
        if pair in seen:
            raise LoadError(
                f"link {pair[0]} → {pair[1]} appears twice (first at line {seen[pair]})",
                source=source,
                line=line,
            )
        seen[pair] = line
        parsed.append(LinkData(pair[0], pair[1], item["relationship"], line))
    return MappingData(
        source=source,
        urn=doc["urn"],
        version=doc["version"],
        name=(doc.get("name") or "").strip(),
        name_zh=(doc.get("name_zh") or "").strip(),
        source_urn=doc["source"],
        target_urn=doc["target"],
        source_line=doc.line_of("source"),
        target_line=doc.line_of("target"),
        links=tuple(parsed),
    )
