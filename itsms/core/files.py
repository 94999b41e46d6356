"""The one file service: checked bytes, SHA-256, size limit, purpose-based download permission, no orphans.

Storage is not transactional, so the bytes are saved first and the row second: a failure while writing the
row deletes the saved bytes, and a crash between the two leaves an object without a row, which
`manage.py files_sweep` removes once it is old enough. Each area registers the purposes of its files and
says who may download (and delete) them.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import logging
import os
import unicodedata
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from posixpath import basename as posix_basename
from typing import Any, TypeVar
from urllib.parse import quote
from xml.etree import ElementTree

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit
from .errors import require
from .file_content import MARKUP_OVERLAP, check_pdf, check_single_format, markup_in, markup_refused
from .models import Membership, Organization, Role, StoredFile, User
from .permissions import can_manage_organization, can_upload_file, can_view_organization
from .services.base import actor_membership, authorize
from .upload_limits import MemberTooLarge, open_archive, read_member

logger = logging.getLogger(__name__)

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
TEXT = "text/plain"
CSV = "text/csv"
MARKDOWN = "text/markdown"
ZIP = "application/zip"

# The extensions a name may carry for each type we accept; the first is the usual one.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: (".pdf",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    PPTX: (".pptx",),
    TEXT: (".txt",),
    CSV: (".csv",),
    MARKDOWN: (".md", ".markdown"),
}
DEFAULT_ALLOWED_TYPES: tuple[str, ...] = tuple(EXTENSIONS)
TYPE_LABELS: dict[str, str | Promise] = {
    PDF: "PDF",
    PNG: "PNG",
    JPEG: "JPEG",
    DOCX: "Word (DOCX)",
    XLSX: "Excel (XLSX)",
    PPTX: "PowerPoint (PPTX)",
    TEXT: gettext_lazy("plain text"),
    CSV: "CSV",
    MARKDOWN: "Markdown",
}
# Text has no signature: its type comes from the name once the bytes proved to be UTF-8 without NUL.
_TEXT_BY_EXTENSION = {".txt": TEXT, ".csv": CSV, ".md": MARKDOWN, ".markdown": MARKDOWN}
_OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
_ZIP_LIKE = {ZIP, DOCX, XLSX, PPTX}
_CONTENT_TYPES_MAX_BYTES = 1024 * 1024
_BROKEN_PACKAGE = (
    zipfile.BadZipFile,
    ElementTree.ParseError,
    NotImplementedError,
    OSError,
    EOFError,
    ValueError,
)
_HEAD_BYTES = 8192
_NAME_MAX = 200
_NAME_FALLBACK = "file"
_AUDITED_FIELDS = ["original_name", "purpose", "content_type", "size", "sha256"]
# Characters Windows refuses in names: replaced so a downloaded file keeps a usable name everywhere.
_RESERVED_CHARS = frozenset('<>:"|?*')


# --- purposes -------------------------------------------------------------------------------------------

FileCheck = Callable[[Membership, StoredFile], bool]


@dataclass(frozen=True)
class Purpose:
    name: str
    can_download: FileCheck
    can_delete: FileCheck
    # Files referred to from outside the database's foreign keys: files_sweep never removes them.
    kept_unreferenced: bool = False


def _default_can_delete(m: Membership, stored_file: StoredFile) -> bool:
    if not m.is_active:
        return False
    return m.has_role(Role.ORG_ADMIN) or (stored_file.uploaded_by_id == m.user_id and can_upload_file(m))


# Filled when modules load (this one and each app's AppConfig.ready); never changed afterwards.
_purposes: dict[str, Purpose] = {}


def register_purpose(
    name: str,
    can_download: FileCheck,
    can_delete: FileCheck | None = None,
    *,
    kept_unreferenced: bool = False,
) -> None:
    """Declare what files of `name` are for and who may download them (and delete them: by default an
    admin or the internal member who uploaded the file). Files of a purpose are kept through a foreign
    key of the row they belong to; once none points at a file, `files_sweep` deletes it after the
    retention period, unless `kept_unreferenced`."""
    _purposes[name] = Purpose(
        name=name,
        can_download=can_download,
        can_delete=can_delete or _default_can_delete,
        kept_unreferenced=kept_unreferenced,
    )


def purposes_kept_unreferenced() -> list[str]:
    return sorted(p.name for p in _purposes.values() if p.kept_unreferenced)


def purpose_get(name: str) -> Purpose:
    try:
        return _purposes[name]
    except KeyError:
        raise ValueError(f"unknown file purpose: {name!r}") from None


def can_download(m: Membership, stored_file: StoredFile) -> bool:
    purpose = _purposes.get(stored_file.purpose)
    return (
        purpose is not None
        and m.is_active
        and m.organization_id == stored_file.organization_id
        and purpose.can_download(m, stored_file)
    )


register_purpose(
    "org.logo",
    can_download=lambda m, f: can_view_organization(m),
    can_delete=lambda m, f: can_manage_organization(m),
)


# --- checking the bytes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scan:
    size: int
    sha256: str
    head: bytes
    is_text: bool
    # Whether the text (when it is UTF-8) holds HTML, SVG or XML markup (itsms.core.file_content).
    has_markup: bool = False


def format_megabytes(n_bytes: int) -> str:
    mb = n_bytes / (1024 * 1024)
    return f"{mb:.0f}" if mb == int(mb) else f"{mb:.1f}"


def _too_large(limit: int) -> ValidationError:
    return ValidationError(
        _("The file is larger than the limit of %(limit)s MB."),
        code="file_too_large",
        params={"limit": format_megabytes(limit)},
    )


def _scan(upload: File, limit: int) -> _Scan:
    """One pass in chunks: size, SHA-256, the first bytes for type detection, and whether it is UTF-8 text."""
    declared = getattr(upload, "size", None)
    if isinstance(declared, int) and declared > limit:
        raise _too_large(limit)
    digest = hashlib.sha256()
    size = 0
    head = b""
    is_text = True
    has_markup = False
    carry = ""
    decoder = codecs.getincrementaldecoder("utf-8")()
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        digest.update(chunk)
        if len(head) < _HEAD_BYTES:
            head += chunk[: _HEAD_BYTES - len(head)]
        if is_text and b"\x00" in chunk:
            is_text = False
        elif is_text:
            try:
                decoded = decoder.decode(chunk)
            except UnicodeDecodeError:
                is_text = False
            else:
                if not has_markup:
                    window = carry + decoded
                    has_markup = markup_in(window, at_start=size == len(chunk))
                    carry = window[-MARKUP_OVERLAP:]
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        is_text = False
    if size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    return _Scan(size=size, sha256=digest.hexdigest(), head=head, is_text=is_text, has_markup=has_markup)


def _refuse_macros() -> ValidationError:
    return ValidationError(
        _("Office files with macros cannot be uploaded; save the file without macros (DOCX, XLSX or PPTX)."),
        code="file_macros",
    )


def _ooxml_type(upload: File) -> str | None:
    """The OOXML type named by the package's [Content_Types].xml, None when it is not an OOXML document."""
    try:
        upload.seek(0)
        # The central directory is checked (members, declared sizes, ratios) before anything inflates.
        with open_archive(upload) as package:
            infos = package.infolist()
            if any(posix_basename(i.filename).lower().startswith("vbaproject") for i in infos):
                raise _refuse_macros()
            manifest = next((i for i in infos if i.filename == "[Content_Types].xml"), None)
            if manifest is None or manifest.file_size > _CONTENT_TYPES_MAX_BYTES:
                return None
            root = ElementTree.fromstring(read_member(package, manifest, _CONTENT_TYPES_MAX_BYTES))
    except (*_BROKEN_PACKAGE, MemberTooLarge):
        return None
    finally:
        upload.seek(0)
    content_types = [el.get("ContentType", "") for el in root]
    if any("macro" in ct.lower() or "vbaproject" in ct.lower() for ct in content_types):
        raise _refuse_macros()
    kinds = {_OOXML_MAIN_PARTS[ct] for ct in content_types if ct in _OOXML_MAIN_PARTS}
    return kinds.pop() if len(kinds) == 1 else None


