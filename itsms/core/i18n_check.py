"""Find every translatable string in our Python code and templates, and the ones the catalogue lacks.

Used by a test (a missing or fuzzy zh-Hans entry fails the build) and by `manage.py translations_check`.
It reads the same constructs that makemessages reads, without needing GNU gettext on the machine.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import polib
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.utils.text import smart_split
from django.utils.translation import trim_whitespace

Message = tuple[str | None, str]  # (context, msgid)

GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
PGETTEXT = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}
SKIP_DIRS = {".venv", "var", "migrations", "node_modules", ".git", "tests"}


def _source_files(suffix: str) -> Iterator[Path]:
    root = Path(settings.BASE_DIR)
    for top in ("itsms", "config", "templates"):
        for path in sorted((root / top).rglob(f"*{suffix}")):
            if not SKIP_DIRS.intersection(path.relative_to(root).parts):
                yield path


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def python_messages(source: str) -> set[Message]:
    found: set[Message] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in GETTEXT and node.args:
            msgid = _literal(node.args[0])
            if msgid:
                found.add((None, msgid))
        elif name in PGETTEXT and len(node.args) >= 2:
            context, msgid = _literal(node.args[0]), _literal(node.args[1])
            if context and msgid:
                found.add((context, msgid))
    return found


def _unquote(bit: str) -> str | None:
    if len(bit) >= 2 and bit[0] == bit[-1] and bit[0] in "\"'":
        return bit[1:-1]
    return None


# `_("text")` as a filter argument or in a tag's arguments, e.g. {{ x|default:_("None") }}.
_INLINE = re.compile(r"""_\(\s*(["'])(.*?)\1\s*\)""")


def template_messages(source: str) -> set[Message]:
    found: set[Message] = set()
    tokens = Lexer(source).tokenize()
    for token in tokens:
        if token.token_type in (TokenType.VAR, TokenType.BLOCK):
            found.update((None, m.group(2)) for m in _INLINE.finditer(token.contents))
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token.token_type != TokenType.BLOCK:
            continue
        bits = list(smart_split(token.contents))
        if bits[0] in ("trans", "translate") and len(bits) > 1:
            msgid = _unquote(bits[1])
            context = _unquote(bits[bits.index("context") + 1]) if "context" in bits[2:] else None
            if msgid:
                found.add((context, msgid))
        elif bits[0] in ("blocktrans", "blocktranslate"):
            context = _unquote(bits[bits.index("context") + 1]) if "context" in bits else None
            trimmed = "trimmed" in bits
            singular: list[str] = []
            while i < len(tokens):
                inner = tokens[i]
                i += 1
                if inner.token_type == TokenType.BLOCK:
                    if inner.contents.split()[0] in ("endblocktrans", "endblocktranslate", "plural"):
                        # Plural forms are not used in this project; the singular is what we check.
                        break
                elif inner.token_type == TokenType.VAR:
                    singular.append(f"%({inner.contents.strip()})s")
                elif inner.token_type == TokenType.TEXT:
                    singular.append(inner.contents.replace("%", "%%"))
            msgid = "".join(singular)
            if trimmed:
                msgid = trim_whitespace(msgid)
            if msgid:
                found.add((context, msgid))
    return found


def project_messages() -> dict[Message, str]:
    """Every translatable string with the first file it appears in."""
    where: dict[Message, str] = {}
    root = Path(settings.BASE_DIR)
    for path in _source_files(".py"):
        for message in python_messages(path.read_text(encoding="utf-8")):
            where.setdefault(message, str(path.relative_to(root)))
    for path in _source_files(".html"):
        for message in template_messages(path.read_text(encoding="utf-8")):
            where.setdefault(message, str(path.relative_to(root)))
    return where


def catalogue_path(language: str = "zh_Hans") -> Path:
    return Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"


def missing_translations(language: str = "zh_Hans") -> dict[Message, str]:
    """Strings in the code with no usable translation (absent, empty or fuzzy) in the catalogue."""
    path = catalogue_path(language)
    translated: set[Message] = set()
    if path.exists():
        for entry in polib.pofile(str(path)):
            done = all(entry.msgstr_plural.values()) if entry.msgid_plural else bool(entry.msgstr)
            if done and not entry.fuzzy and not entry.obsolete:
                translated.add((entry.msgctxt, entry.msgid))
    return {m: f for m, f in project_messages().items() if m not in translated}
