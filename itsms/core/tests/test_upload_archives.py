"""Compressed bombs: a ZIP-based upload is judged on its central directory before anything inflates."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError

from itsms.core import upload_limits
from itsms.core.models import AuditEntry, StoredFile
from itsms.core.upload_limits import CappedReader, MemberTooLarge, read_member

from .test_files_store import docx_bytes, store, stored_objects


def bomb_docx(xml_bytes: int = 20 * 1024 * 1024) -> bytes:
    """The attack: a small DOCX whose word/document.xml inflates to `xml_bytes` of paragraphs."""
    paragraph = b"<w:p><w:r><w:t>" + b"a" * 40 + b"</w:t></w:r></w:p>"
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx_bytes())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "word/document.xml":
                head, _, tail = content.partition(b"<w:body>")
                content = head + b"<w:body>" + paragraph * (xml_bytes // len(paragraph)) + tail
            dst.writestr(info.filename, content)
    return out.getvalue()


def with_members(data: bytes, count: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for n in range(count):
            dst.writestr(f"customXml/extra{n}.xml", b"<a/>")
    return out.getvalue()


def test_the_20_mb_docx_bomb_is_refused_before_it_inflates(org, admin, media, monkeypatch):
    data = bomb_docx()
    assert len(data) < 200 * 1024
    inflated: list[str] = []
    original = zipfile.ZipFile.open

    def watching_open(self, name, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        inflated.append(getattr(name, "filename", name))
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", watching_open)
    entries = AuditEntry.objects.filter(organization=org).count()
    start = time.perf_counter()
    with pytest.raises(ValidationError) as exc:
        store(org, admin, "程序.docx", data)
    assert time.perf_counter() - start < 5
    assert exc.value.code == "archive_ratio"
    assert exc.value.messages == [
        "The file looks like a compressed bomb: one of its parts unpacks to more than 100 times its packed size."
    ]
    assert inflated == []
    assert StoredFile.objects.count() == 0
    assert stored_objects(media) == []
    assert AuditEntry.objects.filter(organization=org).count() == entries


def test_a_large_part_that_compresses_normally_is_accepted(org, admin, media, settings):
    settings.ARCHIVE_MAX_RATIO = 100
    # 2 MB of varied text compresses far less than 100:1.
    words = b"".join(
        b"<w:p><w:r><w:t>clause %d of %d</w:t></w:r></w:p>" % (n, n * 7919 % 10007) for n in range(60_000)
    )
    data = docx_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "word/document.xml":
                head, _, tail = content.partition(b"<w:body>")
                content = head + b"<w:body>" + words + tail
            dst.writestr(info.filename, content)
    assert store(org, admin, "程序.docx", out.getvalue()).content_type.endswith("document")


def test_the_ratio_limit_comes_from_settings(org, admin, media, settings):
    settings.ARCHIVE_MAX_RATIO = 5000
    assert store(org, admin, "程序.docx", bomb_docx(2 * 1024 * 1024)).size > 0


def test_more_members_than_the_limit_is_refused(org, admin, media):
    data = with_members(docx_bytes(), 2001)
    with pytest.raises(ValidationError) as exc:
        store(org, admin, "程序.docx", data)
    assert exc.value.code == "archive_members"
    count = 2001 + len(zipfile.ZipFile(io.BytesIO(docx_bytes())).infolist())
    assert exc.value.messages == [f"The file holds {count} parts; at most 2000 are accepted."]
    assert StoredFile.objects.count() == 0


def test_member_count_is_read_from_the_end_record_without_listing_the_directory(
    org, admin, media, settings, monkeypatch
):
    settings.ARCHIVE_MAX_MEMBERS = 20
    data = with_members(docx_bytes(), 30)

    def no_listing(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("the central directory was parsed")

    monkeypatch.setattr(upload_limits.zipfile, "ZipFile", no_listing)
    with pytest.raises(ValidationError) as exc:
        store(org, admin, "程序.docx", data)
    assert exc.value.code == "archive_members"


def test_total_unpacked_size_over_the_limit_is_refused(org, admin, media, settings):
    settings.ARCHIVE_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/media/image1.bin", bytes(range(256)) * 5000)  # stored, ratio 1
    total = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(out.getvalue())).infolist())
    with pytest.raises(ValidationError) as exc:
        store(org, admin, "程序.docx", out.getvalue())
    assert exc.value.code == "archive_too_large"
    assert exc.value.messages == [
        f"Unpacked, the file would take {total / 1024 / 1024:.1f} MB; at most 1 MB are accepted."
    ]
    assert StoredFile.objects.count() == 0


def test_refusal_is_translated(org, admin, media, settings):
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        store(org, admin, "程序.docx", bomb_docx())
    assert exc.value.messages == ["该文件疑似压缩炸弹：其中某一部分解压后超过压缩大小的 100 倍。"]


def test_read_member_refuses_a_member_declared_over_the_cap():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.xml", b"x" * 10_000)
    with zipfile.ZipFile(buf) as z, pytest.raises(MemberTooLarge):
        read_member(z, z.getinfo("big.xml"), 1000)


def test_read_member_gives_the_bytes_within_the_cap():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.xml", b"<a>" * 1000)
    with zipfile.ZipFile(buf) as z:
        assert read_member(z, z.getinfo("a.xml"), 10_000) == b"<a>" * 1000


def test_capped_reader_stops_a_stream_that_gives_more_than_declared():
    reader = CappedReader(io.BytesIO(b"y" * 200_000), 100_000)
    with pytest.raises(MemberTooLarge):
        while reader.read(16 * 1024):
            pass
