"""file_store / file_delete: checked bytes, recorded hash and size, audited, no orphan row or file."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from PIL import Image

from itsms.core import audit, files
from itsms.core.models import AuditEntry, Role, StoredFile

ALL_TYPES = "PDF, PNG, JPEG, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), plain text, CSV, Markdown"


def png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def pdf_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), (255, 255, 255)).save(buf, "PDF")
    return buf.getvalue()


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("信息安全方针")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def rezip(
    data: bytes, *, add: dict[str, bytes] | None = None, replace: tuple[bytes, bytes] | None = None
) -> bytes:
    """A copy of an OOXML package with members added, or a text replaced in [Content_Types].xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if replace and info.filename == "[Content_Types].xml":
                content = content.replace(*replace)
            dst.writestr(info, content)
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def stored_objects(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def store(org, actor, name: str, data: bytes, **kwargs) -> StoredFile:  # noqa: ANN001, ANN003
    upload = SimpleUploadedFile(name, data)
    return files.file_store(actor=actor, organization=org, upload=upload, purpose="org.logo", **kwargs)


def test_store_records_hash_size_type_and_name(org, admin, media):
    data = png_bytes()
    row = store(org, admin, "logo.png", data)
    assert (row.sha256, row.size, row.content_type) == (
        hashlib.sha256(data).hexdigest(),
        len(data),
        "image/png",
    )
    assert (row.original_name, row.purpose, row.uploaded_by, row.organization) == (
        "logo.png",
        "org.logo",
        admin,
        org,
    )


def test_store_saves_bytes_under_org_year_month_uuid(org, admin, media):
    data = png_bytes()
    row = store(org, admin, "logo.png", data)
    assert re.fullmatch(rf"org/{org.pk}/\d{{4}}/\d{{2}}/{row.pk}", row.storage_name)
    assert stored_objects(media) == [row.storage_name]
    with files.file_open(row) as fh:
        assert fh.read() == data


def test_store_writes_audit_entry(org, admin, media):
    data = png_bytes()
    row = store(org, admin, "logo.png", data)
    entry = AuditEntry.objects.filter(organization=org).order_by("-seq").first()
    assert (entry.action, entry.actor, entry.object_type, entry.object_id) == (
        "file.upload",
        admin,
        "core.storedfile",
        str(row.pk),
    )
    assert entry.changes == {
        "original_name": [None, "logo.png"],
        "purpose": [None, "org.logo"],
        "content_type": [None, "image/png"],
        "size": [None, len(data)],
        "sha256": [None, hashlib.sha256(data).hexdigest()],
    }
    assert audit.verify(org).ok


def test_system_actor_may_store(org, media):
    row = store(org, None, "logo.png", png_bytes())
    assert row.uploaded_by is None


def test_png_named_pdf_is_refused(org, admin, media):
    with pytest.raises(ValidationError) as exc:
        store(org, admin, "report.pdf", png_bytes())
    assert exc.value.code == "file_name_mismatch"
    assert exc.value.messages == [
        "The content of this file is PNG, which does not match its name; the name must end in .png."
    ]
    assert StoredFile.objects.count() == 0
    assert stored_objects(media) == []


def test_real_pdf_is_accepted(org, admin, media):
    assert store(org, admin, "report.pdf", pdf_bytes()).content_type == "application/pdf"


def test_jpeg_extension_is_accepted(org, admin, media):
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "JPEG")
    assert store(org, admin, "photo.JPEG", buf.getvalue()).content_type == "image/jpeg"


def test_docx_from_python_docx_is_accepted(org, admin, media):
    assert store(org, admin, "方针.docx", docx_bytes()).content_type == files.DOCX


def test_docx_with_vba_project_is_refused(org, admin, media):
    data = rezip(docx_bytes(), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})
    with pytest.raises(ValidationError) as exc:
        store(org, admin, "方针.docx", data)
    assert exc.value.code == "file_macros"
    assert StoredFile.objects.count() == 0
    assert stored_objects(media) == []


