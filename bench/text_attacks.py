"""Hostile text against the parsers of issue 9: Markdown, YAML, the revision diff and the XLSX export.

Run with `python -m bench text_attacks`. Each figure is the time (and for YAML the peak memory growth) of
what once took seconds to minutes; the figures before the fixes are in docs/security.md.
"""

from __future__ import annotations

import io
import resource
import time

from django.core.cache import cache
from openpyxl import load_workbook

from itsms.catalogue.loader.yamlnodes import LoadError
from itsms.catalogue.services import LIBRARY_DIR, read_library_file
from itsms.core.exports import xlsx_bytes
from itsms.core.markdown import render_markdown
from itsms.documents.text import diff_rows
from itsms.programme import template_data


def _seconds(fn: object) -> float:
    started = time.perf_counter()
    fn()  # type: ignore[operator]
    return round(time.perf_counter() - started, 3)


def _alias_bomb(levels: int) -> str:
    lines = ["format: itsms-programme-template", "name: Bomb", "a: &a [x, x, x, x, x, x, x, x, x]"]
    prev = "a"
    for name in "bcdefghijk"[:levels]:
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
        prev = name
    return "\n".join(lines) + "\n"


def _refuse(text: str) -> None:
    try:
        template_data.parse(text, "bomb.yaml")
    except LoadError:
        return
    raise AssertionError("the alias bomb was accepted")


def _document(size: int) -> str:
    para = "本程序规定了服务管理体系中变更管理的职责、流程和要求，适用于公司所有IT服务的变更。" * 5
    parts: list[str] = []
    n = 0
    while sum(map(len, parts)) < size:
        n += 1
        parts.append(
            f"## {n}. 标题\n\n{para}\n\n- 第一项 **重要**\n- 第二项 *注意*\n\n| 角色 | 职责 |\n|---|---|\n| 经理 | 审批 |\n\n"
        )
    return "".join(parts)[:size]


def run() -> dict[str, object]:
    figures: dict[str, object] = {}
    cache.clear()
    italics = (" *x y" * 20_000)[:100_000]
    figures["markdown_italics_100kb_s"] = _seconds(lambda: render_markdown(italics))
    figures["markdown_italics_100kb_cached_s"] = _seconds(lambda: render_markdown(italics))
    document = _document(100_000)
    figures["markdown_document_100kb_s"] = _seconds(lambda: render_markdown(document))

    bomb = _alias_bomb(8)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures["yaml_alias_bomb_bytes"] = len(bomb.encode())
    figures["yaml_alias_bomb_refused_s"] = _seconds(lambda: _refuse(bomb))
    figures["yaml_alias_bomb_rss_growth_mb"] = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    ) // 1024
    figures["yaml_library_20000_1_s"] = _seconds(
        lambda: read_library_file(LIBRARY_DIR / "iso-iec-20000-1-2018.yaml", "iso-iec-20000-1-2018.yaml")
    )

    old = "\n".join("xyzw"[i * 7 % 4] for i in range(20_000))
    new = "\n".join("xyzw"[i * 5 % 4] for i in range(20_000))
    figures["diff_20000_repeated_lines_s"] = _seconds(lambda: diff_rows(old, new))
    edited = document.replace("3. 标题", "3. 标题（修订）")
    figures["diff_document_100kb_one_edit_s"] = _seconds(lambda: diff_rows(document, edited))

    rows = [[f'=HYPERLINK("http://x/{i}","y")', f"Bell\x07{i}", "+1", i] for i in range(5000)]
    data: list[bytes] = []
    figures["xlsx_5000_hostile_rows_s"] = _seconds(
        lambda: data.append(xlsx_bytes([("Sheet", ["a", "b", "c", "n"], rows)]))
    )
    ws = load_workbook(io.BytesIO(data[0]), read_only=True).active
    figures["xlsx_formula_cells"] = sum(
        1 for row in ws.iter_rows() for cell in row if getattr(cell, "data_type", "") == "f"
    )
    return figures
