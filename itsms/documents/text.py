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


# difflib compares each line of one side with every equal line of the other, so with repeated lines
# (blank lines, table rules) its time grows with the product of the two lengths: two 80 KB texts of short
# repeated lines took two minutes. Past this product the changed middle is shown as one replaced block.
DIFF_MAX_WORK = 1_000_000


class _Opcodes(difflib.SequenceMatcher[str]):
    """A SequenceMatcher whose opcodes are given, so that difflib groups them with their context."""

    def __init__(self, a: list[str], b: list[str], opcodes: list[tuple[str, int, int, int, int]]) -> None:
        super().__init__(None, a, b, autojunk=False)
        self._given = opcodes

    def get_opcodes(self) -> list[tuple[str, int, int, int, int]]:  # type: ignore[override]
        return self._given


def _line_opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    # An edit usually touches a few places: the common head and tail are equal without any search.
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    a_end, b_end = len(a) - tail, len(b) - tail
    ops: list[tuple[str, int, int, int, int]] = [("equal", 0, head, 0, head)] if head else []
    if (a_end - head) * (b_end - head) <= DIFF_MAX_WORK:
        middle = difflib.SequenceMatcher(None, a[head:a_end], b[head:b_end], autojunk=False).get_opcodes()
        ops += [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in middle]
    elif a_end > head or b_end > head:
        tag = "replace" if a_end > head and b_end > head else ("delete" if a_end > head else "insert")
        ops.append((tag, head, a_end, head, b_end))
    if tail:
        ops.append(("equal", a_end, len(a), b_end, len(b)))
    merged: list[tuple[str, int, int, int, int]] = []
    for op in ops:
        if merged and merged[-1][0] == op[0] == "equal":
            merged[-1] = ("equal", merged[-1][1], op[2], merged[-1][3], op[4])
        else:
            merged.append(op)
    return merged


def diff_rows(old: str, new: str, *, context: int = 3) -> list[DiffRow]:
    """Side-by-side rows of a line diff, with `context` unchanged lines around each change."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    for group in _Opcodes(a, b, _line_opcodes(a, b)).get_grouped_opcodes(context):
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
