"""Document search: the words of a document's number, title and text, segmented for Chinese.

Chinese is written without spaces, so a database's word splitter sees `变更管理程序` as one word and a
search for 变更 never finds it. jieba segments the text into words; its search mode also emits the shorter
dictionary words inside a long one (`管理程序` → 管理, 程序, 管理程序). The words, lower-cased and each kept
once, are stored space-separated in `Document.search_tokens`, which PostgreSQL indexes as a tsvector of
those words (GIN, migration 0010) and SQLite searches with LIKE; both match whole words. A query is segmented the same
way and every one of its words must be present; the last Latin word also matches as a prefix.

Every single Chinese character is stored too, so a one-character query finds the words that contain it.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, F, Func, Q, Value

if TYPE_CHECKING:
    from .models import Document

# jieba segments roughly 100,000-200,000 characters a second, and a release segments inside its
# transaction: the text beyond this is not searchable (documented).
TEXT_LIMIT = 50_000
MAX_TOKEN = 60
MAX_QUERY_TERMS = 16

_WORD = re.compile(r"[^\W_]+")
_LATIN = re.compile(r"[0-9a-z]+")
_lock = threading.Lock()
_tokenizer: Any = None


def _jieba() -> Any:
    """The segmenter, built once per process on first use: loading its dictionary takes about a second,
    too long for every process start (management commands, tests) and paid only by the first search."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                with warnings.catch_warnings():
                    # jieba 0.42's regular expressions are written as plain strings (invalid escapes).
                    warnings.simplefilter("ignore", DeprecationWarning)
                    import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                _tokenizer = tokenizer
    return _tokenizer


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _words(text: str) -> Iterator[str]:
    """jieba's search-mode words, normalized: NFKC (full-width forms), lower case, only letters and
    digits (punctuation and spaces dropped; a word with inner punctuation is split at it)."""
    text = unicodedata.normalize("NFKC", text).lower()
    # Without its HMM, jieba does not guess unknown words from context: an unknown name falls apart into
    # single characters in the text and in the query alike, so both sides agree.
    for piece in _jieba().cut_for_search(text, HMM=False):
        for word in _WORD.findall(piece):
            if len(word) <= MAX_TOKEN:
                yield word


def tokens_for(*parts: str) -> str:
    """The stored search column for a document's number, title and text (the text capped at TEXT_LIMIT).
    Space-separated with a space at each end, so that SQLite can match whole words with LIKE."""
    seen: dict[str, None] = {}
    for part in parts:
        for word in _words(part[:TEXT_LIMIT]):
            seen.setdefault(word, None)
            if len(word) > 1:
                for char in word:
                    if _is_han(char):
                        seen.setdefault(char, None)
    return f" {' '.join(seen)} " if seen else ""


def document_tokens(document: Document) -> str:
    return tokens_for(document.number, document.title, document.search_text)


def query_terms(query: str) -> list[str]:
    """The words a query asks for. A long word whose shorter words jieba also emitted is dropped: the
    text around it may have been segmented differently (变更管理 | 程序 against 变更 | 管理程序), but the
    short words are found in both."""
    words = list(dict.fromkeys(_words(query)))
    terms = []
    for word in words:
        shorter = [w for w in words if len(w) < len(word) and w in word]
        covered = [False] * len(word)
        for w in shorter:
            start = word.find(w)
            while start >= 0:
                covered[start : start + len(w)] = [True] * len(w)
                start = word.find(w, start + 1)
        if not (shorter and all(covered)):
            terms.append(word)
    return terms[:MAX_QUERY_TERMS]


def tsquery(terms: list[str]) -> str:
    """A tsquery: every term, the last one as a prefix when it is Latin or digits. Terms are letters and
    digits only (see `_words`), so quoting them is enough."""
    parts = [f"'{t}'" for t in terms]
    if terms and _LATIN.fullmatch(terms[-1]):
        parts[-1] += ":*"
    return " & ".join(parts)


class TokensMatch(Func):
    """PostgreSQL: the search column's words contain the tsquery, through the GIN index of migration 0010
    (the same expression, so that the planner matches it)."""

    arity = 2
    output_field = BooleanField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        (column, column_params), (query, query_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        vector = f"array_to_tsvector(string_to_array(btrim(COALESCE({column}, '')), ' '))"
        return f"{vector} @@ ({query})::tsquery", [*column_params, *query_params]


def postgresql_q(terms: list[str]) -> Q:
    return Q(TokensMatch(F("search_tokens"), Value(tsquery(terms))))


def sqlite_q(terms: list[str]) -> Q:
    """The same match on SQLite, over the space-delimited column: whole words, last Latin word as prefix."""
    q = Q()
    for n, term in enumerate(terms):
        last_prefix = n == len(terms) - 1 and _LATIN.fullmatch(term)
        q &= Q(search_tokens__contains=f" {term}" if last_prefix else f" {term} ")
    return q


def reindex(documents: Iterable[Any], *, batch: int = 500) -> int:
    """Fill `search_tokens` for documents saved without it (bulk inserts, rows older than the column).
    Works on the historical model in a migration as on the real one; answers how many rows changed."""
    pending = []
    changed = 0
    model = None
    for doc in documents:
        model = type(doc)
        tokens = tokens_for(doc.number, doc.title, doc.search_text)
        if tokens != doc.search_tokens:
            doc.search_tokens = tokens
            pending.append(doc)
        if len(pending) >= batch:
            model.objects.bulk_update(pending, ["search_tokens"])
            changed += len(pending)
            pending = []
    if pending and model is not None:
        model.objects.bulk_update(pending, ["search_tokens"])
        changed += len(pending)
    return changed
