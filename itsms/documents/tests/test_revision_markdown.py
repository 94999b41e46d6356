"""A revision's Markdown on the page and in the PDF (itsms.core.markdown), and the limit on its length."""

from __future__ import annotations

import time

from django.conf import settings

from itsms.documents import services
from itsms.documents.forms import RevisionForm

from .test_exports import pdf_text

TABLE = "# 职责\n\n| 角色 | 职责 |\n|---|---|\n| 经理 | 审批变更 |\n\n<script>alert(1)</script>"


def test_the_revision_page_shows_tables_and_no_script(org, admin, procedure, client_for):
    rev = services.revision_start(actor=admin, organization=org, document=procedure)
    services.revision_save(actor=admin, organization=org, revision=rev, version=rev.version, text=TABLE)
    page = client_for(admin).get(f"/o/{org.slug}/documents/revisions/{rev.pk}/").content.decode()
    assert "<h1>职责</h1>" in page
    assert '<table class="table table-sm table-bordered">' in page and "<td>审批变更</td>" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_pdf_prints_the_table(org, admin, procedure, client_for):
    rev = services.revision_start(actor=admin, organization=org, document=procedure)
    services.revision_save(actor=admin, organization=org, revision=rev, version=rev.version, text=TABLE)
    text = pdf_text(client_for(admin).get(f"/o/{org.slug}/documents/revisions/{rev.pk}/pdf/?lang=en"))
    assert "经理" in text and "审批变更" in text


def test_the_italics_attack_opens_in_seconds(org, admin, procedure, client_for):
    # Before: the page took 23-28 s to render 100 KB of " *x y" (quadratic regular expression).
    rev = services.revision_start(actor=admin, organization=org, document=procedure)
    attack = (" *x y" * 20_000)[:100_000]
    services.revision_save(actor=admin, organization=org, revision=rev, version=rev.version, text=attack)
    started = time.perf_counter()
    response = client_for(admin).get(f"/o/{org.slug}/documents/revisions/{rev.pk}/")
    assert response.status_code == 200
    assert time.perf_counter() - started < 10


def test_the_form_refuses_text_over_the_limit():
    limit = settings.DOCUMENT_TEXT_MAX_CHARS
    assert limit == 500_000
    assert RevisionForm({"version": 1, "text": "字" * limit, "change_summary": ""}).is_valid()
    form = RevisionForm({"version": 1, "text": "字" * (limit + 1), "change_summary": ""})
    assert not form.is_valid()
    assert form.errors["text"] == [f"Ensure this value has at most {limit} characters (it has {limit + 1})."]


def test_the_edit_page_refuses_too_long_text_and_keeps_the_draft(org, admin, procedure, client_for):
    rev = services.revision_start(actor=admin, organization=org, document=procedure)
    url = f"/o/{org.slug}/documents/revisions/{rev.pk}/edit/"
    client = client_for(admin)
    assert client.post(url, {"version": 1, "text": "short", "change_summary": ""}).status_code == 302
    long = "x" * (settings.DOCUMENT_TEXT_MAX_CHARS + 1)
    response = client.post(url, {"version": 2, "text": long, "change_summary": ""})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["text"]
    rev.refresh_from_db()
    assert (rev.text, rev.version) == ("short", 2)
