"""Demo data: the diagnosis of the demo organization against ISO/IEC 20000-1, dated: planned in week 3,
fieldwork (sessions, interviews, assessments) in weeks 3 to 6 by the management representative (team lead)
with the consultant, the report signed by the team lead and issued at the end of week 7.

About a third of the requirements show a gap; the "does not conform" ones raised nonconformities, each with
its own statement. Idempotent: no step is added when the demo diagnosis exists.
"""

from __future__ import annotations

from typing import Any

from itsms.catalogue.constants import ISO20000_URN
from itsms.catalogue.models import Standard
from itsms.core.demo import DemoContext
from itsms.core.demo_clock import Timeline

from . import services
from .models import DiagnosisProject, DiagnosisStatus
from .selectors import scope_requirements

TITLE = "ITSMS初始诊断"
# Departments that own the gaps, in turn; documents the gaps call for, by clause prefix.
GAP_DEPARTMENTS = ["QA", "OPS", "SD", "APP", "BIZ", "PUR", "HR"]
DOCUMENTS = {
    "4": ("new", "组织环境与相关方分析"),
    "5": ("revise", "IT服务管理方针"),
    "6": ("new", "风险与机会管理程序"),
    "7": ("new", "文件化信息控制程序"),
    "8": ("new", "服务运行控制程序"),
    "9": ("new", "内部审核程序"),
    "10": ("new", "不符合与纠正措施程序"),
}


def steps(ctx: DemoContext, timeline: Timeline) -> None:
    org = ctx.organization
    if DiagnosisProject.objects.filter(organization=org, title=TITLE).exists():
        return
    deps = ctx.departments
    lead = ctx.users.get("mr")
    state: dict[str, DiagnosisProject] = {}

    def add(section: str, **values: Any) -> None:
        services.diagnosis_item_create(
            actor=lead, organization=org, project=state["p"], section=section, **values
        )

    def plan() -> None:
        standard = Standard.objects.get(urn=ISO20000_URN)
        state["p"] = services.diagnosis_create(
            actor=lead,
            organization=org,
            title=TITLE,
            standards=[standard],
            departments=[deps[c] for c in ("GM", "QA", "OPS", "SD", "APP", "BIZ", "PUR", "HR")],
            processes="服务级别管理\n事件管理\n服务请求管理\n问题管理\n变更管理\n供应商管理",
            aims="了解现行管理与 ISO/IEC 20000-1 的符合程度、差距及其原因。",
        )
        add("basis", kind="standard", title="ISO/IEC 20000-1:2018 信息技术 服务管理 第1部分")
        add("basis", kind="contract", title="重庆某银行运维服务合同", reference="HT-2025-018")
        add("basis", kind="internal_rule", title="运维值班管理制度", reference="YL-ZD-03")
        add("basis", kind="law", category="safety", title="中华人民共和国网络安全法")
        add("basis", kind="law", category="labour", title="中华人民共和国劳动合同法")
        add(
            "supplementary",
            title="客户数据安全要求",
            text="按银行客户要求执行数据分级与访问审批。",
            origin="合同 HT-2025-018",
        )
        add("team", external_name="李明", role="consultant", affiliation="重庆某管理咨询有限公司")
        add(
            "team",
            person=ctx.people["YL002"],
            role="internal_auditor",
            affiliation="质量与体系部",
            is_lead=True,
        )
        services.checklist_generate(actor=lead, organization=org, project=state["p"])

    def on_site() -> None:
        services.diagnosis_transition(
            actor=lead, organization=org, project=state["p"], target=DiagnosisStatus.ON_SITE
        )
        add(
            "session",
            date=timeline.work(16).date(),
            place="总经办会议室",
            departments=[deps["GM"], deps["QA"]],
        )

    def fieldwork_ops() -> None:
        day = timeline.work(22).date()
        add("session", date=day, place="运维服务部", departments=[deps["OPS"], deps["SD"]])
        add(
            "interview",
            person=ctx.people["YL005"],
            role="运维经理",
            held_on=day,
            notes="变更多为口头审批,无记录。",
        )
        add("record", title="上一年度事件工单导出", notes="约三成工单无关闭确认。")
        add("observation", text="机房巡检记录缺少上月记录。", department=deps["NET"], observed_on=day)
        add("document", code="YL-ZD-03", title="运维值班管理制度", notes="现行,需按标准修订")

    raised_docs: set[str] = set()

    def assess(batch: int, batches: int) -> None:
        project = state["p"]
        for i, req in enumerate(scope_requirements(project)):
            if i % batches != batch:
                continue
            if i % 3 != 1:
                services.assessment_save(
                    actor=lead,
                    organization=org,
                    project=project,
                    requirement=req,
                    result="conforms",
                    evidence="现场查看记录",
                )
                continue
            top = req.clause.ref_id.split(".")[0]
            action, title = DOCUMENTS.get(top, ("new", "管理程序"))
            needs_document = title not in raised_docs
            raised_docs.add(title)
            services.assessment_save(
                actor=lead,
                organization=org,
                project=project,
                requirement=req,
                result="does_not_conform" if i % 2 else "partly",
                # Each finding (and so the statement of the nonconformity it raises) says what it is about.
                gap=f"{req.ref}:未见“{(req.text_zh or req.text).rstrip('。.')}”的实施证据或记录。",
                cause="尚未建立相应的程序和记录。",
                department=deps[GAP_DEPARTMENTS[i % len(GAP_DEPARTMENTS)]],
                document_action=action if needs_document else "",
                document_title=title if needs_document else "",
                nonconformity_grade="minor" if i % 2 else "",
            )

    def report() -> None:
        services.diagnosis_update(
            actor=lead,
            organization=org,
            project=state["p"],
            conclusion="约三分之一的要求存在差距,主要集中在文件化信息和运行控制;建议按文件清单编写程序后试运行。",
        )
        services.diagnosis_transition(
            actor=lead, organization=org, project=state["p"], target=DiagnosisStatus.REPORTING
        )

    def sign() -> None:
        services.diagnosis_report_sign(actor=lead, organization=org, project=state["p"])

    def issue() -> None:
        services.diagnosis_transition(
            actor=lead, organization=org, project=state["p"], target=DiagnosisStatus.ISSUED
        )

    timeline.add(timeline.work(14, 10), "diagnosis: planned", plan)
    timeline.add(timeline.work(16, 9), "diagnosis: on site", on_site)
    timeline.add(timeline.work(22, 9, 30), "diagnosis: operations fieldwork", fieldwork_ops)
    batches = 8
    for batch, day in enumerate((17, 18, 23, 24, 29, 30, 35, 36)):
        timeline.add(
            timeline.work(day, 15),
            f"diagnosis: assessments {batch + 1}",
            lambda b=batch: assess(b, batches),  # type: ignore[misc]
        )
    timeline.add(timeline.work(39, 10), "diagnosis: report written", report)
    timeline.add(timeline.work(43, 11), "diagnosis: report signed by the team lead", sign)
    timeline.add(timeline.work(43, 14), "diagnosis: report issued", issue)
