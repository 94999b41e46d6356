"""Framework libraries of the CISO Assistant project (intuitem) into LibraryData.

Every requirement node becomes a clause of the tree; an assessable node also becomes a requirement (same
URN), since assessments answer requirements. Names come in the library's locale with `translations` per
language; we keep English and Chinese.
"""

from __future__ import annotations

from typing import Any

from .data import ClauseData, LibraryData, RequirementData
from .schema import CISO_SCHEMA, validate
from .yamlnodes import LDict, LList, LoadError

TITLE_LENGTH = 200


def _translation(node: LDict, lang: str) -> dict[str, Any]:
    translations = node.get("translations") or {}
    for key, value in translations.items():
        if str(key).lower().replace("_", "-").split("-")[0] == lang and isinstance(value, dict):
            return value
    return {}


def _texts(node: LDict, locale: str, key: str) -> tuple[str, str]:
    """The (English, Chinese) text of `key` from the node's own field and its translations."""
    own = str(node.get(key) or "").strip()
    en = str(_translation(node, "en").get(key) or "").strip()
    zh = str(_translation(node, "zh").get(key) or "").strip()
    if locale.lower().startswith("zh"):
        zh = zh or own
        en = en or own
    else:
        en = en or own
    return en, zh


def _short(text: str) -> str:
    first = text.splitlines()[0] if text else ""
    return first if len(first) <= TITLE_LENGTH else first[: TITLE_LENGTH - 1] + "…"


def parse_ciso(doc: Any, source: str) -> LibraryData:
    validate(doc, CISO_SCHEMA, source=source, path="library", line=getattr(doc, "line", 1))
    locale = str(doc["locale"])
    framework: LDict = doc["objects"]["framework"]
    nodes: LList = framework["requirement_nodes"]
    clauses: list[ClauseData] = []
    requirements: list[RequirementData] = []
    by_urn: dict[str, ClauseData] = {}
    for order, (node, line) in enumerate(zip(nodes, nodes.item_lines, strict=True), start=1):
        urn = str(node["urn"]).strip().lower()
        if urn in by_urn:
            raise LoadError(f"node '{urn}' appears twice", source=source, line=line)
        parent_urn = str(node.get("parent_urn") or "").strip().lower() or None
        parent = None
        if parent_urn is not None:
            parent = by_urn.get(parent_urn)
            if parent is None:
                raise LoadError(
                    f"parent_urn '{parent_urn}' is not a node listed before this one",
                    source=source,
                    line=node.line_of("parent_urn"),
                )
        ref_id = str(node.get("ref_id") or "").strip()
        name_en, name_zh = _texts(node, locale, "name")
        desc_en, desc_zh = _texts(node, locale, "description")
        title = name_en or _short(desc_en) or ref_id or urn.rsplit(":", 1)[-1]
        data = ClauseData(
            urn=urn,
            ref_id=ref_id,
            title=title[:500],
            title_zh=(name_zh or _short(desc_zh))[:500],
            parent_urn=parent.urn if parent else None,
            depth=parent.depth + 1 if parent else 0,
            order=order,
            summary=desc_en,
            summary_zh=desc_zh,
            assessable=bool(node["assessable"]),
        )
        clauses.append(data)
        by_urn[urn] = data
        if data.assessable:
            requirements.append(
                RequirementData(
                    urn=urn,
                    clause_urn=urn,
                    ref=(ref_id or data.title)[:60],
                    text=desc_en or name_en or title,
                    text_zh=desc_zh or name_zh,
                    order=1,
                )
            )
    lib_en, lib_zh = _texts(framework, locale, "name")
    lib_desc_en, lib_desc_zh = _texts(framework, locale, "description")
    return LibraryData(
        source=source,
        urn=str(framework["urn"]).strip().lower(),
        ref=str(framework["ref_id"]).strip(),
        version=doc["version"],
        name=lib_en or str(doc["name"]),
        name_zh=lib_zh,
        locale=locale,
        source_format="ciso",
        description=lib_desc_en,
        description_zh=lib_desc_zh,
        provider=str(doc.get("provider") or "").strip(),
        certifiable=False,
        clauses=tuple(clauses),
        requirements=tuple(requirements),
    )
