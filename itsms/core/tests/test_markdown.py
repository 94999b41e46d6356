"""The Markdown renderer of documents: CommonMark with tables (markdown-it-py), sanitized by nh3."""

from __future__ import annotations

import time

import pytest

from itsms.core import markdown
from itsms.core.markdown import render_markdown


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


def test_html_the_author_typed_is_text():
    html = render_markdown('<script>alert("x")</script>\n\n**<b>bold</b>** and <img src=x onerror=1>')
    assert html == (
        '<p>&lt;script&gt;alert("x")&lt;/script&gt;</p>\n'
        "<p><strong>&lt;b&gt;bold&lt;/b&gt;</strong> and &lt;img src=x onerror=1&gt;</p>"
    )


def test_headings_lists_paragraphs_emphasis_and_line_breaks():
    html = render_markdown("# 目的\n\n- 一\n- *二*\n\n1. `code`\n2. b\n\nplain\ntext")
    assert html == (
        "<h1>目的</h1>\n<ul>\n<li>一</li>\n<li><em>二</em></li>\n</ul>\n"
        "<ol>\n<li><code>code</code></li>\n<li>b</li>\n</ol>\n<p>plain<br>\ntext</p>"
    )


def test_a_table_with_alignment():
    html = render_markdown("| 角色 | 次数 |\n|:--|--:|\n| 经理 | 2 |")
    assert html == (
        '<table class="table table-sm table-bordered">\n<thead>\n<tr>\n'
        '<th style="text-align:left">角色</th>\n<th style="text-align:right">次数</th>\n'
        "</tr>\n</thead>\n<tbody>\n<tr>\n"
        '<td style="text-align:left">经理</td>\n<td style="text-align:right">2</td>\n'
        "</tr>\n</tbody>\n</table>"
    )


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<javascript:alert(1)>",
    ],
)
def test_a_link_with_an_unsafe_scheme_stays_text(source):
    html = render_markdown(source)
    assert "<a" not in html and "href" not in html
    assert html.startswith("<p>") and html.endswith("</p>")


def test_safe_links_open_without_an_opener():
    assert render_markdown('[程序](https://example.com/p?a=1&b=2 "t") [m](mailto:qa@example.com)') == (
        '<p><a href="https://example.com/p?a=1&amp;b=2" title="t" rel="noopener noreferrer nofollow">程序</a> '
        '<a href="mailto:qa@example.com" rel="noopener noreferrer nofollow">m</a></p>'
    )


def test_an_image_becomes_a_link_and_nothing_is_fetched():
    html = render_markdown("![架构图](https://example.com/a.png) ![x](javascript:alert(1))")
    assert "<img" not in html
    assert html == (
        '<p><a href="https://example.com/a.png" rel="noopener noreferrer nofollow">架构图</a> '
        "![x](javascript:alert(1))</p>"
    )


def test_style_other_than_alignment_and_unknown_attributes_do_not_survive():
    html = render_markdown("| a |\n|:-:|\n| b |")
    assert 'style="text-align:center"' in html
    # Whatever the parser emits goes through the allow-list, should it ever emit more than it should.
    assert markdown.sanitize(
        '<p onclick="x()" class="c"><img src="x"><script>alert(1)</script>'
        '<a href="javascript:alert(1)">a</a> <a href="http://e.com" target="_blank">b</a>'
        '<td style="color:red;text-align:right;background:url(http://e.com/x)">c</td>'
        "<iframe src=http://e.com></iframe><!-- note --></p>"
    ) == (
        '<p><a rel="noopener noreferrer nofollow">a</a> '
        '<a href="http://e.com" rel="noopener noreferrer nofollow">b</a>c</p>'
    )


def test_code_blocks_keep_their_text():
    assert render_markdown('```python\nx = "<b>"\n```') == '<pre><code>x = "&lt;b&gt;"\n</code></pre>'


def test_the_quadratic_italics_attack_renders_in_linear_time():
    # Before: 100 KB of " *x y" took 23-28 s in the regular-expression renderer.
    source = (" *x y" * 20_000)[:100_000]
    started = time.perf_counter()
    html = render_markdown(source)
    assert time.perf_counter() - started < 8
    assert html.startswith("<p>*x y *x y")


def test_deep_nesting_is_bounded():
    started = time.perf_counter()
    html = render_markdown("> " * 5000 + "deep\n\n" + "- " * 5000 + "x\n\n" + "[" * 50_000)
    assert time.perf_counter() - started < 8
    assert html.count("<blockquote>") <= 100 and html.count("<ul>") <= 100


def test_the_html_is_cached_under_the_texts_hash(monkeypatch):
    calls = []
    real = markdown._render

    def counting(source):
        calls.append(source)
        return real(source)

    monkeypatch.setattr(markdown, "_render", counting)
    assert render_markdown("**a**") == render_markdown("**a**") == "<p><strong>a</strong></p>"
    assert render_markdown("**b**") == "<p><strong>b</strong></p>"
    assert calls == ["**a**", "**b**"]


def test_a_lone_surrogate_does_not_break_rendering():
    assert render_markdown("a\ud800b") == "<p>a?b</p>"


def test_empty_text_is_empty():
    assert render_markdown("") == ""
