"""Markdown of documents to HTML: markdown-it-py (CommonMark with tables) parses, nh3 sanitizes.

The hand-written renderer this replaces used regular expressions that took quadratic time on some input
(100 KB of " *x y" rendered in 23 s for whoever opened the revision). markdown-it-py is a maintained
CommonMark parser that works in linear time and bounds nesting; its output then goes through nh3, an
allow-list sanitizer, so that even a parser bug cannot put a script on the page or in a PDF.

What authors get: headings, paragraphs (a single line break stays a line break, as Chinese documents are
written), bullet and numbered lists, tables (pipe syntax, with column alignment), block quotes, rules,
code spans and blocks, bold and italic, and links to http, https and mailto addresses. Raw HTML is shown
as text. Images are not rendered: a document's picture belongs in its file, and an image address would
make every reader's browser, and the PDF export, fetch whatever server the author named.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import nh3
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

_PARSER = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "breaks": True})
    .enable("table")
    .disable(["html_block", "html_inline"])
)


def _image_as_link(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    return f'<a href="{escapeHtml(str(token.attrGet("src") or ""))}">{escapeHtml(alt)}</a>'


# Images are written as links to the picture (see above), so nothing is fetched when the page is shown.
_PARSER.add_render_rule("image", _image_as_link)

_TAGS = {
    *("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote"),
    *("ul", "ol", "li"),
    *("table", "thead", "tbody", "tr", "th", "td"),
    *("pre", "code", "em", "strong", "a"),
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    # markdown-it writes a column's alignment as style="text-align:…"; only that property survives.
    "th": {"style"},
    "td": {"style"},
}
_URL_SCHEMES = {"http", "https", "mailto"}


# Bump when the output changes, so that no cached HTML of the old renderer is served.
RENDERER_VERSION = 1
_CACHE_SECONDS = 24 * 3600


def render_markdown(source: str) -> SafeString:
    """The HTML of a document's Markdown text, safe to put on a page or into a PDF.

    The HTML is cached under the text's SHA-256: a released revision's text never changes, and a long one
    is then parsed once, not on every view and print.
    """
    if not source:
        return mark_safe("")  # noqa: S308  (nothing to escape)
    key = f"markdown:{RENDERER_VERSION}:{hashlib.sha256(source.encode('utf-8', 'surrogatepass')).hexdigest()}"
    cached = cache.get(key)
    if cached is None:
        cached = _render(source)
        cache.set(key, cached, _CACHE_SECONDS)
    return mark_safe(cached)  # noqa: S308  (nh3 kept only the allow-listed tags and attributes)


def _render(source: str) -> str:
    # A lone surrogate (old data, before input was checked) cannot cross into nh3: it becomes "?".
    text = source.replace("\r\n", "\n").encode("utf-8", "replace").decode("utf-8")
    return sanitize(_PARSER.render(text))


def sanitize(html: str) -> str:
    """Only the allow-listed tags and attributes of `html`, links with safe schemes and no opener."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        filter_style_properties={"text-align"},
        # Bootstrap draws a table's rules only with its classes; the PDF's style sheet styles `table`.
        set_tag_attribute_values={"table": {"class": "table table-sm table-bordered"}},
        strip_comments=True,
    ).strip()
