"""Importing an organization's departments and people from a spreadsheet (XLSX) or a CSV file.

Two steps, so that the write transaction holds only writes: `directory_parse` reads and checks the file
(limits, cell contents, references inside the file) with no transaction open; `directory_import` checks the
rows against the organization's existing directory and writes them all in one transaction, with one audit
entry per created row and one for the import itself. Any bad row imports nothing, unless the caller asks
for the good rows only (`only_valid=True`); rows that depend on a bad row (people in a department whose row
is bad) are bad too.

The layout (docs/architecture.md, "Directory import"): an XLSX file with a sheet "Departments" and/or a
sheet "People", or a CSV file with the columns of one of them (the header row says which). Headers may be
in English or Chinese:

- Departments: code (编码), name (名称), name_en (英文名称, optional), parent_code (上级编码, optional)
- People: full_name (姓名), email (邮箱, optional), employee_no (工号, optional), department_code
  (部门编码, optional), position (岗位, optional), phone (电话, optional)
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from .. import audit
from ..models import Department, Organization, Person, Position, User
from ..permissions import can_manage_directory
from ..sheets import csv_rows, xlsx_append
from .base import authorize
from .directory import DEPARTMENT_FIELDS, PERSON_FIELDS, POSITION_FIELDS, _write

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 20
MAX_CELL = 200
# A cell a spreadsheet would run as a formula (also after a leading tab or carriage return).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")

DEPARTMENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "编码", "部门编码"),
    "name": ("name", "名称", "部门名称"),
    "name_en": ("name_en", "英文名称"),
    "parent_code": ("parent_code", "上级编码", "上级部门编码"),
}
PERSON_COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("full_name", "姓名"),
    "email": ("email", "邮箱", "电子邮箱"),
    "employee_no": ("employee_no", "工号"),
    "department_code": ("department_code", "部门编码", "部门"),
    "position": ("position", "岗位", "职位"),
    "phone": ("phone", "电话"),
}
REQUIRED = {"departments": ("code", "name"), "people": ("full_name",)}
SHEETS = {"departments": ("departments", "部门"), "people": ("people", "人员")}
LENGTHS = {"code": 20, "employee_no": 40, "phone": 40, "email": 254}


@dataclass
class Row:
    kind: str  # "departments" or "people"
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.kind}:{self.line}"


@dataclass
class ImportPlan:
    file_name: str
    sha256: str
    departments: list[Row] = field(default_factory=list)
    people: list[Row] = field(default_factory=list)
    # Problems with the file as a whole (not a row): nothing can be imported.
    file_errors: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return [*self.departments, *self.people]

    @property
    def bad_rows(self) -> list[Row]:
        return [r for r in self.rows if r.errors]

    @property
    def good_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.errors]


@dataclass(frozen=True)
class ImportResult:
    departments: int
    people: int
    positions: int
    skipped: int


# --- reading ------------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # employee numbers typed as numbers
    return str(value).strip()


def _csv_text(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GB18030 (GBK)
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The CSV file is neither UTF-8 nor GB18030 text."))


def _csv_tables(raw: bytes) -> Iterator[tuple[str, list[tuple[int, list[str]]]]]:
    reader = csv.reader(io.StringIO(_csv_text(raw), newline=""))
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            rows.append((reader.line_num, [_cell(c) for c in cells[:MAX_COLUMNS]]))
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as exc:
        raise ValidationError(
            _("Line %(line)s: the CSV file cannot be read (%(reason)s).")
            % {"line": reader.line_num, "reason": exc}
        ) from None
    yield "", rows


def _xlsx_tables(raw: bytes) -> Iterator[tuple[str, list[tuple[int, list[str]]]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ValidationError(_("The file is not a readable XLSX workbook.")) from None
    try:
        for sheet in book.worksheets:
            rows: list[tuple[int, list[str]]] = []
            for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
                rows.append((number, [_cell(c) for c in cells]))
                if len(rows) > MAX_ROWS + 1:
                    break
            yield sheet.title, rows
    finally:
        book.close()


def _kind_of(title: str, header: list[str]) -> str | None:
    lowered = title.strip().lower()
    for kind, sheet_names in SHEETS.items():
        if lowered in sheet_names:
            return kind
    names = {h.strip().lower() for h in header}
    if names & set(DEPARTMENT_COLUMNS["parent_code"]) or (
        names & set(DEPARTMENT_COLUMNS["code"]) and not names & set(PERSON_COLUMNS["full_name"])
    ):
        return "departments"
    if names & set(PERSON_COLUMNS["full_name"]):
        return "people"
    return None


def _columns(kind: str, header: list[str]) -> dict[str, int]:
    spec = DEPARTMENT_COLUMNS if kind == "departments" else PERSON_COLUMNS
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        title = title.strip().lower()
        for name, aliases in spec.items():
            if title in aliases and name not in found:
                found[name] = index
    return found


def _check_cell(name: str, value: str, errors: list[str]) -> None:
    if CONTROL.search(value):
        errors.append(_("%(column)s contains a control character.") % {"column": name})
    elif value.startswith(FORMULA_START):
        errors.append(
            _("%(column)s starts with “%(char)s”, which a spreadsheet would run as a formula.")
            % {"column": name, "char": value[0]}
        )
    limit = LENGTHS.get(name, MAX_CELL)
    if len(value) > limit:
        errors.append(_("%(column)s is longer than %(limit)s characters.") % {"column": name, "limit": limit})


def _read_rows(plan: ImportPlan, kind: str, table: list[tuple[int, list[str]]]) -> None:
    header_line, header = table[0]
    columns = _columns(kind, header)
    missing = [c for c in REQUIRED[kind] if c not in columns]
    if missing:
        plan.file_errors.append(
            _("Line %(line)s: the header row lacks the column(s) %(columns)s.")
            % {"line": header_line, "columns": ", ".join(missing)}
        )
        return
    target = plan.departments if kind == "departments" else plan.people
    for line, cells in table[1:]:
        if not any(cells):
            continue  # blank lines are not rows
        values = {name: (cells[i] if i < len(cells) else "") for name, i in columns.items()}
        row = Row(kind, line, values)
        for name, value in values.items():
            _check_cell(name, value, row.errors)
        for name in REQUIRED[kind]:
            if not values.get(name):
                row.errors.append(_("%(column)s is empty.") % {"column": name})
        if kind == "people" and values.get("email"):
            try:
                validate_email(values["email"])
            except ValidationError:
                row.errors.append(_("“%(value)s” is not an e-mail address.") % {"value": values["email"]})
        target.append(row)


def directory_parse(upload: File) -> ImportPlan:
    """Read and check a file before anything is written; raises ValidationError when it cannot be read."""
    name = upload.name or "import"
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 2 MB."))
    plan = ImportPlan(file_name=name, sha256=hashlib.sha256(raw).hexdigest())
    lower = name.lower()
    if lower.endswith(".xlsx"):
        tables: Iterable[tuple[str, list[tuple[int, list[str]]]]] = _xlsx_tables(raw)
    elif lower.endswith(".csv"):
        tables = _csv_tables(raw)
    else:
        raise ValidationError(_("Upload an XLSX or a CSV file."))
    count = 0
    for title, table in tables:
        if not table:
            continue
        kind = _kind_of(title, table[0][1])
        if kind is None:
            if title:
                continue  # other sheets (instructions, lists) are not read
            raise ValidationError(_("The header row names neither departments nor people columns."))
        count += len(table) - 1
        if count > MAX_ROWS:
            raise ValidationError(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
        _read_rows(plan, kind, table)
    if not plan.rows and not plan.file_errors:
        raise ValidationError(_("The file holds no departments and no people."))
    _check_within_file(plan)
    return plan


def _check_within_file(plan: ImportPlan) -> None:
    codes: dict[str, int] = {}
    names: dict[str, int] = {}
    for row in plan.departments:
        code, name = row.values["code"], row.values["name"]
        if code in codes:
            row.errors.append(
                _("The code %(code)s is already on line %(line)s.") % {"code": code, "line": codes[code]}
            )
        else:
            codes[code] = row.line
        if name in names:
            row.errors.append(
                _("The name %(name)s is already on line %(line)s.") % {"name": name, "line": names[name]}
            )
        else:
            names[name] = row.line
        if row.values.get("parent_code") == code:
            row.errors.append(_("A department cannot sit under itself."))
    numbers: dict[str, int] = {}
    emails: dict[str, int] = {}
    for row in plan.people:
        number, email = row.values.get("employee_no", ""), row.values.get("email", "").lower()
        if number and number in numbers:
            row.errors.append(
                _("The employee number %(no)s is already on line %(line)s.")
                % {"no": number, "line": numbers[number]}
            )
        elif number:
            numbers[number] = row.line
        if email and email in emails:
            row.errors.append(
                _("The e-mail %(email)s is already on line %(line)s.")
                % {"email": email, "line": emails[email]}
            )
        elif email:
            emails[email] = row.line


# --- checking against the organization ---------------------------------------------------------------


def _check_against(plan: ImportPlan, organization: Organization) -> dict[str, Department]:
    """Row errors for clashes with the existing directory and for unknown or bad references."""
    existing = {d.code: d for d in Department.objects.filter(organization=organization).exclude(code="")}
    taken_names = set(Department.objects.filter(organization=organization).values_list("name", flat=True))
    taken_numbers = set(
        Person.objects.filter(organization=organization)
        .exclude(employee_no="")
        .values_list("employee_no", flat=True)
    )
    for row in plan.departments:
        if row.values["code"] in existing:
            row.errors.append(
                _("A department with the code %(code)s already exists.") % {"code": row.values["code"]}
            )
        if row.values["name"] in taken_names:
            row.errors.append(_("A department named %(name)s already exists.") % {"name": row.values["name"]})
    in_file = {r.values["code"]: r for r in plan.departments}
    # A department whose parent row is bad (or missing, or in a loop) cannot be created either.
    changed = True
    while changed:
        changed = False
        for row in plan.departments:
            if row.errors:
                continue
            parent = row.values.get("parent_code", "")
            if not parent or parent in existing:
                continue
            parent_row = in_file.get(parent)
            if parent_row is None:
                row.errors.append(_("The parent department %(code)s does not exist.") % {"code": parent})
                changed = True
            elif parent_row.errors:
                row.errors.append(
                    _("The parent department %(code)s (line %(line)s) cannot be imported.")
                    % {"code": parent, "line": parent_row.line}
                )
                changed = True
    _refuse_loops(plan.departments, in_file, existing)
    for row in plan.people:
        number = row.values.get("employee_no", "")
        if number and number in taken_numbers:
            row.errors.append(_("A person with the employee number %(no)s already exists.") % {"no": number})
        code = row.values.get("department_code", "")
        if not code or code in existing:
            continue
        dept_row = in_file.get(code)
        if dept_row is None:
            row.errors.append(_("The department %(code)s does not exist.") % {"code": code})
        elif dept_row.errors:
            row.errors.append(
                _("The department %(code)s (line %(line)s) cannot be imported.")
                % {"code": code, "line": dept_row.line}
            )
    return existing


def _refuse_loops(rows: list[Row], in_file: dict[str, Row], existing: dict[str, Department]) -> None:
    for row in rows:
        if row.errors:
            continue
        seen = {row.values["code"]}
        parent = row.values.get("parent_code", "")
        while parent and parent not in existing and parent in in_file:
            if parent in seen:
                row.errors.append(_("The parent departments form a loop."))
                break
            seen.add(parent)
            parent = in_file[parent].values.get("parent_code", "")


def _tree_order(rows: list[Row], existing: dict[str, Department]) -> list[Row]:
    """Parents before children, so each department's parent exists when it is created."""
    placed = set(existing)
    ordered: list[Row] = []
    pending = list(rows)
    while pending:
        ready = [r for r in pending if not r.values.get("parent_code") or r.values["parent_code"] in placed]
        if not ready:
            break  # only loops are left; _refuse_loops marked them
        for r in ready:
            ordered.append(r)
            placed.add(r.values["code"])
        pending = [r for r in pending if r not in ready]
    return ordered