def test_macro_enabled_content_type_is_refused(org, admin, media):
    main = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    data = rezip(docx_bytes(), replace=(main, b"application/vnd.ms-word.document.macroEnabled.main+xml"))
    with pytest.raises(ValidationError) as exc:
        store(org, admin, "方针.docx", data)
    assert exc.value.code == "file_macros"


def test_docx_named_xlsx_is_refused(org, admin, media):
    with pytest.raises(ValidationError) as exc:
        store(org, admin, "plan.xlsx", docx_bytes())
    assert exc.value.code == "file_name_mismatch"


def test_plain_zip_is_refused(org, admin, media):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hello")
    with pytest.raises(ValidationError) as exc:
        store(org, admin, "a.docx", buf.getvalue())
    assert exc.value.code == "file_type"


def test_oversize_is_refused_with_the_limit_in_mb(org, admin, media):
    with pytest.raises(ValidationError) as exc:
        store(org, admin, "big.txt", b"a" * (1024 * 1024 + 1), max_bytes=1024 * 1024)
    assert exc.value.messages == ["The file is larger than the limit of 1 MB."]
    assert StoredFile.objects.count() == 0
    assert stored_objects(media) == []


def test_settings_limit_applies_by_default(org, admin, media, settings):
    settings.FILE_UPLOAD_MAX_BYTES = 3 * 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        store(org, admin, "big.txt", b"a" * (3 * 1024 * 1024 + 1))
    assert exc.value.messages == ["The file is larger than the limit of 3 MB."]


def test_file_at_the_limit_is_accepted(org, admin, media):
    assert store(org, admin, "ok.txt", b"a" * 1024, max_bytes=1024).size == 1024


def test_empty_file_is_refused(org, admin, media):
    with pytest.raises(ValidationError) as exc:
        store(org, admin, "empty.txt", b"")
    assert exc.value.code == "file_empty"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
        ("tool.txt", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64),
    ],
)
def test_executables_are_refused(org, admin, media, name, data):
    with pytest.raises(ValidationError) as exc:
        store(org, admin, name, data)
    assert exc.value.messages == [f"Files of this type cannot be uploaded here. Allowed types: {ALL_TYPES}."]
    assert StoredFile.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("清单.csv", "text/csv"), ("readme.md", "text/markdown"), ("notes.txt", "text/plain")],
)
def test_utf8_text_is_recognised_from_its_name(org, admin, media, name, content_type):
    assert store(org, admin, name, "编号,名称\n1,服务台\n".encode()).content_type == content_type


def test_text_with_nul_bytes_is_refused(org, admin, media):
    with pytest.raises(ValidationError) as exc:
        store(org, admin, "notes.txt", b"abc\x00def")
    assert exc.value.code == "file_type"


def test_text_not_in_utf8_is_refused(org, admin, media):
    with pytest.raises(ValidationError) as exc:
        store(org, admin, "清单.csv", "编号,名称\n".encode("gbk"))
    assert exc.value.code == "file_type"


def test_allowed_types_restricts_the_default_list(org, admin, media):
    with pytest.raises(ValidationError) as exc:
        store(org, admin, "report.pdf", pdf_bytes(), allowed_types=(files.PNG, files.JPEG))
    assert exc.value.messages == ["Files of this type cannot be uploaded here. Allowed types: PNG, JPEG."]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("报告 2024.pdf", "报告 2024.pdf"),
        ("C:\\Users\\li\\计划.docx", "计划.docx"),
        ("a\x00b\x1f\u202ec.pdf", "abc.pdf"),
        ('a<b>:"c"|?*.txt', "a_b___c____.txt"),
        ("  ..hidden  name. ", "hidden name"),
        ("../..", "file"),
        ("", "file"),
    ],
)
def test_clean_file_name(raw, clean):
    assert files.clean_file_name(raw) == clean


def test_clean_file_name_truncates_to_200_keeping_the_extension():
    cleaned = files.clean_file_name("质" * 300 + ".pdf")
    assert (len(cleaned), cleaned) == (200, "质" * 196 + ".pdf")


def test_stored_name_is_sanitized(org, admin, media):
    assert store(org, admin, "../../报告 2024.pdf", pdf_bytes()).original_name == "报告 2024.pdf"


