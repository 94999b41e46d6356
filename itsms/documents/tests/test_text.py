from itsms.documents.text import DiffRow, diff_rows, render_markdown


def test_markdown_escapes_html_the_author_typed():
    html = render_markdown('<script>alert("x")</script>\n\n**<b>bold</b>** and <img src=x onerror=1>')
    assert html == (
        '<p>&lt;script&gt;alert("x")&lt;/script&gt;</p>\n'
        "<p><strong>&lt;b&gt;bold&lt;/b&gt;</strong> and &lt;img src=x onerror=1&gt;</p>"
    )


def test_markdown_headings_lists_paragraphs_and_emphasis():
    html = render_markdown("# 目的\n\n- 一\n- *二*\n\n1. `code`\n2. b\n\nplain\ntext")
    assert html == (
        "<h1>目的</h1>\n<ul>\n<li>一</li>\n<li><em>二</em></li>\n</ul>\n"
        "<ol>\n<li><code>code</code></li>\n<li>b</li>\n</ol>\n<p>plain<br>\ntext</p>"
    )


def test_a_link_in_markdown_stays_text():
    assert render_markdown("[x](javascript:alert(1))") == "<p>[x](javascript:alert(1))</p>"


def test_diff_rows_pair_the_changed_lines():
    rows = diff_rows("a\nb\nc", "a\nB\nc\nd")
    assert rows == [
        DiffRow("equal", 1, "a", 1, "a"),
        DiffRow("replace", 2, "b", 2, "B"),
        DiffRow("equal", 3, "c", 3, "c"),
        DiffRow("insert", None, "", 4, "d"),
    ]
