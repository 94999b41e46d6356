"""Fixtures of the catalogue's tests: the shipped libraries and files written on the fly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from itsms.catalogue.models import Standard
from itsms.catalogue.services import builtin_library_ensure

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def iso20000(db) -> Standard:  # noqa: ANN001
    """The shipped ISO/IEC 20000-1:2018 library, loaded once for this test."""
    standard = builtin_library_ensure("iso-iec-20000-1-2018.yaml")
    assert standard is not None
    return standard


@pytest.fixture
def iso27001(db) -> Standard:  # noqa: ANN001
    standard = builtin_library_ensure("iso-iec-27001-2022.yaml")
    assert standard is not None
    return standard


@pytest.fixture
def mapped(iso20000: Standard, iso27001: Standard) -> None:
    builtin_library_ensure("map-20000-1-to-27001.yaml")


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str, str], Path]:
    def write(text: str, name: str = "library.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
