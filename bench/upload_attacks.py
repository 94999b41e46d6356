"""Hostile uploads against the document register: a compressed DOCX bomb and a large legitimate DOCX.

For each: how long the upload's write transaction lasts (the SQLite write lock is held for all of it),
how long another organization's write waits meanwhile, the whole call with text extraction, and the
process's peak memory growth (ru_maxrss, which counts lxml's C allocations that tracemalloc misses).
"""

from __future__ import annotations

import io
import resource
import threading
import time
import zipfile

import docx
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from itsms.core import services as core
from itsms.core.models import Organization, Role, User
from itsms.documents import services
from itsms.documents.models import DocType, Revision

BOMB_XML_BYTES = 20 * 1024 * 1024


def _paragraphs(total: int, *, varied: bool) -> bytes:
    """`total` bytes of WordprocessingML paragraphs; varied text compresses like a real document."""
    parts: list[bytes] = []
    size = 0
    n = 0
    while size < total:
        word = f"条款{n % 977} clause {n * 7919 % 10007} " if varied else "a" * 40
        piece = f"<w:p><w:r><w:t>{word}</w:t></w:r></w:p>".encode()
        parts.append(piece)
        size += len(piece)
        n += 1
    return b"".join(parts)


def docx_with_body(body: bytes) -> bytes:
    """A python-docx package whose word/document.xml carries `body` as its paragraphs."""
    buf = io.BytesIO()
    docx.Document().save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "word/document.xml":
                head, _, tail = content.partition(b"<w:body>")
                content = (
                    head
                    + b"<w:body>"
                    + body
                    + tail.partition(b"<w:sectPr")[1]
                    + tail.partition(b"<w:sectPr")[2]
                )
            dst.writestr(info.filename, content)
    return out.getvalue()


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _attack(org: Organization, other: Organization, actor: User, name: str, data: bytes) -> dict[str, object]:
    document = services.document_create(
        actor=actor, organization=org, title=f"程序 {name}", doc_type=DocType.PROCEDURE
    )
    rev = services.revision_start(actor=actor, organization=org, document=document)
    connection.close()  # each thread below opens its own connection
    outcome: dict[str, object] = {}

    def upload() -> None:
        start = time.perf_counter()
        rss = _maxrss_mb()
        try:
            services.revision_save(
                actor=actor,
                organization=org,
                revision=rev,
                version=rev.version,
                text="",
                upload=SimpleUploadedFile(f"{name}.docx", data),
            )
            outcome["result"] = "stored"
        except ValidationError as exc:
            outcome["result"] = "refused: " + " ".join(exc.messages)
        outcome["call_s"] = round(time.perf_counter() - start, 2)
        outcome["peak_rss_growth_mb"] = round(_maxrss_mb() - rss)
        connection.close()

    worker = threading.Thread(target=upload)
    worker.start()
    time.sleep(0.3)
    start = time.perf_counter()
    try:
        core.department_create(actor=None, organization=other, name=f"部门 {name} {time.time_ns()}")
        outcome["other_org_write"] = "ok"
    except Exception as exc:  # noqa: BLE001  (the figure is what happened, whatever it was)
        outcome["other_org_write"] = f"failed: {exc}"
    outcome["other_org_write_wait_s"] = round(time.perf_counter() - start, 2)
    connection.close()
    worker.join()
    rev = Revision.objects.get(pk=rev.pk)
    outcome["extracted_chars"] = len(rev.extracted_text)
    return outcome


def run() -> dict[str, object]:
    org = core.organization_create(actor=None, slug="bench-upload", name_zh="基准", name_en="Bench")
    other = core.organization_create(actor=None, slug="bench-other", name_zh="另一家", name_en="Other")
    actor = core.user_create(username="bench-upload", email="b@example.com", password="x" * 20)
    core.membership_add(actor=None, organization=org, user=actor, roles=[Role.ORG_ADMIN])
    bomb = docx_with_body(_paragraphs(BOMB_XML_BYTES, varied=False))
    large = docx_with_body(_paragraphs(8 * 1024 * 1024, varied=True))
    figures: dict[str, object] = {"bomb_upload_kb": len(bomb) // 1024, "large_upload_kb": len(large) // 1024}
    for key, value in _attack(org, other, actor, "bomb", bomb).items():
        figures[f"bomb_{key}"] = value
    for key, value in _attack(org, other, actor, "large", large).items():
        figures[f"large_{key}"] = value
    return figures
