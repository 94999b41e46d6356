"""Limits on what an upload may cost before anything looks at its content.

Three places, from the outside in:

- `UploadLimitMiddleware` answers 413 to a request whose declared body (Content-Length) is over
  `REQUEST_BODY_MAX_BYTES`, before a byte of it is read, so a 200 MB body never reaches a temporary file.
- `SizeLimitUploadHandler`, first of `FILE_UPLOAD_HANDLERS`, counts the file bytes as they stream in and
  stops the upload once they pass `FILE_UPLOAD_MAX_BYTES`: a body without a Content-Length (chunked, under
  ASGI) or one whose fields are small but whose file is not is cut there, and the parser closes (so
  deletes) the temporary file it had started. The middleware then answers 413 as well.
- `archive_check` reads a ZIP's central directory (member count, declared sizes and compression ratios)
  before any member is inflated, and `read_member` inflates one member in chunks with a hard cap, for the
  OOXML packages (DOCX, XLSX, PPTX) that are ZIP archives.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload, TemporaryFileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

MB = 1024 * 1024
DEFAULT_ARCHIVE_MAX_MEMBERS = 2000
DEFAULT_ARCHIVE_MAX_UNCOMPRESSED_BYTES = 50 * MB
DEFAULT_ARCHIVE_MAX_RATIO = 100
# Small members may compress very well (styles, repeated empty cells) and cost nothing to inflate; the
# ratio only says something about a member once it is big enough to hurt.
ARCHIVE_RATIO_FLOOR_BYTES = 1 * MB
# Room for the form's other fields and the multipart framing around the file.
REQUEST_FIELDS_ALLOWANCE = 1 * MB
_READ_CHUNK = 64 * 1024
_UPLOAD_REFUSED = "_itsms_upload_refused"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def upload_max_bytes() -> int:
    return _setting("FILE_UPLOAD_MAX_BYTES", 25 * MB)


def request_body_max_bytes() -> int:
    configured = getattr(settings, "REQUEST_BODY_MAX_BYTES", None)
    return int(configured) if configured is not None else upload_max_bytes() + REQUEST_FIELDS_ALLOWANCE


def _megabytes(n_bytes: int) -> str:
    mb = n_bytes / MB
    return f"{mb:.0f}" if mb == int(mb) else f"{mb:.1f}"


# --- archives ---------------------------------------------------------------------------------------------


def _archive_refused(message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError(message, code=code, params=params)


def _members_refused(count: int, limit: int) -> ValidationError:
    return _archive_refused(
        _("The file holds %(count)s parts; at most %(limit)s are accepted."),
        "archive_members",
        count=count,
        limit=limit,
    )


def declared_members(fh: IO[bytes]) -> int | None:
    """The member count in a ZIP's end record (None when there is none), read without parsing the
    central directory: a directory of a million tiny entries costs memory just to list."""
    fh.seek(0)
    try:
        # zipfile's own reader of the end record (ZIP64 included); stable since Python 2.
        endrec = zipfile._EndRecData(fh)  # type: ignore[attr-defined]  # noqa: SLF001
    except OSError:
        return None
    finally:
        fh.seek(0)
    return None if not endrec else int(endrec[zipfile._ECD_ENTRIES_TOTAL])  # type: ignore[attr-defined]  # noqa: SLF001


def open_archive(fh: IO[bytes]) -> zipfile.ZipFile:
    """A ZipFile over `fh` once its end record and central directory pass `archive_check`."""
    max_members = _setting("ARCHIVE_MAX_MEMBERS", DEFAULT_ARCHIVE_MAX_MEMBERS)
    count = declared_members(fh)
    if count is not None and count > max_members:
        raise _members_refused(count, max_members)
    package = zipfile.ZipFile(fh)
    try:
        archive_check(package)
    except ValidationError:
        package.close()
        raise
    return package


def archive_check(package: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The members of `package` once its central directory shows nothing a compressed bomb would need:
    at most ARCHIVE_MAX_MEMBERS members, at most ARCHIVE_MAX_UNCOMPRESSED_BYTES declared in all, and no
    member over 1 MB inflating more than ARCHIVE_MAX_RATIO times its compressed size. Nothing is
    inflated here; `read_member` holds each member to the size declared."""
    infos = package.infolist()
    max_members = _setting("ARCHIVE_MAX_MEMBERS", DEFAULT_ARCHIVE_MAX_MEMBERS)
    if len(infos) > max_members:
        raise _members_refused(len(infos), max_members)
    max_total = _setting("ARCHIVE_MAX_UNCOMPRESSED_BYTES", DEFAULT_ARCHIVE_MAX_UNCOMPRESSED_BYTES)
    total = sum(i.file_size for i in infos)
    if total > max_total:
        raise _archive_refused(
            _("Unpacked, the file would take %(size)s MB; at most %(limit)s MB are accepted."),
            "archive_too_large",
            size=_megabytes(total),
            limit=_megabytes(max_total),
        )
    max_ratio = _setting("ARCHIVE_MAX_RATIO", DEFAULT_ARCHIVE_MAX_RATIO)
    for info in infos:
        if info.file_size > ARCHIVE_RATIO_FLOOR_BYTES and info.file_size > max_ratio * max(
            info.compress_size, 1
        ):
            raise _archive_refused(
                _(
                    "The file looks like a compressed bomb: one of its parts unpacks to more than %(ratio)s "
                    "times its packed size."
                ),
                "archive_ratio",
                ratio=max_ratio,
            )
    return infos


