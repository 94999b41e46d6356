"""The revision diff is right for ordinary edits and stays fast on hostile text."""

from __future__ import annotations

import time

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from itsms.documents.text import DIFF_MAX_WORK, DiffRow, diff_rows

_lines = st.lists(st.sampled_from(["", "a", "b", "c", "# 标题", "| x |"]), max_size=30).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_lines, _lines)
def test_the_rows_rebuild_both_texts_and_equal_rows_are_equal(old, new):
    assume(old.splitlines() != new.splitlines())  # identical texts have no rows at all
    rows = diff_rows(old, new, context=10**6)
    assert [r.old for r in rows if r.old_no is not None] == old.splitlines()
    assert [r.new for r in rows if r.new_no is not None] == new.splitlines()
    assert all(r.old == r.new for r in rows if r.kind == "equal")
    assert [r.old_no for r in rows if r.old_no is not None] == list(range(1, len(old.splitlines()) + 1))


def test_an_edit_in_a_long_document_is_found_exactly():
    old = "\n".join(f"第{i}条" if i % 2 else "" for i in range(20_000))
    new = old.replace("第9999条", "第9999条（修订）")
    rows = [r for r in diff_rows(old, new) if r.kind != "equal"]
    assert rows == [DiffRow("replace", 10_000, "第9999条", 10_000, "第9999条（修订）")]


def test_two_long_texts_of_repeated_lines_compare_in_bounded_time():
    # Before: 20,000 short repeated lines on each side took about two minutes.
    old = "\n".join("xyzw"[i * 7 % 4] for i in range(20_000))
    new = "\n".join("xyzw"[i * 5 % 4] for i in range(20_000))
    assert 20_000 * 20_000 > DIFF_MAX_WORK
    started = time.perf_counter()
    rows = diff_rows(old, new)
    assert time.perf_counter() - started < 5
    # The changed middle is one replaced block, every line of both sides shown once.
    assert {r.kind for r in rows} <= {"equal", "replace"}
    assert sum(r.old_no is not None for r in rows) <= 20_000
    assert [r.new for r in rows if r.new_no is not None][-1] == new.splitlines()[-1]
