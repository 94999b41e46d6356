"""Every YAML read from users (libraries, programme templates) refuses aliases and anchors and is bounded
in size, values and depth, with the line of the refusal."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from itsms.catalogue.loader import parse_text
from itsms.catalogue.loader.yamlnodes import MAX_DEPTH, LoadError, read_yaml
from itsms.catalogue.models import Standard


def _bomb(levels: int) -> str:
    """Nested aliases: each level repeats the previous one nine times (9**levels leaves)."""
    lines = ["format: itsms-library", "a: &a [x, x, x, x, x, x, x, x, x]"]
    prev = "a"
    for name in "bcdefghijk"[:levels]:
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
        prev = name
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_once_naming_the_anchor_line():
    text = _bomb(8)  # 376 bytes; before the fix, 105 s and 4.3 GB before any check
    started = time.perf_counter()
    with pytest.raises(LoadError) as exc:
        parse_text(text, "bomb.yaml")
    assert time.perf_counter() - started < 1
    assert (exc.value.line, exc.value.reason) == (2, "anchors (&a) are not supported: write the value out")
    assert str(exc.value) == "bomb.yaml, line 2: anchors (&a) are not supported: write the value out"


def test_an_alias_is_refused_naming_its_line():
    with pytest.raises(LoadError) as exc:
        read_yaml("a: 1\nb:\n  - *x\n", "lib.yaml")
    assert (exc.value.line, exc.value.reason) == (3, "aliases (*x) are not supported: write the value out")


def test_merge_keys_stay_refused():
    with pytest.raises(LoadError) as exc:
        read_yaml("a:\n  <<: {b: 1}\n", "lib.yaml")
    assert (exc.value.line, exc.value.reason) == (2, "merge keys (<<) are not supported")


def test_the_number_of_values_is_capped():
    text = "items:\n" + "".join(f"  - {i}\n" for i in range(50))
    # The top mapping, its key, the list and 50 items.
    assert len(read_yaml(text, "lib.yaml", max_values=53)["items"]) == 50
    with pytest.raises(LoadError) as exc:
        read_yaml(text, "lib.yaml", max_values=40)
    assert (exc.value.line, exc.value.reason) == (39, "the file holds more than 40 values")


def test_nesting_is_capped_before_python_recursion_is():
    doc = read_yaml("[" * MAX_DEPTH + "]" * MAX_DEPTH, "lib.yaml")
    for _ in range(MAX_DEPTH - 1):
        doc = doc[0]
    assert doc == []
    with pytest.raises(LoadError) as exc:
        read_yaml("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "lib.yaml")
    assert (exc.value.line, exc.value.reason) == (1, f"values are nested more than {MAX_DEPTH} levels deep")
    # Far deeper, the parser itself stops first; either way a LoadError, never a RecursionError.
    with pytest.raises(LoadError):
        read_yaml("[" * 100_000 + "]" * 100_000, "lib.yaml")


def test_the_text_length_is_capped():
    with pytest.raises(LoadError) as exc:
        read_yaml("a: " + "x" * 100, "lib.yaml", max_chars=50)
    assert exc.value.reason == "the file is longer than 50 characters"


def test_values_lines_and_duplicates_are_read_as_before():
    doc = read_yaml("a: 1\nb:\n  - x\n  - {c: true}\nd: 2026-01-02\n", "lib.yaml")
    assert doc == {"a": 1, "b": ["x", {"c": True}], "d": __import__("datetime").date(2026, 1, 2)}
    assert (doc.line, doc.key_lines, doc["b"].item_lines) == (1, {"a": 1, "b": 2, "d": 5}, [3, 4])
    with pytest.raises(LoadError) as exc:
        read_yaml("a: 1\na: 2\n", "lib.yaml")
    assert (exc.value.line, exc.value.reason) == (2, "duplicate key 'a'")
    with pytest.raises(LoadError) as exc:
        read_yaml("a: 1\n---\nb: 2\n", "lib.yaml")
    assert (exc.value.line, exc.value.reason) == (2, "the file holds more than one YAML document")
    with pytest.raises(LoadError) as exc:
        read_yaml("# nothing\n", "lib.yaml")
    assert exc.value.reason == "the file is empty"


def test_the_library_upload_page_shows_the_alias_refusal_and_loads_nothing(org, admin, client_for):
    admin.is_staff = True  # libraries are shared by the whole site: only an operator loads them
    admin.save(update_fields=["is_staff"])
    before = Standard.objects.count()
    url = reverse("catalogue:library_upload", kwargs={"org": org.slug})
    response = client_for(admin).post(url, {"file": SimpleUploadedFile("bomb.yaml", _bomb(8).encode())})
    assert response.status_code == 400
    assert (
        "bomb.yaml, line 2: anchors (&amp;a) are not supported: write the value out"
        in response.content.decode()
    )
    assert Standard.objects.count() == before
