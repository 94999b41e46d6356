from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from itsms.catalogue.loader import LoadError
from itsms.catalogue.models import (
    AuditQuestion,
    Clause,
    DocumentedInfo,
    Requirement,
    Standard,
    TypicalEvidence,
)
from itsms.catalogue.services import library_load_file

VALID = """\
format: itsms-library
urn: urn:itsms:std:test-standard:2024
ref: TS 1:2024
version: 1
name: Test standard
name_zh: 测试标准
certifiable: true
clauses:
  - ref: "1"
    title: First
    title_zh: 第一
    clauses:
      - ref: "1.1"
        title: Leaf one
        requirements:
          - text: Do the first thing.
            text_zh: 做第一件事。
          - id: b
            text: Do the second thing.
        documented_info:
          - kind: D
            title: A policy
        questions:
          - text: Is the first thing done?
            requirement: b
        evidence:
          - text: A record
  - ref: "2"
    title: Second
    requirements:
      - text: Second clause requirement.
"""


def load(write_yaml, text: str) -> str:
    with pytest.raises(LoadError) as exc:
        library_load_file(path=write_yaml(text), source="lib.yaml")
    return str(exc.value)


def test_valid_library_loads_every_item(db, write_yaml):
    result = library_load_file(path=write_yaml(VALID), source="lib.yaml")

    standard = Standard.objects.get(urn="urn:itsms:std:test-standard:2024")
    assert (standard.ref, standard.version, standard.name_zh, standard.certifiable) == (
        "TS 1:2024",
        1,
        "测试标准",
        True,
    )
    assert list(Clause.objects.filter(standard=standard).values_list("ref_id", "depth", "order", "leaf")) == [
        ("1", 0, 1, False),
        ("1.1", 1, 2, True),
        ("2", 0, 3, True),
    ]
    assert Clause.objects.get(ref_id="1.1").parent == Clause.objects.get(ref_id="1")
    assert list(Requirement.objects.order_by("clause__order", "order").values_list("ref", "text_zh")) == [
        ("1.1/1", "做第一件事。"),
        ("1.1/b", ""),
        ("2/1", ""),
    ]
    assert Requirement.objects.get(ref="1.1/1").urn == "urn:itsms:std:test-standard:2024:r:1.1/1"
    assert DocumentedInfo.objects.get().kind == "D"
    assert AuditQuestion.objects.get().requirement == Requirement.objects.get(ref="1.1/b")
    assert TypicalEvidence.objects.get().text == "A record"
    assert (result.created, result.updated, result.retired) == (9, 0, 0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("format: itsms-library\nurn: [unclosed\n", "lib.yaml, line 3: malformed YAML"),
        (
            VALID.replace("version: 1", "version: one"),
            "lib.yaml, line 4: library.version must be a whole number",
        ),
        (
            VALID.replace("ref: TS 1:2024\n", ""),
            "lib.yaml, line 1: library is missing the required key 'ref'",
        ),
        (
            VALID.replace("    title: First\n", "    title: First\n    colour: red\n"),
            "lib.yaml, line 11: unknown key 'colour'",
        ),
        (
            VALID.replace('  - ref: "2"', "  - ref: 2"),
            "lib.yaml, line 28: library.clauses[2].ref must be text, not a number",
        ),
        (
            VALID.replace("kind: D", "kind: X"),
            "lib.yaml, line 21: library.clauses[1].clauses[1].documented_info[1].kind is 'X', expected one of: D, R, DR",
        ),
        (
            VALID.replace("requirement: b", "requirement: z"),
            "lib.yaml, line 25: question refers to requirement 'z', which clause '1.1' does not have",
        ),
        (
            VALID.replace('ref: "1.1"', 'ref: "3.1"'),
            "lib.yaml, line 13: clause '3.1' is not numbered under its parent '1'",
        ),
        (
            VALID.replace('ref: "2"', 'ref: "1"'),
            "lib.yaml, line 28: clause '1' appears twice (first at line 9)",
        ),
        (
            VALID.replace("name_zh: 测试标准", "name_zh: 测试标准\nname: Again"),
            "lib.yaml, line 7: duplicate key 'name'",
        ),
        (VALID.replace("format: itsms-library", "format: other"), "lib.yaml, line 1: unknown format 'other'"),
        ("- just\n- a list\n", "lib.yaml, line 1: the file must hold a mapping at the top level"),
        ("", "lib.yaml, line 1: the file is empty"),
        (
            VALID.replace("      - text: Second clause requirement.", "      - text: '  '"),
            "lib.yaml, line 31: library.clauses[2].requirements[1].text must not be empty",
        ),
    ],
    ids=[
        "malformed",
        "wrong-type",
        "missing-key",
        "unknown-key",
        "unquoted-number",
        "bad-enum",
        "unknown-requirement",
        "not-under-parent",
        "duplicate-clause",
        "duplicate-key",
        "unknown-format",
        "not-a-mapping",
        "empty",
        "blank-text",
    ],
)
def test_invalid_library_is_refused_with_line_and_reason(db, write_yaml, text, message):
    assert load(write_yaml, text).startswith(message)
    assert Standard.objects.count() == 0
    assert Clause.objects.count() == 0


