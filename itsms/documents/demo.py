"""Demo document control, dated: the inventory of old documents and the register in month 2-3, the manual
and about twenty procedures drafted by the document controller (陈静), reviewed by the management
representative in the internal review and the external check, approved by the general manager, released
effective two working days after approval, copies acknowledged over the following days (some readers late),
forms, record types and external standards; the briefing at the start of the trial run (month 6), the old
duty rules withdrawn with their recall list, revisions during the trial run, a procedure in review and one in
draft, and open writing tasks.

Idempotent: no step is added once the manual exists. Everything goes through the services, acted and
signed by the demo logins.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from itsms.catalogue.constants import ISO20000_URN
from itsms.catalogue.models import DocumentedInfo
from itsms.catalogue.selectors import requirements_for, standard_by_urn
from itsms.core.demo import LEGAL_NAME_ZH, DemoContext
from itsms.core.demo_clock import Timeline
from itsms.core.models import User

from . import services
from .models import (
    BriefingCampaign,
    Decision,
    DocType,
    Document,
    Meaning,
    Receipt,
    Revision,
    RevStatus,
    TargetKind,
)

# Who acts: the document controller writes, the management representative reviews, the general manager
# approves (编制–审核–批准).
AUTHOR, REVIEWER, APPROVER = "doccontrol", "mr", "topmgmt"
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
        f"## 2 范围\n\n适用于{LEGAL_NAME_ZH}服务管理体系范围内的全部服务。"
        f"对应 ISO/IEC 20000-1 条款：{clauses}。\n\n"
        "## 3 职责\n\n- **归口部门**：负责本程序的制定、实施与改进。\n- **相关部门**：按本程序执行并保留记录。\n\n"
        "## 4 工作程序\n\n1. 识别输入并记录。\n2. 评估与审批。\n3. 实施并验证结果。\n4. 关闭并归档记录。\n\n"
        f"## 5 记录\n\n按本程序所列记录保存。{edition_note}\n"
    )


def _manual_text(title: str, refs: list[str]) -> str:
    return (
        f"# {LEGAL_NAME_ZH} {title}\n\n## 0 公司简介\n\n{LEGAL_NAME_ZH}为外部客户提供IT基础设施运维、"
        "应用系统运维及服务台服务。\n\n" + _text(title, refs).split("\n", 2)[2]
    )


class _Docs:
    """Steps of the document area; records are looked up by title when a step runs."""

    def __init__(self, ctx: DemoContext, timeline: Timeline) -> None:
        self.ctx, self.t, self.org = ctx, timeline, ctx.organization
        self.author = ctx.users[AUTHOR]
        self.reviewer = ctx.users[REVIEWER]
        self.approver = ctx.users[APPROVER]

    def doc(self, title: str) -> Document:
        return Document.objects.get(organization=self.org, title=title)

    def latest(self, title: str) -> Revision:
        return self.doc(title).revisions.order_by("-pk").first()  # type: ignore[return-value]

    def add(self, day: int, hour: int, name: str, run: Any, minute: int = 0) -> None:
        self.t.add(self.t.work(day, hour, minute), f"documents: {name}", run)

    def register(self, day: int, title: str, doc_type: str, dept: str, refs: list[str], **extra: Any) -> None:
        def run() -> None:
            standard = standard_by_urn(ISO20000_URN)
            requirements = list(requirements_for(standard, refs)) if standard is not None and refs else []
            info = (
                list(DocumentedInfo.objects.filter(standard=standard, clause__ref_id__in=refs, retired=False))
                if standard is not None and refs
                else []
            )
            values: dict[str, Any] = {}
            if doc_type != DocType.EXTERNAL:
                values = {"author": self.ctx.people.get("YL003"), "approver": self.ctx.people.get("YL001")}
            services.document_create(
                actor=self.author,
                organization=self.org,
                title=title,
                doc_type=doc_type,
                owner_department=self.ctx.departments[dept],
                requirements=requirements,
                documented_info=info,
                **values,
                **extra,
            )

        self.add(day, 10, f"{title} registered", run)

    def distribute(self, day: int, title: str, departments: list[str], location: str = "") -> None:
        def run() -> None:
            document = self.doc(title)
            for code in departments:
                services.distribution_add(
                    actor=self.author,
                    organization=self.org,
                    document=document,
                    kind=TargetKind.DEPARTMENT,
                    department=self.ctx.departments[code],
                )
            if location:
                services.distribution_add(
                    actor=self.author,
                    organization=self.org,
                    document=document,
                    kind=TargetKind.LOCATION,
                    location=location,
                )

        self.add(day, 10, f"{title} distribution list", run, 30)

    def draft(self, day: int, title: str, text: str, summary: str = "") -> None:
        def run() -> None:
            rev = services.revision_start(
                actor=self.author, organization=self.org, document=self.doc(title), change_summary=summary
            )
            services.revision_save(
                actor=self.author,
                organization=self.org,
                revision=rev,
                version=rev.version,
                text=text,
                change_summary=summary,
            )

        self.add(day, 14, f"{title} drafted", run)

    def move(self, day: int, hour: int, title: str, target: str, actor: User) -> None:
        self.add(
            day,
            hour,
            f"{title} to {target}",
            lambda: services.revision_move(
                actor=actor, organization=self.org, revision=self.latest(title), target=target
            ),
        )

    def review(self, day: int, hour: int, title: str) -> None:
        self.add(
            day,
            hour,
            f"{title} reviewed",
            lambda: services.revision_sign(
                actor=self.reviewer,
                organization=self.org,
                revision=self.latest(title),
                meaning=Meaning.REVIEWED,
            ),
        )

    def release(
        self, day: int, title: str, text: str, summary: str = "", late: tuple[str, ...] = LATE_READERS
    ) -> int:
        """Draft → internal review (reviewed) → external check (reviewed) → approval (signed) → released,
        effective two working days after the approval; copies acknowledged from the following days.
        Returns the day of the release."""
        w = self.t.workday
        self.draft(w(day), title, text, summary)
        self.move(w(day, 1), 10, title, RevStatus.INTERNAL_REVIEW, self.author)
        self.review(w(day, 2), 15, title)
        self.move(w(day, 2), 16, title, RevStatus.EXTERNAL_CHECK, self.author)
        self.review(w(day, 3), 11, title)
        self.move(w(day, 3), 14, title, RevStatus.APPROVAL, self.author)
        approved = self.t.work(w(day, 4), 16)
        effective = self.t.day(w(day, 6))

        def approve() -> None:
            services.revision_sign(
                actor=self.approver,
                organization=self.org,
                revision=self.latest(title),
                meaning=Meaning.APPROVED,
                effective_date=effective,
            )

        self.t.add(approved, f"documents: {title} approved", approve)
        release_day = (approved.date() - self.t.start).days

        def acknowledge(first: bool) -> None:
            revision = self.doc(title).current_revision
            skip = {u.pk for u in _users(self.ctx, *late)}
            receipts = Receipt.objects.filter(
                revision=revision,
                acknowledged_at__isnull=True,
                ended_at__isnull=True,
                recipient__isnull=False,
            ).order_by("pk")
            for i, receipt in enumerate(receipts):
                if receipt.recipient_id in skip or (i % 2 == 0) != first:
                    continue
                services.receipt_acknowledge(actor=receipt.recipient, organization=self.org, receipt=receipt)  # type: ignore[arg-type]

        self.add(w(release_day, 1), 10, f"{title} copies acknowledged", lambda: acknowledge(True))
        self.add(w(release_day, 3), 15, f"{title} copies acknowledged", lambda: acknowledge(False))
        return release_day


def _users(ctx: DemoContext, *names: str) -> list[User]:
    return [ctx.users[n] for n in names if n in ctx.users]


def steps(ctx: DemoContext, timeline: Timeline) -> None:
    org = ctx.organization
    if APPROVER not in ctx.users or Document.objects.filter(organization=org, title=MANUAL[0]).exists():
        return
    d = _Docs(ctx, timeline)

    # Month 2: the inventory of existing documents (1.5.2).
    def inventory() -> None:
        for title, reference, holder, decision, note in INVENTORY:
            item = services.inventory_item_create(
                actor=d.author,
                organization=org,
                title=title,
                reference=reference,
                holder=ctx.departments[holder],
            )
            if decision != Decision.PENDING:
                services.inventory_item_decide(
                    actor=d.reviewer, organization=org, item=item, decision=decision, note=note
                )

    d.add(69, 10, "inventory", inventory)

    # External standards, registered and released as controlled copies.
    for i, (title, publisher, version) in enumerate(EXTERNAL):
        d.register(
            72,
            title,
            DocType.EXTERNAL,
            "QA",
            [],
            publisher=publisher,
            external_version=version,
            review_interval_months=24,
        )
        d.release(73 + i, title, f"外来文件，原件由质量与体系部保存。版本：{version}。")

    # The manual.
    title, refs, dept = MANUAL
    d.register(74, title, DocType.MANUAL, dept, refs)
    d.distribute(74, title, ["GM", "QA", "OPS", "SD", "APP"], "服务台值班室")
    d.release(84, title, _manual_text(title, refs))

    # The procedures, drafted one after the other.
    for k, (title, refs, dept, state) in enumerate(PROCEDURES):
        extra = {"review_interval_months": 6} if state == "overdue" else {}
        d.register(75 + k // 8, title, DocType.PROCEDURE, dept, refs, **extra)
        d.distribute(75 + k // 8, title, [dept])
        text = _text(title, refs)
        if state == "draft":
            d.draft(timeline_last(timeline) - 12, title, text, "初稿")
            continue
        if state == "review":
            day = timeline.workday(timeline_last(timeline) - 25 - k)
            d.draft(day, title, text, "初稿")
            d.move(timeline.workday(day, 1), 10, title, RevStatus.INTERNAL_REVIEW, d.author)
            d.add(
                timeline.workday(day, 3),
                11,
                f"{title} commented",
                lambda t=title: services.comment_add(
                    actor=ctx.users.get("deptmgr"),
                    organization=org,
                    revision=d.latest(t),
                    text="请补充与供应商的接口和升级时限。",
                ),
            )
            continue
        released = d.release(88 + 3 * k, title, text, "初稿")
        if state == "revised":
            d.release(
                230 + 5 * k,
                title,
                _text(title, refs, "记录保存期限调整为三年。"),
                "调整记录保存期限",
                late=(*LATE_READERS, "deptmgr"),
            )
        elif state == "withdrawn":
            d.add(
                max(released + 10, 190),
                11,
                f"{title} withdrawn",
                lambda t=title: services.document_withdraw(
                    actor=d.author,
                    organization=org,
                    document=d.doc(t),
                    reason="由事件管理程序与值班作业指导书替代。",
                ),
            )
        if title == "事件管理程序":
            d.add(max(released + 2, 170), 11, "incident records", lambda p=title: _records(ctx, d, d.doc(p)))

    # Forms and record types (work documents), after the procedures that call for them.
    for i, title in enumerate(FORMS):
        d.register(150, title, DocType.FORM, "QA", [])
        d.release(160 + i, title, f"# {title}\n\n| 字段 | 说明 |\n\n- 编号\n- 日期\n- 处理人\n")
    for i, title in enumerate(RECORD_TYPES):
        d.register(150, title, DocType.RECORD_TYPE, "QA", [])
        d.release(160 + i, title, f"# {title}\n\n保存期限：3年。")

    # The briefing at the start of the trial run (1.6.1): half the people have read it.
    def briefing() -> None:
        titles = [MANUAL[0], "事件管理程序", "服务请求管理程序", "变更管理程序"]
        services.campaign_create(
            actor=d.author,
            organization=org,
            title=BRIEFING,
            due_date=timeline.work(199).date(),
            documents=list(Document.objects.filter(organization=org, title__in=titles, status="released")),
            departments=[ctx.departments[c] for c in ("SD", "OPS")],
        )

    def briefing_read() -> None:
        campaign = BriefingCampaign.objects.get(organization=org, title=BRIEFING)
        for receipt in (
            campaign.receipts.filter(recipient__isnull=False).select_related("recipient").order_by("pk")[::2]
        ):
            if receipt.acknowledged_at is None:
                services.receipt_acknowledge(actor=receipt.recipient, organization=org, receipt=receipt)  # type: ignore[arg-type]

    d.add(183, 10, "briefing", briefing)
    d.add(186, 15, "briefing read", briefing_read)

    # Open writing tasks, assigned by the management representative a few weeks ago.
    def assignments() -> None:
        for title, kind, person, days in ASSIGNMENTS:
            services.writing_assignment_create(
                actor=d.reviewer,
                organization=org,
                title=title,
                kind=kind,
                assignee=ctx.people.get(person),
                due_date=timeline.today + dt.timedelta(days=days),
                source="demo",
                source_ref=title,
            )

    d.add(timeline_last(timeline) - 20, 10, "writing tasks", assignments)


def timeline_last(timeline: Timeline) -> int:
    """The project day a few days before the seeding day."""
    return (timeline.today - timeline.start).days - 3


def _records(ctx: DemoContext, d: _Docs, procedure: Document) -> None:
    org = ctx.organization
    by_title = {
        d.title: d for d in Document.objects.filter(organization=org, title__in=[*FORMS, *RECORD_TYPES])
    }
    services.record_add(
        actor=d.author,
        organization=org,
        document=procedure,
        name="事件记录",
        record_type=by_title.get("事件记录"),
        form=by_title.get("事件记录单"),
        kept_at="ITSM 系统",
        retention="3年",
        owner_department=ctx.departments["SD"],
    )
