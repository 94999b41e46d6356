"""The shared cell helpers: formula-leading text stays text, characters XML cannot hold are dropped."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time

import pytest
from openpyxl import Workbook, load_workbook

from itsms.core.exports import xlsx_bytes
from itsms.core.services.directory_import import template_csv, template_xlsx
from itsms.core.sheets import csv_cell, csv_rows, strip_illegal, xlsx_append


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cell_prefixes_an_apostrophe_to_formula_leads(lead):
    assert csv_cell(f"{lead}1+1") == f"'{lead}1+1"


def test_csv_cell_leaves_plain_text_and_numbers_alone():
    assert [csv_cell(v) for v in ["张伟", "a=b", -5, 2.5, None, True]] == [
        "张伟",
        "a=b",
        "-5",
        "2.5",
        "",
        "True",
    ]


def test_csv_rows_written_by_the_csv_module_read_back_as_text():
    out = io.StringIO()
    csv.writer(out).writerows(csv_rows([['=HYPERLINK("http://x","y")', "ok\x07"]]))
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [['\'=HYPERLINK("http://x","y")', "ok"]]


def test_strip_illegal_keeps_tab_newline_and_carriage_return():
    assert strip_illegal("a\x00b\x07c\x0bd\x1fe\tf\ng\rh") == "abcde\tf\ng\rh"


def test_xlsx_append_keeps_a_formula_as_a_text_cell():
    wb = Workbook()
    ws = wb.active
    xlsx_append(ws, ['=HYPERLINK("http://x","y")', "-1", 3, "plain\x01"])
    out = io.BytesIO()
    wb.save(out)
    row = next(load_workbook(io.BytesIO(out.getvalue())).active.iter_rows())
    assert [(c.value, c.data_type) for c in row] == [
        ('=HYPERLINK("http://x","y")', "s"),
        ("-1", "s"),
        (3, "n"),
        ("plain", "s"),
    ]


def test_xlsx_bytes_neutralizes_headers_and_rows():
    data = xlsx_bytes([("Sheet", ["=A1", "Name"], [["@cmd", "x\x08y"]])])
    ws = load_workbook(io.BytesIO(data)).active
    assert [[(c.value, c.data_type) for c in row] for row in ws.iter_rows()] == [
        [("=A1", "s"), ("Name", "s")],
        [("@cmd", "s"), ("xy", "s")],
    ]


def test_directory_templates_hold_no_formula():
    ws = load_workbook(io.BytesIO(template_xlsx()))["People"]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert template_csv("people").decode("utf-8-sig").splitlines()[0].startswith("full_name,")


def test_a_large_export_with_dates_is_written_in_linear_time():
    # Looking a row up after each append (ws.max_row, ws[row]) scans the whole sheet: 5,000 rows took 17 s.
    moment = dt.datetime(2026, 3, 5, 2, 0, tzinfo=dt.UTC)
    rows = [[f"=name{i}", moment, i] for i in range(5000)]
    started = time.perf_counter()
    data = xlsx_bytes([("Sheet", ["Name", "Date", "N"], rows)])
    assert time.perf_counter() - started < 5
    ws = load_workbook(io.BytesIO(data), read_only=True).active
    last = list(ws.iter_rows(min_row=5001, max_row=5001))[0]
    assert [(c.value, c.data_type) for c in last] == [
        ("=name4999", "s"),
        (dt.datetime(2026, 3, 5, 2, 0), "d"),
        (4999, "n"),
    ]
    assert last[1].number_format == "yyyy-mm-dd hh:mm"
