"""Text of revisions: diffs and hashes (rendering: itsms.core.markdown; extraction: itsms.documents.extraction)."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass

# The renderer moved to itsms.core.markdown (markdown-it-py and nh3); the name stays importable here.
from itsms.core.markdown import render_markdown  # noqa: F401


@dataclass(frozen=True)
class DiffRow:
    kind: str  # "equal", "insert", "delete", "replace"
    old_no: int | None
    old: str
    new_no: int | None
    new: str


def diff_rows(old: str, new: str, *, context: int = 3) -> list[DiffRow]:
    """Side-by-side rows of a line diff, with `context` unchanged lines around each change."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        if rows:
            rows.append(DiffRow("gap", None, "…", None, "…"))
        for tag, i1, i2, j1, j2 in group:
            span = max(i2 - i1, j2 - j1)
            for k in range(span):
                i, j = i1 + k, j1 + k
                rows.append(
                    DiffRow(
                        tag,
                        i + 1 if i < i2 else None,
                        a[i] if i < i2 else "",
                        j + 1 if j < j2 else None,
                        b[j] if j < j2 else "",
                    )
                )
    return rows


def content_hash(text: str, file_sha256: str) -> str:
    """What a submitted revision is: its text and its file's bytes, hashed together."""
    h = hashlib.sha256()
    h.update(text.encode("utf-8"))
    h.update(b"\0")
    h.update(file_sha256.encode("ascii"))
    return h.hexdigest()
