"""Loading catalogue libraries: the only way catalogue rows are written.

The catalogue is global reference data (no organization), so loading is an administrator's command, not
a member's action: these services take no actor and write no organization's audit trail; they log instead.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .loader import LibraryData, LoadError, LoadResult, MappingData, apply_library, apply_mapping, parse_text
from .models import Mapping, Standard

logger = logging.getLogger(__name__)

LIBRARY_DIR = Path(__file__).resolve().parent / "libraries"
# Standards before the mappings that refer to them.
BUILTIN_LIBRARIES = (
    "iso-iec-20000-1-2018.yaml",
    "iso-iec-27001-2022.yaml",
    "map-20000-1-to-27001.yaml",
)
MAX_LIBRARY_BYTES = 20 * 1024 * 1024


def read_library_file(path: Path, source: str | None = None) -> LibraryData | MappingData:
    source = source or path.name
    try:
        if path.stat().st_size > MAX_LIBRARY_BYTES:
            raise LoadError("the file is larger than 20 MB", source=source)
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read the file ({exc.strerror})", source=source) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError("the file is not UTF-8 text", source=source) from exc
    return parse_text(text, source)


@functools.lru_cache(maxsize=8)
def builtin_library(name: str) -> LibraryData | MappingData:
    """A shipped library, parsed once per process (the parsed data is immutable)."""
    return read_library_file(LIBRARY_DIR / name, f"libraries/{name}")


def _apply(data: LibraryData | MappingData) -> LoadResult:
    now = timezone.now()
    result = apply_library(data, now=now) if isinstance(data, LibraryData) else apply_mapping(data, now=now)
    logger.info("catalogue: %s", result)
    return result


@transaction.atomic
def library_load(*, data: LibraryData | MappingData) -> LoadResult:
    """Load or upgrade one parsed library; refused (LoadError) unless its version is newer."""
    return _apply(data)


def library_load_file(*, path: Path, source: str | None = None) -> LoadResult:
    """Parse then load a file; any error (syntax, schema, references, version) loads nothing."""
    return library_load(data=read_library_file(path, source))


def _loaded_version(data: LibraryData | MappingData) -> int | None:
    model = Standard if isinstance(data, LibraryData) else Mapping
    return model.objects.filter(urn=data.urn).values_list("version", flat=True).first()


@transaction.atomic
def builtin_libraries_load() -> list[str]:
    """Load or upgrade every shipped library; those already at their version are skipped, not refused."""
    messages: list[str] = []
    for name in BUILTIN_LIBRARIES:
        data = builtin_library(name)
        loaded = _loaded_version(data)
        if loaded is not None and loaded >= data.version:
            messages.append(f"{name}: version {loaded} already loaded")
            continue
        messages.append(f"{name}: {_apply(data)}")
    return messages


def builtin_library_ensure(name: str) -> Standard | None:
    """Load one shipped library when it is missing or older (fixtures and demo data); returns the standard."""
    data = builtin_library(name)
    loaded = _loaded_version(data)
    if loaded is None or loaded < data.version:
        library_load(data=data)
    if isinstance(data, LibraryData):
        return Standard.objects.get(urn=data.urn)
    return None
