import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from itsms.core.models import AuditEntry, Role, StoredFile
from itsms.documents import services
from itsms.documents.models import DocType, Revision, RevStatus

from .conftest import helper_member, independent_reviewer, release, submit


def _docx(add_macro: bool = False) -> bytes:
    import zipfile

    document = docx.Document()
    document.add_paragraph("事件管理程序 正文")
    buf = io.BytesIO()
    document.save(buf)
    if not add_macro:
        return buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    return out.getvalue()


def test_an_edit_conflict_keeps_my_text_and_shows_the_newer_one(
    org, admin, controller, procedure, client_for
):
    rev = services.revision_start(actor=admin, organization=org, document=procedure)
    url = f"/o/{org.slug}/documents/revisions/{rev.pk}/edit/"
    mine, theirs = client_for(controller), client_for(admin)
    assert 'name="version" value="1"' in mine.get(url).content.decode()
    assert theirs.post(url, {"version": 1, "text": "their text", "change_summary": ""}).status_code == 302
    response = mine.post(url, {"version": 1, "text": "my careful text", "change_summary": "mine"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "my careful text" in page
    assert '<pre class="small bg-light p-2" id="newer-text">their text</pre>' in page
    assert 'name="version" value="2"' in page
    rev.refresh_from_db()
    assert (rev.text, rev.version) == ("their text", 2)
    # Saving again from the re-shown form is deliberate and succeeds.
    assert mine.post(url, {"version": 2, "text": "my careful text", "change_summary": ""}).status_code == 302
    rev.refresh_from_db()
    assert rev.text == "my careful text"


def test_a_macro_docx_is_refused_on_the_upload_page(org, admin, procedure, client_for, media):
    rev = services.revision_start(actor=admin, organization=org, document=procedure)
    before = AuditEntry.objects.filter(organization=org).count()
    upload = SimpleUploadedFile("程序.docx", _docx(add_macro=True))
    response = client_for(admin).post(
        f"/o/{org.slug}/documents/revisions/{rev.pk}/edit/", {"version": 1, "text": "x", "upload": upload}
    )
    assert response.status_code == 400
    assert "Office files with macros cannot be uploaded" in response.content.decode()
    rev.refresh_from_db()
    assert (rev.file_id, rev.text, rev.version) == (None, "", 1)
    assert StoredFile.objects.count() == 0
    assert [p for p in media.rglob("*") if p.is_file()] == []
    assert AuditEntry.objects.filter(organization=org).count() == before


def test_a_clean_docx_is_stored_and_its_text_searchable(
    org, admin, procedure, client_for, media, django_capture_on_commit_callbacks
):
    rev = services.revision_start(actor=admin, organization=org, document=procedure)
    upload = SimpleUploadedFile("程序.docx", _docx())
    # The text is extracted by a background task once the upload commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(
            f"/o/{org.slug}/documents/revisions/{rev.pk}/edit/", {"version": 1, "text": "", "upload": upload}
        )
    assert response.status_code == 302
    rev.refresh_from_db()
    assert rev.file is not None and "事件管理程序 正文" in rev.extracted_text


def test_returning_keeps_the_submitted_revision_and_opens_a_copy(org, admin, procedure, client_for):
    rev = services.revision_start(actor=admin, organization=org, document=procedure)
    services.revision_save(
        actor=admin, organization=org, revision=rev, version=1, text="# v1", change_summary="s"
    )
    rev = submit(org, rev, admin, (RevStatus.INTERNAL_REVIEW,))
    services.revision_sign(
        actor=independent_reviewer(org), organization=org, revision=rev, meaning="reviewed"
    )
    sha = rev.sha256
    response = client_for(admin).post(
        f"/o/{org.slug}/documents/revisions/{rev.pk}/move/", {"target": "returned", "note": "more detail"}
    )
    draft = Revision.objects.get(document=procedure, status=RevStatus.DRAFT)
    assert response.status_code == 302 and response["Location"].endswith(f"/revisions/{draft.pk}/edit/")
    rev.refresh_from_db()
    assert (rev.status, rev.sha256, rev.text, rev.signatures.count()) == (RevStatus.RETURNED, sha, "# v1", 1)
    assert (draft.label, draft.text, draft.change_summary, draft.sha256) == ("A/0", "# v1", "s", "")
    assert AuditEntry.objects.filter(
        organization=org, action="revision.returned", object_id=str(rev.pk)
    ).exists()
    # The rework goes through again and releases as A/0.
    services.revision_save(actor=admin, organization=org, revision=draft, version=1, text="# v1 with detail")
    released = release_existing(org, draft, admin)
    assert (released.label, released.status) == ("A/0", RevStatus.RELEASED)


def release_existing(org, rev, admin):  # noqa: ANN001, ANN201
    rev = submit(org, rev, admin)
    approver = helper_member(org, "topmgmt", [Role.TOP_MANAGEMENT])  # not the author (separation of duties)
    services.revision_sign(actor=approver, organization=org, revision=rev, meaning="approved")
    rev.refresh_from_db()
    return rev


def _queries(client, url: str) -> int:  # noqa: ANN001
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_documents(org, admin, numbers: range) -> None:  # noqa: ANN001
    for i in numbers:
        doc = services.document_create(
            actor=admin, organization=org, title=f"容量管理程序 {i}", doc_type=DocType.PROCEDURE
        )
        release(org, doc, admin, text=f"# 容量\n\n阈值 {i}")


def test_the_register_and_search_keep_their_query_count(org, admin, client_for):
    client = client_for(admin)
    base = f"/o/{org.slug}/documents/"
    urls = [base, f"{base}?level=L2&status=released", f"{base}?q=容量", f"{base}?q=阈值 10"]
    _add_documents(org, admin, range(2))
    small = [_queries(client, u) for u in urls]
    _add_documents(org, admin, range(2, 12))
    assert [_queries(client, u) for u in urls] == small
    page = client.get(f"{base}?q=阈值 10").content.decode()
    assert "容量管理程序 10<" in page and "容量管理程序 1<" not in page