def test_unknown_purpose_is_refused(org, admin, media):
    with pytest.raises(ValueError, match="unknown file purpose: 'nope'"):
        files.file_store(
            actor=admin, organization=org, upload=SimpleUploadedFile("a.png", png_bytes()), purpose="nope"
        )
    assert stored_objects(media) == []


@pytest.mark.parametrize("role", [Role.CUSTOMER, Role.EXTERNAL_AUDITOR])
def test_roles_outside_the_system_cannot_store(org, make_member, media, role):
    user = make_member(org, [role]).user
    with pytest.raises(PermissionDenied):
        store(org, user, "logo.png", png_bytes())
    assert StoredFile.objects.count() == 0
    assert stored_objects(media) == []


def test_outsider_cannot_store(org, outsider, media):
    with pytest.raises(PermissionDenied):
        store(org, outsider, "logo.png", png_bytes())


def test_failed_storage_save_leaves_no_row_and_no_partial_file(org, admin, media, monkeypatch):
    def save_half_then_fail(self, name, content):  # noqa: ANN001, ANN202
        Path(self.path(name)).parent.mkdir(parents=True, exist_ok=True)
        Path(self.path(name)).write_bytes(b"\x89PN")
        raise OSError("disk full")

    monkeypatch.setattr(FileSystemStorage, "_save", save_half_then_fail)
    entries = AuditEntry.objects.filter(organization=org).count()
    with pytest.raises(OSError, match="disk full"):
        store(org, admin, "logo.png", png_bytes())
    assert StoredFile.objects.count() == 0
    assert stored_objects(media) == []
    assert AuditEntry.objects.filter(organization=org).count() == entries


def test_failed_row_insert_deletes_the_saved_bytes(org, admin, media, monkeypatch):
    def fail(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise DatabaseError("insert failed")

    monkeypatch.setattr(StoredFile, "save", fail)
    with pytest.raises(DatabaseError):
        store(org, admin, "logo.png", png_bytes())
    assert stored_objects(media) == []


def test_failure_after_the_row_rolls_back_the_row_and_deletes_the_bytes(org, admin, media, monkeypatch):
    def fail(**kwargs):  # noqa: ANN003, ANN202
        raise DatabaseError("audit failed")

    monkeypatch.setattr(audit, "record", fail)
    with pytest.raises(DatabaseError):
        store(org, admin, "logo.png", png_bytes())
    assert StoredFile.objects.count() == 0
    assert stored_objects(media) == []


def test_file_delete_removes_row_and_bytes_and_is_audited(
    org, admin, media, django_capture_on_commit_callbacks
):
    row = store(org, admin, "logo.png", png_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        files.file_delete(actor=admin, organization=org, stored_file=row)
    assert StoredFile.objects.count() == 0
    assert stored_objects(media) == []
    entry = AuditEntry.objects.filter(organization=org).order_by("-seq").first()
    assert (entry.action, entry.object_id, entry.object_repr) == ("file.delete", str(row.pk), "logo.png")
    assert entry.changes["original_name"] == ["logo.png", None]


def test_file_delete_keeps_the_bytes_until_commit(org, admin, media, django_capture_on_commit_callbacks):
    row = store(org, admin, "logo.png", png_bytes())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        files.file_delete(actor=admin, organization=org, stored_file=row)
    assert stored_objects(media) == [row.storage_name]
    assert len(callbacks) == 1


def test_file_delete_refused_by_the_purpose(org, admin, staff, media):
    row = store(org, admin, "logo.png", png_bytes())
    with pytest.raises(PermissionDenied):
        files.file_delete(actor=staff, organization=org, stored_file=row)
    assert StoredFile.objects.filter(pk=row.pk).exists()
    assert stored_objects(media) == [row.storage_name]


def test_file_delete_refuses_another_organizations_file(org, other_org, outsider, media):
    row = store(other_org, outsider, "logo.png", png_bytes())
    with pytest.raises(PermissionDenied):
        files.file_delete(actor=None, organization=org, stored_file=row)
    assert StoredFile.objects.filter(pk=row.pk).exists()


def test_default_storage_is_the_one_used(org, admin, media):
    row = store(org, admin, "logo.png", png_bytes())
    assert default_storage.exists(row.storage_name)