def _detect(upload: File, scan: _Scan, extension: str) -> str:
    kind = filetype.guess(scan.head)
    if kind is None:
        if scan.is_text:
            return _TEXT_BY_EXTENSION.get(extension, TEXT)
        return "application/octet-stream"
    if kind.mime in _ZIP_LIKE:
        return _ooxml_type(upload) or ZIP
    return str(kind.mime)


def _labels(types: tuple[str, ...]) -> str:
    return ", ".join(str(TYPE_LABELS.get(t, t)) for t in types)


def check_type(content_type: str, extension: str, allowed_types: tuple[str, ...]) -> None:
    if content_type not in allowed_types:
        raise ValidationError(
            _("Files of this type cannot be uploaded here. Allowed types: %(types)s."),
            code="file_type",
            params={"types": _labels(allowed_types)},
        )
    expected = EXTENSIONS.get(content_type, ())
    if extension not in expected:
        raise ValidationError(
            _(
                "The content of this file is %(kind)s, which does not match its name; the name must end in %(ext)s."
            ),
            code="file_name_mismatch",
            params={"kind": _labels((content_type,)), "ext": " / ".join(expected)},
        )


def clean_file_name(name: str) -> str:
    """A safe display name: the last path component, no control characters, at most 200 characters with
    the extension kept. Letters of every script, Chinese included, stay as they are."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for ch in name:
        if unicodedata.category(ch).startswith("C"):
            continue
        kept.append("_" if ch in _RESERVED_CHARS else ch)
    cleaned = " ".join("".join(kept).split()).strip(" .")
    if len(cleaned) > _NAME_MAX:
        stem, ext = os.path.splitext(cleaned)
        if len(ext) > 20:
            stem, ext = cleaned, ""
        cleaned = stem[: _NAME_MAX - len(ext)].rstrip(" .") + ext
    return cleaned or _NAME_FALLBACK


# --- the service ---------------------------------------------------------------------------------------------


def _discard(storage_name: str) -> None:
    try:
        default_storage.delete(storage_name)
    except OSError:
        # Not fatal: files_sweep removes objects without a row later.
        logger.warning("could not delete stored object %s", storage_name, exc_info=True)


def _check_content(upload: File, scan: _Scan, content_type: str) -> None:
    """What the bytes hold, beyond their type (rules in itsms.core.file_content)."""
    check_single_format(upload, scan.head, content_type, zip_like=content_type in _ZIP_LIKE)
    if content_type == PDF:
        check_pdf(upload)
    elif content_type in _TEXT_BY_EXTENSION.values() and scan.has_markup:
        raise markup_refused()


@dataclass(frozen=True)
class CheckedUpload:
    """An upload whose bytes passed every check (file_check); file_store saves it as it is."""

    upload: File
    name: str
    content_type: str
    size: int
    sha256: str


def file_check(
    *, upload: File, allowed_types: tuple[str, ...] | None = None, max_bytes: int | None = None
) -> CheckedUpload:
    """Every check of an upload's bytes, with no database work: size, type, name, macros, archive limits,
    active content. Callers that hold a write transaction run it before opening one (parsing a file must
    not hold SQLite's single write lock) and pass the result to file_store."""
    limit = max_bytes if max_bytes is not None else settings.FILE_UPLOAD_MAX_BYTES
    name = clean_file_name(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    scan = _scan(upload, limit)
    content_type = _detect(upload, scan, extension)
    check_type(content_type, extension, allowed_types or DEFAULT_ALLOWED_TYPES)
    _check_content(upload, scan, content_type)
    upload.seek(0)
    return CheckedUpload(
        upload=upload,
        name=name,
        content_type=content_type,
        size=scan.size,
        sha256=scan.sha256,
    )


F = TypeVar("F", bound=Callable[..., Any])


def checks_upload_first(service: F) -> F:
    """Run file_check on a service's `upload` before the service (and its write transaction) starts.

    Parsing a file (a PDF's objects, an archive's directory) can take a second; inside a transaction it
    would hold SQLite's single write lock for every organization. Put it above @transaction.atomic; the
    service passes the checked upload on to file_store, which does not check it again.
    """

    @functools.wraps(service)
    def wrapper(*args: Any, upload: File | CheckedUpload | None = None, **kwargs: Any) -> Any:
        if upload is not None and not isinstance(upload, CheckedUpload):
            upload = file_check(upload=upload)
        return service(*args, upload=upload, **kwargs)

    return wrapper  # type: ignore[return-value]


def file_store(
    *,
    actor: User | None,
    organization: Organization,
    upload: File | CheckedUpload | None = None,
    purpose: str,
    allowed_types: tuple[str, ...] | None = None,
    max_bytes: int | None = None,
    checked: CheckedUpload | None = None,
) -> StoredFile:
    """Check an upload, save its bytes and record it (with an audit entry). Raises ValidationError with a
    message for the user when the file is refused; nothing is kept then. `checked` is the result of an
    earlier file_check (made with the same allowed types and limit), whose checks are not repeated."""
    purpose_get(purpose)
    authorize(actor, organization, can_upload_file)
    if isinstance(upload, CheckedUpload):
        checked, upload = upload, None
    if checked is None:
        if upload is None:
            raise ValueError("file_store needs an upload or a checked upload")
        checked = file_check(upload=upload, allowed_types=allowed_types, max_bytes=max_bytes)
    elif allowed_types is not None and checked.content_type not in allowed_types:
        # A check made for another place: its type must still be one this place accepts.
        check_type(checked.content_type, os.path.splitext(checked.name)[1].lower(), allowed_types)
    upload = checked.upload
    name, content_type = checked.name, checked.content_type

    file_id = uuid.uuid4()
    now = timezone.now()
    storage_name = f"org/{organization.pk}/{now:%Y}/{now:%m}/{file_id}"
    recorded = False
    try:
        upload.seek(0)
        storage_name = default_storage.save(storage_name, upload)
        with transaction.atomic():
            stored = StoredFile.objects.create(
                id=file_id,
                organization=organization,
                purpose=purpose,
                storage_name=storage_name,
                original_name=name,
                content_type=content_type,
                size=checked.size,
                sha256=checked.sha256,
                uploaded_by=actor if actor is not None and actor.is_authenticated else None,
            )
            audit.record(
                organization=organization,
                actor=actor,
                action="file.upload",
                obj=stored,
                changes=audit.diff({}, audit.snapshot(stored, _AUDITED_FIELDS)),
            )
        recorded = True
    finally:
        if not recorded:
            # Also covers a save that failed half way and left a partial object behind.
            _discard(storage_name)
    return stored


def file_get(organization: Organization, file_id: uuid.UUID | str) -> StoredFile:
    """A file of the organization, or 404."""
    return get_object_or_404(StoredFile, organization=organization, pk=file_id)


def file_open(stored_file: StoredFile) -> File:
    return default_storage.open(stored_file.storage_name, "rb")


def content_disposition(name: str) -> str:
    """An attachment header whose name survives any script (RFC 6266 / RFC 5987 encoding)."""
    return f"attachment; filename*=UTF-8''{quote(name, safe='')}"


@transaction.atomic
def file_delete(*, actor: User | None, organization: Organization, stored_file: StoredFile) -> None:
    """Remove the row now and the bytes once the transaction commits (a rollback keeps both)."""
    require(stored_file.organization_id == organization.pk)
    if actor is not None:
        membership = actor_membership(actor, organization)
        purpose = _purposes.get(stored_file.purpose)
        check = purpose.can_delete if purpose is not None else _default_can_delete
        require(membership is not None and check(membership, stored_file))
    locked = StoredFile.objects.select_for_update().filter(pk=stored_file.pk).first()
    if locked is None:
        return
    before = audit.snapshot(locked, _AUDITED_FIELDS)
    pk, label, storage_name = str(locked.pk), str(locked), locked.storage_name
    try:
        with transaction.atomic():
            locked.delete()
    except ProtectedError:
        raise ValidationError(
            _("This file is still in use and cannot be deleted."), code="file_in_use"
        ) from None
    audit.record(
        organization=organization,
        actor=actor,
        action="file.delete",
        object_type="core.storedfile",
        object_id=pk,
        object_repr=label,
        changes=audit.diff(before, {}),
    )
    transaction.on_commit(lambda: _discard(storage_name))
