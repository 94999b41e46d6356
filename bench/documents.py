"""The document register with 50,000 documents and 150,000 revisions: the filtered register page, search
(page and API), a deep page and the detail page.

The organization, its departments, the login and the catalogue come from the services; the documents,
revisions and mappings are bulk-inserted, because creating them one by one through the services (with an
audit entry each) would only measure the set-up.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.test import Client
from django.utils import timezone

from itsms.catalogue.constants import ISO20000_URN
from itsms.catalogue.models import Requirement
from itsms.catalogue.services import builtin_library_ensure
from itsms.core import services as core
from itsms.core.models import Organization, Role, User
from itsms.documents import selectors
from itsms.documents.models import LEVEL_OF_TYPE, DocStatus, DocType, Document, Revision, RevStatus
from itsms.documents.models.register import number_key
from itsms.documents.search import tokens_for

DOCUMENTS = 50_000
REVISIONS_PER_DOCUMENT = 3
DEPARTMENTS = 10
BATCH = 2_000
WORDS = ["事件", "变更", "配置", "容量", "可用性", "连续性", "供应商", "预算", "发布", "问题"]


def _documents(org: Organization, departments: list[int], today: dt.date) -> None:
    types = [t for t in DocType.values if t != DocType.EXTERNAL] + [DocType.EXTERNAL]
    for start in range(0, DOCUMENTS, BATCH):
        rows = []
        for i in range(start, min(start + BATCH, DOCUMENTS)):
            doc_type = types[i % len(types)]
            word = WORDS[i % len(WORDS)]
            number = f"B-{doc_type[:3].upper()}-{i:05d}"
            title = f"{word}管理文件 {i:05d}"
            status = DocStatus.WITHDRAWN if i % 50 == 0 else DocStatus.RELEASED
            text = f"{number}\n{title}\n正文 第{i}号 关键词k{i % 997:03d}"
            rows.append(
                Document(
                    organization=org,
                    number=number,
                    number_key=number_key(number),
                    title=title,
                    doc_type=doc_type,
                    level=LEVEL_OF_TYPE[doc_type],
                    status=status,
                    owner_department_id=departments[i % len(departments)],
                    next_review_on=today + dt.timedelta(days=(i % 730) - 100),
                    search_text=text,
                    # bulk_create skips Document.save(), which keeps the search words in step.
                    search_tokens=tokens_for(number, title, text),
                )
            )
        Document.objects.bulk_create(rows)


def _revisions(org: Organization) -> None:
    now = timezone.now()
    docs = Document.objects.filter(organization=org).values_list("pk", "status").order_by("pk")
    rows_iter = iter(list(docs))
    while chunk := list(itertools.islice(rows_iter, BATCH // REVISIONS_PER_DOCUMENT)):
        rows = []
        for pk, status in chunk:
            for n in range(REVISIONS_PER_DOCUMENT):
                last = n == REVISIONS_PER_DOCUMENT - 1
                rev_status = (
                    (RevStatus.WITHDRAWN if status == DocStatus.WITHDRAWN else RevStatus.RELEASED)
                    if last
                    else RevStatus.SUPERSEDED
                )
                rows.append(
                    Revision(
                        organization=org,
                        document_id=pk,
                        edition="A",
                        revision=n,
                        status=rev_status,
                        text=f"# 目的\n\n第{n}版正文。\n",
                        sha256="0" * 64,
                        effective_date=now.date(),
                        released_at=now,
                    )
                )
        Revision.objects.bulk_create(rows)
    released = Revision.objects.filter(document=OuterRef("pk"), revision=REVISIONS_PER_DOCUMENT - 1)
    Document.objects.filter(organization=org).update(current_revision=Subquery(released.values("pk")[:1]))


def _mappings(org: Organization) -> int:
    builtin_library_ensure("iso-iec-20000-1-2018.yaml")
    requirements = list(
        Requirement.objects.filter(clause__standard__urn=ISO20000_URN).values_list("pk", flat=True)
    )
    through = Document.requirements.through
    doc_ids = Document.objects.filter(organization=org, level="L2").values_list("pk", flat=True)
    links = [
        through(document_id=pk, requirement_id=requirements[(pk + k) % len(requirements)])
        for pk in doc_ids
        for k in range(2)
    ]
    through.objects.bulk_create(links, batch_size=BATCH)
    return requirements[0]


def run() -> dict[str, object]:
    from .timing import percentiles

    org = Organization.objects.filter(slug="bench-documents").first() or core.organization_create(
        actor=None, slug="bench-documents", name_zh="基准文控", name_en="Bench documents"
    )
    departments = [
        core.department_create(actor=None, organization=org, name=f"部门{i}").pk for i in range(DEPARTMENTS)
    ]
    _documents(org, departments, timezone.localdate())
    _revisions(org)
    requirement = _mappings(org)
    # Bulk inserts leave the planner without statistics until autovacuum comes by; a production
    # database has them, so measure with them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    user = User.objects.filter(username="bench-doccontrol").first() or core.user_create(
        username="bench-doccontrol", email="doccontrol@example.com", password="bench-password-2026"
    )
    core.membership_add(actor=None, organization=org, user=user, roles=[Role.ORG_ADMIN])
    secret = core.api_token_create(actor=user, organization=org, name="bench")[1]
    client = Client()
    client.force_login(user)
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    base = f"/o/{org.slug}/documents/"
    dept = departments[3]
    some = Document.objects.filter(organization=org, level="L2").order_by("pk")[100]
    figures: dict[str, object] = {
        "documents": Document.objects.filter(organization=org).count(),
        "revisions": Revision.objects.filter(organization=org).count(),
    }
    for url in (base, f"{base}?q=k123", f"{base}{some.pk}/"):
        assert client.get(url).status_code == 200, url
    figures["register_first_page"] = percentiles(lambda: client.get(base))
    figures["register_filtered_level_dept_status"] = percentiles(
        lambda: client.get(f"{base}?level=L2&department={dept}&status=released")
    )
    figures["register_review_due"] = percentiles(lambda: client.get(f"{base}?status=review_due"))
    figures["register_by_requirement"] = percentiles(lambda: client.get(f"{base}?requirement={requirement}"))
    figures["register_page_200_offset"] = percentiles(lambda: client.get(f"{base}?page=200"))
    figures["search_title_word"] = percentiles(lambda: client.get(f"{base}?q=容量管理"))
    figures["search_text_only_word"] = percentiles(lambda: client.get(f"{base}?q=k123"))
    figures["search_no_match"] = percentiles(lambda: client.get(f"{base}?q=nothing-like-this"))
    figures["api_list_filtered"] = percentiles(
        lambda: api.get(f"/api/v1/o/{org.slug}/documents?level=L2&department={dept}")
    )
    figures["api_list_keyset_deep"] = percentiles(
        lambda: api.get(f"/api/v1/o/{org.slug}/documents?after=B-PRO-40000")
    )
    figures["api_search"] = percentiles(lambda: api.get(f"/api/v1/o/{org.slug}/documents?q=k123"))
    figures["detail_page"] = percentiles(lambda: client.get(f"{base}{some.pk}/"))
    # The register's query alone, without the request, the template and serialization around it: what
    # the database contributes to the figures above (their remainder is Python, the same on both).
    register = selectors.register
    filters = selectors.RegisterFilters
    figures["db_register_first_page"] = percentiles(lambda: list(register(org, filters())[:51]))
    figures["db_keyset_deep"] = percentiles(
        lambda: list(register(org, filters()).filter(number__gt="B-PRO-40000")[:51])
    )
    for name, q in (
        ("title_word", "容量管理"),
        ("text_only_word", "k123"),
        ("no_match", "nothing-like-this"),
    ):
        figures[f"db_search_{name}"] = percentiles(lambda q=q: list(register(org, filters(q=q))[:51]))
    return figures