def test_error_found_while_writing_leaves_nothing_behind(db, write_yaml):
    library_load_file(path=write_yaml(VALID), source="lib.yaml")
    # A second library whose clause URN is not its own cannot exist in our format, but CISO files carry
    # their own URNs: one stealing a clause of the first library is refused after its standard was written.
    thief = """\
urn: urn:lib:thief
locale: en
ref_id: T
name: Thief
version: 1
objects:
  framework:
    urn: urn:itsms:std:thief
    ref_id: T
    name: Thief
    requirement_nodes:
      - {urn: "urn:itsms:std:test-standard:2024:c:1", assessable: true, depth: 1, name: Stolen}
"""
    message = load(write_yaml, thief)
    assert (
        "the clause URN 'urn:itsms:std:test-standard:2024:c:1' already belongs to another library" in message
    )
    assert list(Standard.objects.values_list("urn", flat=True)) == ["urn:itsms:std:test-standard:2024"]
    assert Clause.objects.count() == 3


def test_command_loads_a_file(db, write_yaml, capsys):
    call_command("catalogue_load", str(write_yaml(VALID)))
    assert "TS 1:2024 version 1 loaded: 9 added, 0 updated, 0 retired" in capsys.readouterr().out
    assert Standard.objects.filter(urn="urn:itsms:std:test-standard:2024").exists()


def test_command_refuses_an_invalid_file_with_line(db, write_yaml):
    path = write_yaml(VALID.replace("version: 1", "version: one"))
    with pytest.raises(CommandError, match=r"line 4: library.version must be a whole number"):
        call_command("catalogue_load", str(path))
    assert Standard.objects.count() == 0


def test_command_refuses_the_same_version(db, write_yaml):
    path = write_yaml(VALID)
    call_command("catalogue_load", str(path))
    with pytest.raises(CommandError, match="TS 1:2024 version 1 is already loaded; version 1 is not newer"):
        call_command("catalogue_load", str(path))


def test_command_refuses_a_missing_file(db, tmp_path: Path):
    with pytest.raises(CommandError, match="cannot read the file"):
        call_command("catalogue_load", str(tmp_path / "nope.yaml"))


def test_command_needs_a_file_or_builtin(db):
    with pytest.raises(CommandError, match="name a library file or use --builtin"):
        call_command("catalogue_load")


def test_builtin_loads_every_shipped_library_then_skips_them(db, capsys):
    call_command("catalogue_load", "--builtin")
    first = capsys.readouterr().out
    call_command("catalogue_load", "--builtin")
    second = capsys.readouterr().out

    assert "ISO/IEC 20000-1:2018 version 1 loaded" in first
    assert "ISO/IEC 27001:2022 version 1 loaded" in first
    assert set(Standard.objects.values_list("urn", flat=True)) == {
        "urn:itsms:std:iso-iec-20000-1:2018",
        "urn:itsms:std:iso-iec-27001:2022",
    }
    assert second.count("already loaded") == 3