class MemberTooLarge(ValueError):
    """A member inflated past the size it declared, or past the caller's cap."""


def read_member(package: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """The bytes of one member, inflated in chunks and never more than min(declared size, cap): a member
    whose stream would give more than it declared is refused instead of read to the end."""
    limit = min(info.file_size, cap)
    if info.file_size > cap:
        raise MemberTooLarge(info.filename)
    parts: list[bytes] = []
    size = 0
    with package.open(info) as fh:
        while chunk := fh.read(_READ_CHUNK):
            size += len(chunk)
            if size > limit:
                raise MemberTooLarge(info.filename)
            parts.append(chunk)
    return b"".join(parts)


class CappedReader:
    """A file-like view of a member for streaming parsers, that refuses to give more than `limit` bytes."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        self._raw = raw
        self._left = limit

    def read(self, n: int = -1) -> bytes:
        want = _READ_CHUNK if n is None or n < 0 else min(n, _READ_CHUNK)
        data = self._raw.read(want)
        self._left -= len(data)
        if self._left < 0:
            raise MemberTooLarge("member larger than declared")
        return data


def open_member(package: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> CappedReader:
    if info.file_size > cap:
        raise MemberTooLarge(info.filename)
    return CappedReader(package.open(info), min(info.file_size, cap))


# --- request bodies ---------------------------------------------------------------------------------------


def too_large_message() -> str:
    return _("The upload is larger than the limit of %(limit)s MB; nothing was saved.") % {
        "limit": _megabytes(upload_max_bytes())
    }


def too_large_response(request: HttpRequest) -> HttpResponse:
    message = too_large_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


class SizeLimitUploadHandler(FileUploadHandler):
    """Counts the bytes of every file in the request and stops the upload past FILE_UPLOAD_MAX_BYTES.

    First in FILE_UPLOAD_HANDLERS so it sees every chunk before the memory or temporary-file handler
    keeps it; it passes each chunk on unchanged."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > upload_max_bytes():
            if self.request is not None:
                setattr(self.request, _UPLOAD_REFUSED, True)
            # connection_reset: read no more of the body; the parser closes (and so deletes) the
            # temporary files of this request.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class ProjectTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's temporary-file handler, in FILE_UPLOAD_TEMP_DIR, which it creates on first use: the
    folder belongs to the project, so that `files_sweep` may remove what a crash left there."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        folder = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
        if folder:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        super().new_file(*args, **kwargs)


def upload_refused(request: HttpRequest) -> bool:
    return bool(getattr(request, _UPLOAD_REFUSED, False))


class UploadLimitMiddleware:
    """413 for a body declared too large (nothing read), and for an upload the handler stopped."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            length = 0
        if length > request_body_max_bytes():
            return too_large_response(request)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None | HttpResponse:
        if request.method == "POST" and request.content_type == "multipart/form-data":
            # Parse the body here, through the upload handlers, so that a stopped upload gets its 413
            # instead of reaching the view as a form without its file.
            request.FILES  # noqa: B018
            if upload_refused(request):
                return too_large_response(request)
        return None
