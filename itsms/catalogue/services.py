"""Loading catalogue libraries: the only way catalogue rows are written.

The catalogue is global reference data (no organization), so loading is an administrator's command, not
a member's action: these services take no actor and write no organization's audit trail; they log instead.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from itsms.core import audit
from itsms.core.models import Organization, User
from itsms.core.services.base import authorize

from .loader import (
    LibraryData,
    LoadError,
    LoadPlan,
    LoadResult,
    MappingData,
    apply_library,
    apply_mapping,
    parse_text,
    plan_load,
)
from .models import Mapping, Standard
from .permissions import can_load_library

logger = logging.getLogger(__name__)

LIBRARY_DIR = Path(__file__).resolve().parent / "libraries"
# Standards before the mappings that refer to them.
BUILTIN_LIBRARIES = (
    "iso-iec-20000-1-2018.yaml",
    "iso-iec-27001-2022.yaml",
    "map-20000-1-to-27001.yaml",
)
MAX_LIBRARY_BYTES = 20 * 1024 * 1024


def read_library_bytes(raw: bytes, source: str) -> LibraryData | MappingData:
    """Parse a library file's bytes; the parsed data carries the file's SHA-256."""
    if len(raw) > MAX_LIBRARY_BYTES:
        raise LoadError("the file is larger than 20 MB", source=source)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError("the file is not UTF-8 text", source=source) from exc
    data = parse_text(text, source)
    return dataclasses.replace(data, sha256=hashlib.sha256(raw).hexdigest())


def read_library_file(path: Path, source: str | None = None) -> LibraryData | MappingData:
    source = source or path.name
    try:
        if path.stat().st_size > MAX_LIBRARY_BYTES:
            raise LoadError("the file is larger than 20 MB", source=source)
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read the file ({exc.strerror})", source=source) from exc
    return read_library_bytes(raw, source)


@functools.lru_cache(maxsize=8)
def builtin_library(name: str) -> LibraryData | MappingData:
    """A shipped library, parsed once per process (the parsed data is immutable)."""
    return read_library_file(LIBRARY_DIR / name, f"libraries/{name}")


def _apply(data: LibraryData | MappingData, *, allow_retire: bool) -> LoadResult:
    now = timezone.now()
    result = apply_library(data, now=now) if isinstance(data, LibraryData) else apply_mapping(data, now=now)
    if result.retired and not allow_retire:
        # Raised inside the caller's transaction, so nothing of the upgrade stays.
        raise LoadError(
            f"{result.ref} version {result.version} would retire {result.retired} item(s) that the loaded "
            "version has; nothing was changed. A truncated file looks like a smaller library: check the "
            "file (catalogue_load --dry-run lists them), then load it again with --allow-retire",
            source=data.source,
        )
    logger.info("catalogue: %s (sha256 %s)", result, data.sha256)
    return result


def library_plan(*, data: LibraryData | MappingData) -> LoadPlan:
    """What loading would add, change and retire; reads only."""
    return plan_load(data)


@transaction.atomic
def library_load(*, data: LibraryData | MappingData, allow_retire: bool = False) -> LoadResult:
    """Load or upgrade one parsed library; refused (LoadError) unless its version is newer, and when it
    would retire anything unless `allow_retire`."""
    return _apply(data, allow_retire=allow_retire)


def library_load_file(*, path: Path, source: str | None = None, allow_retire: bool = False) -> LoadResult:
    """Parse then load a file; any error (syntax, schema, references, version) loads nothing."""
    return library_load(data=read_library_file(path, source), allow_retire=allow_retire)


def _loaded_version(data: LibraryData | MappingData) -> int | None:
    model = Standard if isinstance(data, LibraryData) else Mapping
    return model.objects.filter(urn=data.urn).values_list("version", flat=True).first()


@transaction.atomic
def builtin_libraries_load(*, allow_retire: bool = False) -> list[str]:
    """Load or upgrade every shipped library; those already at their version are skipped, not refused."""
    messages: list[str] = []
    for name in BUILTIN_LIBRARIES:
        data = builtin_library(name)
        loaded = _loaded_version(data)
        if loaded is not None and loaded >= data.version:
            messages.append(f"{name}: version {loaded} already loaded")
            continue
        messages.append(f"{name}: {_apply(data, allow_retire=allow_retire)}")
    return messages


def library_load_confirmed(
    *,
    actor: User,
    organization: Organization,
    data: LibraryData | MappingData,
    confirmed_sha256: str,
    allow_retire: bool = False,
) -> LoadResult:
    """The upload page's second step: load the file whose plan the actor saw, and nothing else.

    The file's SHA-256 must be the one shown with the plan (the browser sends the file again; the page never
    trusts a summary it would send back). The load is recorded in the actor's organization's audit trail,
    since that is where they confirmed it.
    """
    authorize(actor, organization, can_load_library)
    if data.sha256 != confirmed_sha256:
        raise LoadError(
            "this is not the file whose changes were shown (its SHA-256 differs); nothing was changed",
            source=data.source,
        )
    with transaction.atomic():
        model = Standard if isinstance(data, LibraryData) else Mapping
        before: dict[str, Any] = dict(
            model.objects.filter(urn=data.urn).values("version", "sha256").first() or {}
        )
        result = _apply(data, allow_retire=allow_retire)
        row = model.objects.get(urn=data.urn)
        audit.record(
            organization=organization,
            actor=actor,
            action=f"catalogue.{result.kind}_load",
            obj=row,
            object_repr=f"{result.ref} v{result.version}"[:300],
            changes={
                "version": [before.get("version"), result.version],
                "sha256": [before.get("sha256"), data.sha256],
                "added": [None, result.created],
                "updated": [None, result.updated],
                "retired": [None, result.retired],
            },
        )
    return result


def builtin_library_ensure(name: str) -> Standard | None:
    """Load one shipped library when it is missing or older (fixtures and demo data); returns the standard."""
    data = builtin_library(name)
    loaded = _loaded_version(data)
    if loaded is None or loaded < data.version:
        library_load(data=data, allow_retire=True)  # our own shipped file, reviewed with the code
    if isinstance(data, LibraryData):
        return Standard.objects.get(urn=data.urn)
    return None
