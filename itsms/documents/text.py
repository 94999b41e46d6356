"""Text of revisions: a small safe Markdown renderer, diffs, hashes (extraction: itsms.documents.extraction)."""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_INLINE = [
    (re.compile(r"\*\*(.+?)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"<em>\1</em>"),
    (re.compile(r"`([^`]+)`"), r"<code>\1</code>"),
]
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")


def _inline(text: str) -> str:
    # Escape first, then add our own tags: nothing the author typed can become markup.
    out = str(escape(text))
    for pattern, repl in _INLINE:
        out = pattern.sub(repl, out)
    return out


def render_markdown(source: str) -> SafeString:
    """Headings, bullet and numbered lists, paragraphs, bold, italic and code; everything else is text."""
    html: list[str] = []
    paragraph: list[str] = []
    list_tag = ""

    def flush_paragraph() -> None:
        if paragraph:
            html.append("<p>" + "<br>".join(_inline(p) for p in paragraph) + "</p>")
            paragraph.clear()

    def close_list() -> None:
        nonlocal list_tag
        if list_tag:
            html.append(f"</{list_tag}>")
            list_tag = ""

    for line in source.replace("\r\n", "\n").split("\n"):
        heading, bullet, numbered = _HEADING.match(line), _BULLET.match(line), _NUMBERED.match(line)
        if heading:
            flush_paragraph()
            close_list()
            level = len(heading.group(1))
            html.append(f"<h{level}>{_inline(heading.group(2).strip())}</h{level}>")
        elif bullet or numbered:
            flush_paragraph()
            tag = "ul" if bullet else "ol"
            if list_tag != tag:
                close_list()
                html.append(f"<{tag}>")
                list_tag = tag
            item = (bullet or numbered).group(1)  # type: ignore[union-attr]
            html.append(f"<li>{_inline(item)}</li>")
        elif not line.strip():
            flush_paragraph()
            close_list()
        else:
            close_list()
            paragraph.append(line.strip())
    flush_paragraph()
    close_list()
    return mark_safe("\n".join(html))  # noqa: S308  (every piece went through escape above)


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
