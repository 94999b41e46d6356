"""Demo document control: the manual and about twenty procedures (most released with signatures, a few in
review or draft, one withdrawn), forms and record types, external standards, distribution lists with some
receipts acknowledged and some not, a briefing in progress, writing tasks and the inventory of old documents.

Idempotent: each document is found by its title, the briefing and inventory items by theirs, writing tasks by
their source reference; whatever exists is left as it is. Everything goes through the services (actor=None,
except signatures, which need the signer's login).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from itsms.catalogue.constants import ISO20000_URN
from itsms.catalogue.models import DocumentedInfo
from itsms.catalogue.selectors import requirements_for, standard_by_urn
from itsms.core.demo import DemoContext
from itsms.core.models import User

from . import services
from .models import (
    BriefingCampaign,
    Decision,
    DocType,
    Document,
    InventoryItem,
    Meaning,
    Receipt,
    Revision,
    RevStatus,
    TargetKind,
)

# Who signs: the management representative reviews, the general manager approves (编制–审核–批准).
REVIEWER, APPROVER = "mr", "topmgmt"
# Logins that leave their copies unacknowledged, so the reminders have someone to remind.
LATE_READERS = ("staff", "agent")

MANUAL = ("IT服务管理手册", ["4", "5", "6", "7.5"], "GM")
# title, clause refs answered, owner department, state: released / revised (A/1) / review / draft /
# withdrawn / overdue (released 14 months ago: review due)
PROCEDURES: list[tuple[str, list[str], str, str]] = [
    ("文件化信息控制程序", ["7.5"], "QA", "revised"),
    ("组织环境与相关方管理程序", ["4.1", "4.2"], "QA", "released"),
    ("风险与机会管理程序", ["6.1"], "QA", "released"),
    ("服务管理目标管理程序", ["6.2"], "QA", "released"),
    ("人力资源与能力管理程序", ["7.2", "7.3"], "HR", "released"),
    ("沟通管理程序", ["7.4"], "QA", "released"),
    ("服务组合与服务目录管理程序", ["8.2"], "BIZ", "released"),
    ("资产与配置管理程序", ["8.2.5", "8.2.6"], "OPS", "overdue"),
    ("业务关系管理程序", ["8.3.1", "8.3.2"], "BIZ", "released"),
    ("服务级别管理程序", ["8.3.3"], "BIZ", "revised"),
    ("供应商管理程序", ["8.3.4"], "PUR", "released"),
    ("服务预算与核算程序", ["8.4.1"], "FIN", "released"),
    ("容量管理程序", ["8.4.3"], "OPS", "review"),
    ("变更管理程序", ["8.5.1"], "OPS", "released"),
    ("服务设计与转换程序", ["8.5.2"], "DEV", "draft"),
    ("发布与部署管理程序", ["8.5.3"], "DEV", "released"),
    ("事件管理程序", ["8.6.1"], "SD", "released"),
    ("服务请求管理程序", ["8.6.2"], "SD", "released"),
    ("问题管理程序", ["8.6.3"], "APP", "released"),
    ("服务可用性与连续性管理程序", ["8.7.1", "8.7.2"], "OPS", "review"),
    ("信息安全管理程序", ["8.7.3"], "OPS", "released"),
    ("内部审核程序", ["9.2"], "QA", "released"),
    ("管理评审程序", ["9.3"], "GM", "released"),
    ("不符合与纠正措施程序", ["10.1"], "QA", "released"),
    ("运维值班管理制度（旧）", [], "OPS", "withdrawn"),
]
FORMS = ["事件记录单", "服务请求单", "变更申请单", "问题记录单", "内部审核检查表", "文件发放签收记录"]
RECORD_TYPES = ["事件记录", "变更记录", "内部审核报告", "管理评审记录"]
EXTERNAL = [
    (
        "GB/T 24405.1-2009 信息技术 服务管理 第1部分：规范",
        "国家质量监督检验检疫总局 / 国家标准化管理委员会",
        "2009",
    ),
    (
        "GB/T 28827.1-2022 信息技术服务 运行维护 第1部分：通用要求",
        "国家市场监督管理总局 / 国家标准化管理委员会",
        "2022",
    ),
    (
        "GB/T 22080-2016 信息技术 安全技术 信息安全管理体系 要求",
        "国家质量监督检验检疫总局 / 国家标准化管理委员会",
        "2016",
    ),
]
BRIEFING = "试运行文件宣贯（第一批）"
INVENTORY = [
    ("运维值班管理制度", "YL-ZD-03", "OPS", Decision.WITHDRAW, "由事件管理程序与值班作业指导书替代。"),
    ("机房管理规定", "YL-ZD-05", "NET", Decision.REVISE, "按配置管理要求补充资产标签与巡检记录。"),
    ("客户投诉处理办法", "YL-ZD-08", "BIZ", Decision.KEEP, "内容适用，纳入受控文件清单。"),
    ("软件发布检查单", "", "DEV", Decision.PENDING, ""),
]
ASSIGNMENTS = [
    ("服务设计与转换程序", "revise", "YL011", 10),
    ("容量管理程序", "new", "YL005", -5),
    ("值班作业指导书", "new", "YL007", 21),
]


def _text(title: str, refs: list[str], edition_note: str = "") -> str:
    clauses = "、".join(refs) or "—"
    return (
        f"# {title}\n\n## 1 目的\n\n规范{title.removesuffix('程序')}相关活动，确保服务满足要求。\n\n"
        f"## 2 范围\n\n适用于公司服务管理体系范围内的全部服务。对应 ISO/IEC 20000-1 条款：{clauses}。\n\n"
        "## 3 职责\n\n- **归口部门**：负责本程序的制定、实施与改进。\n- **相关部门**：按本程序执行并保留记录。\n\n"
        "## 4 工作程序\n\n1. 识别输入并记录。\n2. 评估与审批。\n3. 实施并验证结果。\n4. 关闭并归档记录。\n\n"
        f"## 5 记录\n\n按本程序所列记录保存。{edition_note}\n"
    )


def _users(ctx: DemoContext, *names: str) -> list[User]:
    return [ctx.users[n] for n in names if n in ctx.users]


def _submit(org: object, rev: Revision, stages: tuple[str, ...]) -> None:
    for target in stages:
        services.revision_move(actor=None, organization=org, revision=rev, target=target)  # type: ignore[arg-type]


def _write(ctx: DemoContext, doc: Document, text: str, summary: str = "") -> Revision:
    org = ctx.organization
    rev = services.revision_start(actor=None, organization=org, document=doc, change_summary=summary)
    return services.revision_save(
        actor=None, organization=org, revision=rev, version=rev.version, text=text, change_summary=summary
    )


def _release(ctx: DemoContext, doc: Document, text: str, effective: dt.date, summary: str = "") -> Revision:
    """Draft → internal review (signed as reviewed) → external check → approval (signed) → released."""
    org = ctx.organization
    rev = _write(ctx, doc, text, summary)
    _submit(org, rev, (RevStatus.INTERNAL_REVIEW,))
    reviewer = ctx.users.get(REVIEWER)
    if reviewer is not None:
        services.revision_sign(actor=reviewer, organization=org, revision=rev, meaning=Meaning.REVIEWED)
    _submit(org, rev, (RevStatus.EXTERNAL_CHECK,))
    if reviewer is not None:  # each review stage needs its own independent review
        services.revision_sign(actor=reviewer, organization=org, revision=rev, meaning=Meaning.REVIEWED)
    _submit(org, rev, (RevStatus.APPROVAL,))
    services.revision_sign(
        actor=ctx.users[APPROVER],
        organization=org,
        revision=rev,
        meaning=Meaning.APPROVED,
        effective_date=effective,
    )
    rev.refresh_from_db()
    return rev


def _acknowledge(ctx: DemoContext, revision: Revision, *, skip: tuple[str, ...] = LATE_READERS) -> None:
    late = {u.pk for u in _users(ctx, *skip)}
    for receipt in Receipt.objects.filter(revision=revision, acknowledged_at__isnull=True).select_related(
        "recipient"
    ):
        if receipt.recipient is not None and receipt.recipient_id not in late:
            services.receipt_acknowledge(
                actor=receipt.recipient, organization=ctx.organization, receipt=receipt
            )


def _document(ctx: DemoContext, title: str, doc_type: str, dept: str, refs: list[str]) -> Document | None:
    """The register entry, created with its mapping; None when it exists already (left as it is)."""
    org = ctx.organization
    if Document.objects.filter(organization=org, title=title).exists():
        return None
    standard = standard_by_urn(ISO20000_URN)
    requirements = list(requirements_for(standard, refs)) if standard is not None and refs else []
    info = (
        list(DocumentedInfo.objects.filter(standard=standard, clause__ref_id__in=refs, retired=False))
        if standard is not None and refs
        else []
    )
    return services.document_create(
        actor=None,
        organization=org,
        title=title,
        doc_type=doc_type,
        owner_department=ctx.departments[dept],
        author=ctx.people.get("YL003"),
        approver=ctx.people.get("YL001"),
        requirements=requirements,
        documented_info=info,
    )


def _procedures(ctx: DemoContext, today: dt.date) -> None:
    org = ctx.organization
    for title, refs, dept, state in PROCEDURES:
        doc = _document(ctx, title, DocType.PROCEDURE, dept, refs)
        if doc is None:
            continue
        services.distribution_add(
            actor=None,
            organization=org,
            document=doc,
            kind=TargetKind.DEPARTMENT,
            department=ctx.departments[dept],
        )
        text = _text(title, refs)
        if state == "draft":
            _write(ctx, doc, text, "初稿")
            continue
        if state == "review":
            rev = _write(ctx, doc, text, "初稿")
            _submit(org, rev, (RevStatus.INTERNAL_REVIEW,))
            services.comment_add(
                actor=ctx.users.get("deptmgr"),
                organization=org,
                revision=rev,
                text="请补充与供应商的接口和升级时限。",
            )
            continue
        effective = today - dt.timedelta(days=425 if state == "overdue" else 60)
        rev = _release(ctx, doc, text, effective)
        _acknowledge(ctx, rev)
        if state == "revised":
            rev = _release(
                ctx,
                doc,
                _text(title, refs, "记录保存期限调整为三年。"),
                today - dt.timedelta(days=10),
                "调整记录保存期限",
            )
            _acknowledge(ctx, rev, skip=(*LATE_READERS, "deptmgr"))
        elif state == "withdrawn":
            services.document_withdraw(
                actor=None, organization=org, document=doc, reason="由事件管理程序替代。"
            )
        if title == "事件管理程序":
            _records(ctx, doc)


def _records(ctx: DemoContext, procedure: Document) -> None:
    org = ctx.organization
    by_title = {
        d.title: d for d in Document.objects.filter(organization=org, title__in=[*FORMS, *RECORD_TYPES])
    }
    services.record_add(
        actor=None,
        organization=org,
        document=procedure,
        name="事件记录",
        record_type=by_title.get("事件记录"),
        form=by_title.get("事件记录单"),
        kept_at="ITSM 系统",
        retention="3年",
        owner_department=ctx.departments["SD"],
    )


def _work_documents(ctx: DemoContext, today: dt.date) -> None:
    for title in FORMS:
        doc = _document(ctx, title, DocType.FORM, "QA", [])
        if doc is not None:
            _release(
                ctx,
                doc,
                f"# {title}\n\n| 字段 | 说明 |\n\n- 编号\n- 日期\n- 处理人\n",
                today - dt.timedelta(days=60),
            )
    for title in RECORD_TYPES:
        doc = _document(ctx, title, DocType.RECORD_TYPE, "QA", [])
        if doc is not None:
            _release(ctx, doc, f"# {title}\n\n保存期限：3年。", today - dt.timedelta(days=60))
    org = ctx.organization
    for title, publisher, version in EXTERNAL:
        if Document.objects.filter(organization=org, title=title).exists():
            continue
        doc = services.document_create(
            actor=None,
            organization=org,
            title=title,
            doc_type=DocType.EXTERNAL,
            owner_department=ctx.departments["QA"],
            publisher=publisher,
            external_version=version,
            review_interval_months=24,
        )
        _release(
            ctx, doc, f"外来文件，原件由质量与体系部保存。版本：{version}。", today - dt.timedelta(days=90)
        )


def _manual(ctx: DemoContext, today: dt.date) -> None:
    org = ctx.organization
    title, refs, dept = MANUAL
    doc = _document(ctx, title, DocType.MANUAL, dept, refs)
    if doc is None:
        return
    for code in ("GM", "QA", "OPS", "SD", "APP"):
        services.distribution_add(
            actor=None,
            organization=org,
            document=doc,
            kind=TargetKind.DEPARTMENT,
            department=ctx.departments[code],
        )
    services.distribution_add(
        actor=None, organization=org, document=doc, kind=TargetKind.LOCATION, location="服务台值班室"
    )
    rev = _release(ctx, doc, _text(title, refs), today - dt.timedelta(days=60))
    _acknowledge(ctx, rev)


def _briefing(ctx: DemoContext, today: dt.date) -> None:
    org = ctx.organization
    if BriefingCampaign.objects.filter(organization=org, title=BRIEFING).exists():
        return
    titles = [MANUAL[0], "事件管理程序", "服务请求管理程序", "变更管理程序"]
    documents = list(Document.objects.filter(organization=org, title__in=titles, status="released"))
    if not documents:
        return
    campaign = services.campaign_create(
        actor=None,
        organization=org,
        title=BRIEFING,
        due_date=today + dt.timedelta(days=14),
        documents=documents,
        departments=[ctx.departments[c] for c in ("SD", "OPS")],
    )
    # Half the people have read it so far: progress per department shows the rest.
    for receipt in (
        campaign.receipts.filter(recipient__isnull=False).select_related("recipient").order_by("pk")[::2]
    ):
        services.receipt_acknowledge(actor=receipt.recipient, organization=org, receipt=receipt)  # type: ignore[arg-type]


def _assignments_and_inventory(ctx: DemoContext, today: dt.date) -> None:
    org = ctx.organization
    for title, kind, person, days in ASSIGNMENTS:
        services.writing_assignment_create(
            actor=None,
            organization=org,
            title=title,
            kind=kind,
            assignee=ctx.people.get(person),
            due_date=today + dt.timedelta(days=days),
            source="demo",
            source_ref=title,
        )
    for title, reference, holder, decision, note in INVENTORY:
        if InventoryItem.objects.filter(organization=org, title=title).exists():
            continue
        item = services.inventory_item_create(
            actor=None, organization=org, title=title, reference=reference, holder=ctx.departments[holder]
        )
        if decision != Decision.PENDING:
            services.inventory_item_decide(
                actor=None, organization=org, item=item, decision=decision, note=note
            )


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    if APPROVER not in ctx.users:
        return
    today = timezone.localdate()
    _manual(ctx, today)
    _work_documents(ctx, today)
    _procedures(ctx, today)
    _briefing(ctx, today)
    _assignments_and_inventory(ctx, today)