# --- writing ------------------------------------------------------------------------------------------


@transaction.atomic
def directory_import(
    *, actor: User | None, organization: Organization, plan: ImportPlan, only_valid: bool = False
) -> ImportResult:
    """Write a parsed file. Refused (ValidationError, nothing written) when a row is bad, unless only_valid."""
    authorize(actor, organization, can_manage_directory)
    if plan.file_errors:
        raise ValidationError(plan.file_errors)
    existing = _check_against(plan, organization)
    bad = plan.bad_rows
    if bad and not only_valid:
        raise ValidationError(
            _("%(n)s row(s) have errors; nothing was imported.") % {"n": len(bad)}, code="bad_rows"
        )
    departments = dict(existing)
    created_departments = 0
    for row in _tree_order([r for r in plan.departments if not r.errors], existing):
        values = row.values
        parent = departments.get(values.get("parent_code", "")) if values.get("parent_code") else None
        dept = _write(
            actor=actor,
            organization=organization,
            obj=Department(organization=organization),
            fields=DEPARTMENT_FIELDS,
            values={
                "code": values["code"],
                "name": values["name"],
                "name_en": values.get("name_en", ""),
                "parent": parent,
            },
            verb="create",
        )
        departments[values["code"]] = dept  # type: ignore[assignment]
        created_departments += 1
    positions = {(p.department_id, p.name): p for p in Position.objects.filter(organization=organization)}
    created_positions = created_people = 0
    for row in plan.people:
        if row.errors:
            continue
        values = row.values
        dept = departments.get(values.get("department_code", "")) if values.get("department_code") else None  # type: ignore[assignment]
        position = None
        if values.get("position"):
            key = (dept.pk if dept else None, values["position"])
            position = positions.get(key)
            if position is None:
                position = _write(  # type: ignore[assignment]
                    actor=actor,
                    organization=organization,
                    obj=Position(organization=organization),
                    fields=POSITION_FIELDS,
                    values={"name": values["position"], "department": dept},
                    verb="create",
                )
                positions[key] = position  # type: ignore[assignment]
                created_positions += 1
        _write(
            actor=actor,
            organization=organization,
            obj=Person(organization=organization),
            fields=PERSON_FIELDS,
            values={
                "full_name": values["full_name"],
                "email": values.get("email", ""),
                "phone": values.get("phone", ""),
                "employee_no": values.get("employee_no", ""),
                "department": dept,
                "position": position,
                "is_active": True,
            },
            verb="create",
        )
        created_people += 1
    result = ImportResult(created_departments, created_people, created_positions, len(bad))
    audit.record(
        organization=organization,
        actor=actor,
        action="directory.import",
        object_type="core.directory",
        object_repr=plan.file_name[:300],
        changes={
            "file": [None, plan.file_name],
            "sha256": [None, plan.sha256],
            "departments": [None, result.departments],
            "people": [None, result.people],
            "positions": [None, result.positions],
            "skipped_rows": [None, [r.where for r in bad]],
        },
    )
    return result


# --- the template file --------------------------------------------------------------------------------

TEMPLATE_DEPARTMENTS = [
    ["code", "name", "name_en", "parent_code"],
    ["OPS", "运维部", "Operations", ""],
    ["SD", "服务台", "Service Desk", "OPS"],
]
TEMPLATE_PEOPLE = [
    ["full_name", "email", "employee_no", "department_code", "position", "phone"],
    ["张伟", "zhang.wei@example.com", "E001", "OPS", "运维工程师", ""],
]


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Departments"
    for row in TEMPLATE_DEPARTMENTS:
        xlsx_append(sheet, row)
    people = book.create_sheet("People")
    for row in TEMPLATE_PEOPLE:
        xlsx_append(people, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_csv(kind: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(csv_rows(TEMPLATE_DEPARTMENTS if kind == "departments" else TEMPLATE_PEOPLE))
    return out.getvalue().encode("utf-8-sig")
