"""Demo data of the system design, dated: committee and working group in week 1, the management
representative's letter signed by the general manager on its date, then (month 2) context, interested
parties, scope, the policy signed by the general manager, objectives with monthly results from the trial
run on, risks and the RACI matrix. Acted by the system administrator (赵磊) and signed by the top manager.

Idempotent: no step is added once the committee has members.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from itsms.catalogue.constants import ISO20000_URN
from itsms.catalogue.models import Requirement
from itsms.catalogue.services import builtin_library_ensure
from itsms.core.demo import LEGAL_NAME_ZH, DemoContext
from itsms.core.demo_clock import Timeline

from . import services
from .models import (
    ContextIssue,
    GroupKind,
    GroupMember,
    InterestedParty,
    Objective,
    Risk,
)

OBJECTIVES = [
    ("服务可用性", Decimal("99.5"), "%", True, "监控系统按月统计核心服务可用时间", "每月"),
    ("事件按时解决率", Decimal("95"), "%", True, "服务台工单系统统计按SLA解决的事件比例", "每月"),
    ("客户满意度", Decimal("90"), "分", True, "季度客户满意度调查平均分", "每季度"),
    ("重大事件数量", Decimal("1"), "起", False, "每月重大事件记录数", "每月"),
    ("变更成功率", Decimal("98"), "%", True, "变更记录中一次成功的比例", "每月"),
    ("员工培训完成率", Decimal("100"), "%", True, "培训计划完成情况", "每季度"),
]
RISKS = [
    ("核心机房单点故障", 2, 5, "建设异地灾备，季度切换演练"),
    ("关键运维人员流失", 3, 4, "AB角制度，知识库沉淀"),
    ("供应商交付延迟", 3, 3, "供应商评价与备选供应商"),
    ("勒索软件攻击", 2, 5, "备份隔离、终端防护、演练"),
    ("客户需求频繁变更", 4, 2, "需求变更评审流程"),
    ("变更导致服务中断", 3, 4, "CAB评审与回退计划"),
    ("容量不足", 2, 3, "季度容量评审"),
    ("文档不同步", 3, 2, "文件控制程序与定期评审"),
    ("云服务新市场机会", 3, 3, "成立专项小组评估"),
    ("自动化运维提升效率", 4, 3, "引入自动化工具试点"),
]
# Clause (top level) -> accountable department code; responsible departments for some clauses.
ACCOUNTABLE = {"4": "QA", "5": "GM", "6": "QA", "7": "HR", "8": "OPS", "9": "QA", "10": "QA"}
RESPONSIBLE = {"8.2": "BIZ", "8.3": "BIZ", "8.4": "FIN", "8.5": "DEV", "8.6": "SD", "8.7": "NET", "7.5": "QA"}


SCOPE_STATEMENT = f"{LEGAL_NAME_ZH}向外部客户提供的IT基础设施运维服务、应用系统运维服务及其服务台服务。"
POLICY_TEXT = f"{LEGAL_NAME_ZH}IT服务管理方针：客户至上，服务为本；规范管理，持续改进；保障安全，稳定可靠。"
OPERATING_DAY = 182


def steps(ctx: DemoContext, timeline: Timeline) -> None:
    org = ctx.organization
    people = ctx.people
    top, mr = people["YL001"], people["YL002"]
    if GroupMember.objects.filter(organization=org).exists():
        return
    admin, topmgmt = ctx.users.get("admin"), ctx.users.get("topmgmt")
    state: dict[str, object] = {}

    def groups() -> None:
        services.group_update(
            actor=admin,
            organization=org,
            kind=GroupKind.COMMITTEE,
            formed_on=timeline.day(1),
            terms_of_reference="决定体系方针和资源，任命管理者代表，处理重大问题，组织管理评审。",
        )
        for number, role in [
            ("YL001", "主任"),
            ("YL002", "副主任"),
            ("YL005", "委员"),
            ("YL011", "委员"),
            ("YL012", "委员"),
        ]:
            services.group_member_add(
                actor=admin,
                organization=org,
                kind=GroupKind.COMMITTEE,
                person=people[number],
                role_in_group=role,
            )
        services.group_update(
            actor=admin,
            organization=org,
            kind=GroupKind.WORKING_GROUP,
            formed_on=timeline.day(2),
            terms_of_reference="协调体系推行，组织文件编写，跟踪进度，每周例会。",
        )
        for number, role in [
            ("YL002", "组长"),
            ("YL004", "专职体系专员"),
            ("YL003", "文控"),
            ("YL005", "运维代表"),
            ("YL006", "应用代表"),
            ("YL009", "服务台代表"),
        ]:
            services.group_member_add(
                actor=admin,
                organization=org,
                kind=GroupKind.WORKING_GROUP,
                person=people[number],
                role_in_group=role,
            )

    def appointment_draft() -> None:
        from .views.design import default_duties

        state["appointment"] = services.appointment_create(
            actor=admin, organization=org, appointee=mr, appointed_by=top, duties=default_duties()
        )

    def appointment_sign() -> None:
        services.appointment_sign(actor=topmgmt, organization=org, appointment=state["appointment"])  # type: ignore[arg-type]

    def context() -> None:
        for kind, title in [
            ("internal", "运维工具分散，数据不统一"),
            ("internal", "关键岗位人员依赖"),
            ("external", "客户对SLA要求提高"),
            ("external", "数据安全法规趋严"),
        ]:
            services.record_create(actor=admin, organization=org, model=ContextIssue, kind=kind, title=title)
        for name, req in [
            ("客户", "服务可用、响应及时、信息安全"),
            ("员工", "培训与职业发展"),
            ("供应商", "按时付款、明确需求"),
            ("监管机构", "遵守数据安全与网络安全法规"),
        ]:
            services.record_create(
                actor=admin, organization=org, model=InterestedParty, name=name, requirements=req
            )

    def scope() -> None:
        services.scope_create(
            actor=admin,
            organization=org,
            services="IT基础设施运维服务；应用系统运维服务；服务台服务",
            locations="重庆市渝北区总部及数据中心",
            statement=SCOPE_STATEMENT,
            units=[ctx.departments[c] for c in ("OPS", "SD", "NET", "APP", "BIZ", "QA")],
        )

    def policy_draft() -> None:
        state["policy"] = services.policy_create(
            actor=admin,
            organization=org,
            signer=top,
            manual_title="IT服务管理手册（第一版）",
            text=POLICY_TEXT,
        )

    def policy_sign() -> None:
        services.policy_sign(actor=topmgmt, organization=org, policy=state["policy"])  # type: ignore[arg-type]

    def objectives() -> None:
        state["objectives"] = [
            services.record_create(
                actor=admin,
                organization=org,
                model=Objective,
                title=title,
                target=target,
                unit=unit,
                higher_is_better=higher,
                owner=people["YL005" if i % 2 else "YL002"],
                method=method,
                frequency=freq,
            )
            for i, (title, target, unit, higher, method, freq) in enumerate(OBJECTIVES)
        ]

    def results(period_end: dt.date, month: int) -> None:
        for objective, (_t, target, _u, higher, _m, _f) in zip(state["objectives"], OBJECTIVES, strict=True):  # type: ignore[call-overload]
            drift = Decimal(month % 3) * (Decimal("0.4") if higher else Decimal("1"))
            value = target + (Decimal("0.3") if higher else Decimal("0")) - drift
            services.objective_result_add(
                actor=admin,
                organization=org,
                objective=objective,
                period_end=period_end,
                value=max(value, Decimal("0")),
            )

    def risks() -> None:
        for i, (title, likelihood, impact, treatment) in enumerate(RISKS):
            services.record_create(
                actor=admin,
                organization=org,
                model=Risk,
                kind="opportunity" if i >= 8 else "risk",
                title=title,
                likelihood=likelihood,
                impact=impact,
                treatment=treatment,
                owner=people["YL002" if i % 2 else "YL005"],
                review_date=timeline.today + dt.timedelta(days=30),
            )

    def raci() -> None:
        builtin_library_ensure("iso-iec-20000-1-2018.yaml")
        reqs = list(
            Requirement.objects.filter(clause__standard__urn=ISO20000_URN, retired=False)
            .select_related("clause")
            .order_by("clause__order", "order")
        )
        cells: dict[tuple[int, int], str] = {}
        # Every requirement gets one accountable department (the 1.4 design is done); responsible
        # departments only where a process is shared, so the hand-offs show.
        for requirement in reqs:
            ref = requirement.clause.ref_id
            top_ref = ref.split(".")[0]
            cells[(ctx.departments[ACCOUNTABLE.get(top_ref, "QA")].pk, requirement.pk)] = "A"
            resp = RESPONSIBLE.get(".".join(ref.split(".")[:2]))
            if resp and resp != ACCOUNTABLE.get(top_ref):
                cells[(ctx.departments[resp].pk, requirement.pk)] = "R"
        services.raci_set(actor=admin, organization=org, cells=cells)

    timeline.add(timeline.work(1, 10), "organization: committee and working group", groups)
    timeline.add(timeline.work(2, 15), "organization: appointment drafted", appointment_draft)
    timeline.add(timeline.work(3, 10, 30), "organization: appointment signed", appointment_sign)
    timeline.add(timeline.work(49, 10), "organization: context and interested parties", context)
    timeline.add(timeline.work(51, 14), "organization: scope", scope)
    timeline.add(timeline.work(53, 11), "organization: policy drafted", policy_draft)
    timeline.add(timeline.work(56, 16), "organization: policy signed", policy_sign)
    timeline.add(timeline.work(58, 10), "organization: objectives", objectives)
    timeline.add(timeline.work(60, 14), "organization: risks and opportunities", risks)
    timeline.add(timeline.work(65, 15), "organization: RACI", raci)
    # Monthly results from the trial run on, entered in the first days of the following month.
    first = timeline.work(OPERATING_DAY).date().replace(day=1)
    month = 0
    while True:
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        entry = dt.datetime.combine(nxt + dt.timedelta(days=2), dt.time(10), tzinfo=timeline.zone)
        while entry.weekday() >= 5:
            entry += dt.timedelta(days=1)
        if entry.date() >= timeline.today:
            break
        period_end = nxt - dt.timedelta(days=1)
        month += 1
        timeline.add(
            entry,
            f"organization: results {period_end}",
            lambda d=period_end, m=month: results(d, m),  # type: ignore[misc]
        )
        first = nxt
