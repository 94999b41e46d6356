"""Reading catalogue libraries: the itsms format, itsms mappings and CISO Assistant framework libraries.

`parse_text` turns a file's text into LibraryData or MappingData (raising LoadError with the line and
reason); `apply` writes it. `services.library_load` ties them together in one transaction.
"""

from __future__ import annotations

from typing import Any

from .apply import LoadResult, apply_library, apply_mapping
from .data import LibraryData, MappingData
from .parse_ciso import parse_ciso
from .parse_itsms import parse_library, parse_mapping
from .plan import LoadPlan, plan_load
from .yamlnodes import LDict, LoadError, read_yaml

__all__ = [
    "LibraryData",
    "LoadError",
    "LoadPlan",
    "LoadResult",
    "MappingData",
    "apply_library",
    "apply_mapping",
    "detect_format",
    "parse_text",
    "plan_load",
]


def detect_format(doc: Any, source: str) -> str:
    """'itsms-library', 'itsms-mapping' or 'ciso', from the top-level keys."""
    if not isinstance(doc, LDict):
        raise LoadError("the file must hold a mapping at the top level", source=source, line=1)
    fmt = doc.get("format")
    if fmt in ("itsms-library", "itsms-mapping"):
        return str(fmt)
    if fmt is not None:
        raise LoadError(
            f"unknown format '{fmt}' (expected itsms-library or itsms-mapping)",
            source=source,
            line=doc.line_of("format"),
        )
    if "objects" in doc:
        return "ciso"
    raise LoadError(
        "not a catalogue library: no 'format' key and no CISO Assistant 'objects' section",
        source=source,
        line=1,
    )


def parse_text(text: str, source: str) -> LibraryData | MappingData:
    doc = read_yaml(text, source)
    fmt = detect_format(doc, source)
    if fmt == "itsms-library":
        return parse_library(doc, source)
    if fmt == "itsms-mapping":
        return parse_mapping(doc, source)
    return parse_ciso(doc, source)
