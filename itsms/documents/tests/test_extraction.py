"""Text of uploaded revision files: extracted by a task after commit, bounded, and fed to search."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from itsms.core import files
from itsms.core.models import AuditEntry, Role, StoredFile
from itsms.documents import extraction, services
from itsms.documents.models import Document, Meaning, Revision, RevStatus
from itsms.documents.services.extraction import revision_text_extract

from .conftest import helper_member, submit


def docx_of(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def xlsx_of(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def save_with(org, actor, revision, name: str, data: bytes) -> Revision:  # noqa: ANN001
    return services.revision_save(
        actor=actor,
        organization=org,
        revision=revision,
        version=revision.version,
        text=revision.text,
        upload=SimpleUploadedFile(name, data),
    )


@pytest.fixture
def draft(org, admin, procedure, media):  # noqa: ANN001, ANN201
    return services.revision_start(actor=admin, organization=org, document=procedure)


def test_the_upload_commits_without_text_and_the_task_fills_it_after(
    org, admin, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        saved = save_with(org, admin, draft, "程序.docx", docx_of("事件管理程序 正文"))
    assert Revision.objects.get(pk=saved.pk).extracted_text == ""
    assert len(callbacks) == 1
    callbacks[0]()
    revision = Revision.objects.get(pk=saved.pk)
    assert revision.extracted_text == "事件管理程序 正文"
    entry = AuditEntry.objects.filter(organization=org).order_by("-seq").first()
    assert (entry.action, entry.actor, entry.object_id) == ("revision.text_extracted", None, str(saved.pk))
    assert entry.changes == {"file": str(saved.file_id), "extracted_text": [0, len("事件管理程序 正文")]}


def test_parsing_happens_outside_the_write_transaction(
    org, admin, draft, monkeypatch, django_capture_on_commit_callbacks
):
    depth: dict[str, int] = {}
    baseline = len(connection.atomic_blocks)  # the test's own transaction
    check, extract = files.file_check, extraction.extract_text

    def checking(**kwargs):  # noqa: ANN003, ANN202
        depth["check"] = len(connection.atomic_blocks) - baseline
        return check(**kwargs)

    def extracting(stored):  # noqa: ANN001, ANN202
        depth["extract"] = len(connection.atomic_blocks) - baseline
        return extract(stored)

    monkeypatch.setattr("itsms.documents.services.revisions.file_check", checking)
    monkeypatch.setattr("itsms.documents.services.extraction.extract_text", extracting)
    with django_capture_on_commit_callbacks(execute=True):
        save_with(org, admin, draft, "程序.docx", docx_of("正文"))
    assert depth == {"check": 0, "extract": 0}


def test_docx_paragraphs_and_table_cells_are_extracted_in_order(
    org, admin, draft, django_capture_on_commit_callbacks
):
    data = docx_of("第一段", "第二段", table=[["编号", "名称"], ["1", "服务台"]])
    with django_capture_on_commit_callbacks(execute=True):
        saved = save_with(org, admin, draft, "程序.docx", data)
    assert Revision.objects.get(pk=saved.pk).extracted_text == "第一段\n第二段\n编号\n名称\n1\n服务台"


def test_xlsx_rows_are_extracted_with_shared_strings_and_numbers(
    org, admin, draft, django_capture_on_commit_callbacks
):
    data = xlsx_of([["编号", "名称"], [1, "服务台"], [2.5, None, "事件"]])
    with django_capture_on_commit_callbacks(execute=True):
        saved = save_with(org, admin, draft, "清单.xlsx", data)
    assert Revision.objects.get(pk=saved.pk).extracted_text == "编号 名称\n1 服务台\n2.5 事件"


def test_extracted_text_is_capped(org, admin, draft, settings, django_capture_on_commit_callbacks):
    settings.EXTRACTED_TEXT_MAX_CHARS = 1000
    data = docx_of(*[f"第{n}条 服务级别" for n in range(2000)])
    with django_capture_on_commit_callbacks(execute=True):
        saved = save_with(org, admin, draft, "程序.docx", data)
    text = Revision.objects.get(pk=saved.pk).extracted_text
    assert len(text) == 1000
    assert text.startswith("第0条 服务级别\n第1条 服务级别\n")


def test_a_bomb_stored_before_the_limits_gives_no_text_and_no_error(org, admin, draft):
    # A file saved without the checks (as before the archive limits existed): extraction still refuses it.
    paragraph = b"<w:p><w:r><w:t>" + b"a" * 40 + b"</w:t></w:r></w:p>"
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx_of("x"))) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "word/document.xml":
                head, _, tail = content.partition(b"<w:body>")
                content = head + b"<w:body>" + paragraph * 400_000 + tail
            dst.writestr(info.filename, content)
    name = default_storage.save(f"org/{org.pk}/old-bomb", ContentFile(out.getvalue()))
    stored = StoredFile.objects.create(
        organization=org,
        purpose="documents.revision",
        storage_name=name,
        original_name="bomb.docx",
        content_type=files.DOCX,
        size=len(out.getvalue()),
        sha256="0" * 64,
    )
    Revision.objects.filter(pk=draft.pk).update(file=stored)
    assert revision_text_extract(revision_id=draft.pk, file_id=str(stored.pk)) == 0
    assert Revision.objects.get(pk=draft.pk).extracted_text == ""


def test_a_replaced_file_leaves_the_newer_text(org, admin, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as first:
        saved = save_with(org, admin, draft, "v1.docx", docx_of("第一版"))
    with django_capture_on_commit_callbacks(execute=True):
        saved = save_with(org, admin, saved, "v2.docx", docx_of("第二版"))
    first[0]()  # the older upload's task runs late
    assert Revision.objects.get(pk=saved.pk).extracted_text == "第二版"


def test_released_documents_search_text_gets_the_words_when_the_task_runs_late(
    org, admin, procedure, media, django_capture_on_commit_callbacks
):
    writer = helper_member(org, "writer", [Role.STAFF])
    draft = services.revision_start(actor=writer, organization=org, document=procedure)
    with django_capture_on_commit_callbacks(execute=False) as late:
        saved = save_with(org, writer, draft, "程序.docx", docx_of("变更管理 受控词"))
    services.revision_move(actor=writer, organization=org, revision=saved, target=RevStatus.INTERNAL_REVIEW)
    rev = submit(org, saved, admin, (RevStatus.EXTERNAL_CHECK, RevStatus.APPROVAL))
    services.revision_sign(actor=admin, organization=org, revision=rev, meaning=Meaning.APPROVED)
    document = Document.objects.get(pk=procedure.pk)
    assert document.current_revision_id == rev.pk
    assert "受控词" not in document.search_text
    late[0]()
    document = Document.objects.get(pk=procedure.pk)
    assert document.search_text == f"{document.number}\n事件管理程序\n\n变更管理 受控词"
    entry = AuditEntry.objects.filter(organization=org, action="revision.text_extracted").get()
    assert entry.changes["search_text"] == [False, True]


def test_a_rework_draft_copying_the_file_gets_the_text_too(
    org, admin, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as late:
        saved = save_with(org, admin, draft, "程序.docx", docx_of("正文"))
    services.revision_move(actor=admin, organization=org, revision=saved, target=RevStatus.INTERNAL_REVIEW)
    rework = services.revision_move(actor=admin, organization=org, revision=saved, target=RevStatus.RETURNED)
    assert rework.pk != saved.pk and rework.file_id == saved.file_id
    late[0]()
    assert list(Revision.objects.filter(file_id=saved.file_id).values_list("extracted_text", flat=True)) == [
        "正文",
        "正文",
    ]


def test_pdf_text_is_extracted_up_to_the_page_limit(
    org, admin, draft, monkeypatch, django_capture_on_commit_callbacks
):
    from weasyprint import HTML

    pages = "".join(f'<p style="page-break-after: always">第{n}页 服务台</p>' for n in range(3))
    data = HTML(string=f"<html><body>{pages}</body></html>").write_pdf()
    monkeypatch.setattr(extraction, "PDF_MAX_PAGES", 2)
    with django_capture_on_commit_callbacks(execute=True):
        saved = save_with(org, admin, draft, "程序.pdf", data)
    text = Revision.objects.get(pk=saved.pk).extracted_text
    assert ("第0页" in text, "第1页" in text, "第2页" in text) == (True, True, False)
