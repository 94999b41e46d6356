"""Programme templates: YAML read and checked, with the line of every problem.

The built-in template renders the implementation method; a consultancy may upload its own in the same
format (`format: itsms-programme-template`, phases with tasks). Milestone keys are free text: a key of an
area that is not installed simply leaves the task to be marked done by a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from itsms.catalogue.loader.yamlnodes import LDict, LList, LoadError, read_yaml
from itsms.core.models import Role

BUILTIN = Path(__file__).resolve().parent / "templates_data" / "iso20000-method.yaml"
FORMAT = "itsms-programme-template"
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,19}$")
_KEY = re.compile(r"^[a-z_]+\.[a-z0-9_]+$")
MAX_DAYS = 3650
MAX_TEMPLATE_BYTES = 1024 * 1024
# The method's own template holds about 800 values in 16 KB; a 1 MB template of the same shape, 50,000.
MAX_TEMPLATE_VALUES = 150_000

__all__ = ["BUILTIN", "LoadError", "PhaseData", "TaskData", "TemplateData", "builtin_template", "parse"]


@dataclass(frozen=True)
class TaskData:
    code: str
    title: str
    title_zh: str
    purpose: str
    purpose_zh: str
    deliverables: str
    deliverables_zh: str
    owner_role: str
    offset_days: int
    duration_days: int
    milestones: list[str]


@dataclass(frozen=True)
class PhaseData:
    code: str
    title: str
    title_zh: str
    tasks: list[TaskData] = field(default_factory=list)


@dataclass(frozen=True)
class TemplateData:
    name: str
    name_zh: str
    phases: list[PhaseData]

    @property
    def task_count(self) -> int:
        return sum(len(p.tasks) for p in self.phases)


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.codes: set[str] = set()

    def error(self, reason: str, line: int | None) -> LoadError:
        return LoadError(reason, source=self.source, line=line)

    def text(self, node: LDict, key: str, *, required: bool = True, max_length: int = 200) -> str:
        value = node.get(key)
        if value is None:
            if required:
                raise self.error(f"'{key}' is missing", node.line)
            return ""
        if not isinstance(value, str | int | float):
            raise self.error(f"'{key}' must be text", node.line_of(key))
        text = str(value).strip()
        if required and not text:
            raise self.error(f"'{key}' is empty", node.line_of(key))
        if len(text) > max_length:
            raise self.error(f"'{key}' is longer than {max_length} characters", node.line_of(key))
        return text

    def days(self, node: LDict, key: str, default: int, minimum: int) -> int:
        value = node.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= MAX_DAYS:
            raise self.error(
                f"'{key}' must be a whole number from {minimum} to {MAX_DAYS}", node.line_of(key)
            )
        return value

    def code(self, node: LDict) -> str:
        code = self.text(node, "code", max_length=20)
        if not _CODE.match(code):
            raise self.error(
                f"code '{code}' may hold only letters, digits, dots and dashes", node.line_of("code")
            )
        if code in self.codes:
            raise self.error(f"code '{code}' is used twice", node.line_of("code"))
        self.codes.add(code)
        return code

    def task(self, node: Any, line: int) -> TaskData:
        if not isinstance(node, LDict):
            raise self.error("a task must be a mapping", line)
        role = self.text(node, "owner_role", required=False, max_length=32)
        if role and role not in Role.values:
            raise self.error(
                f"owner_role '{role}' is not one of: {', '.join(Role.values)}", node.line_of("owner_role")
            )
        keys = node.get("milestones", [])
        if not isinstance(keys, list) or not all(isinstance(k, str) and _KEY.match(k) for k in keys):
            raise self.error(
                "milestones must be a list of keys like 'training.kickoff_held'", node.line_of("milestones")
            )
        return TaskData(
            code=self.code(node),
            title=self.text(node, "title"),
            title_zh=self.text(node, "title_zh", required=False),
            purpose=self.text(node, "purpose", required=False, max_length=2000),
            purpose_zh=self.text(node, "purpose_zh", required=False, max_length=2000),
            deliverables=self.text(node, "deliverables", required=False, max_length=2000),
            deliverables_zh=self.text(node, "deliverables_zh", required=False, max_length=2000),
            owner_role=role,
            offset_days=self.days(node, "offset_days", 0, 0),
            duration_days=self.days(node, "duration_days", 7, 1),
            milestones=list(keys),
        )

    def phase(self, node: Any, line: int) -> PhaseData:
        if not isinstance(node, LDict):
            raise self.error("a phase must be a mapping", line)
        code = self.code(node)
        tasks = node.get("tasks")
        if not isinstance(tasks, LList) or not tasks:
            raise self.error(f"phase '{code}' needs a non-empty list of tasks", node.line_of("tasks"))
        return PhaseData(
            code=code,
            title=self.text(node, "title"),
            title_zh=self.text(node, "title_zh", required=False),
            tasks=[self.task(t, tasks.item_lines[i]) for i, t in enumerate(tasks)],
        )


def parse(text: str, source: str = "template") -> TemplateData:
    """The template in `text`, or LoadError naming the line and the problem."""
    doc = read_yaml(text, source, max_values=MAX_TEMPLATE_VALUES, max_chars=MAX_TEMPLATE_BYTES)
    reader = _Reader(source)
    if not isinstance(doc, LDict):
        raise reader.error("the file must hold a mapping at the top level", 1)
    if doc.get("format") != FORMAT:
        raise reader.error(f"'format' must be '{FORMAT}'", doc.line_of("format"))
    phases = doc.get("phases")
    if not isinstance(phases, LList) or not phases:
        raise reader.error("'phases' must be a non-empty list", doc.line_of("phases"))
    return TemplateData(
        name=reader.text(doc, "name"),
        name_zh=reader.text(doc, "name_zh", required=False),
        phases=[reader.phase(p, phases.item_lines[i]) for i, p in enumerate(phases)],
    )


def builtin_template() -> TemplateData:
    return parse(BUILTIN.read_text(encoding="utf-8"), "iso20000-method.yaml")
