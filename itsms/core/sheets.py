"""Cells of the spreadsheets and CSV files we write: what a person typed stays text.

A spreadsheet program executes a cell that begins with `=` (and, on import of a CSV file, also `+`, `-`,
`@`, a tab or a carriage return): a person named `=HYPERLINK("http://…")` would become a live link in
every export that lists people. And openpyxl refuses the C0 control characters that XML 1.0 cannot hold,
so one such character in one name would make a whole organization's export fail. Every XLSX and CSV
writer goes through this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

# What spreadsheet programs read as the start of a formula (OWASP "CSV injection").
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")

# The characters XML 1.0 cannot carry (openpyxl's ILLEGAL_CHARACTERS_RE): C0 controls but tab, LF and CR.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def strip_illegal(text: str) -> str:
    """`text` without the characters an XLSX cell cannot hold (they carry no meaning in a name)."""
    return _XML_ILLEGAL.sub("", text)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_LEADS)


def xlsx_append(ws: Any, values: Sequence[Any]) -> list[Any]:
    """Append a row to an openpyxl worksheet, every string as a string cell; the row's cells.

    openpyxl turns a string beginning with `=` into a formula; a string cell with the quote prefix stays
    text in Excel and LibreOffice, even after someone edits it, and keeps the value exactly as typed. The
    cells are made here, not looked up after the append: `ws.max_row` and `ws[row]` scan every cell of
    the sheet, which made a 5,000-row export take 17 s.
    """
    from openpyxl.cell.cell import Cell

    cells = []
    for value in values:
        cell = Cell(ws, value=strip_illegal(value) if isinstance(value, str) else value)
        keep_text(cell)
        cells.append(cell)
    ws.append(cells)
    return cells


def keep_text(cell: Any) -> None:
    """Make a string cell that openpyxl took for a formula a string again (after any `cell.value = …`)."""
    if isinstance(cell.value, str) and (cell.data_type == "f" or looks_like_formula(cell.value)):
        cell.data_type = "s"
        cell.quotePrefix = True


def csv_cell(value: Any) -> str:
    """A CSV field: text that a spreadsheet would execute gets a leading apostrophe.

    CSV has no cell types, so the apostrophe is the only way to say "text" (it is what a spreadsheet
    program shows for a quoted-prefix cell, and what OWASP recommends).
    """
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return str(value)
    text = strip_illegal(str(value))
    return "'" + text if looks_like_formula(text) else text


def csv_rows(rows: Iterable[Sequence[Any]]) -> Iterable[list[str]]:
    """Rows for `csv.writer.writerows`, each field through `csv_cell`."""
    for row in rows:
        yield [csv_cell(v) for v in row]
