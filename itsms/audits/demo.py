"""Demo data: the nonconformities the diagnosis raised, worked through corrective action with dated steps.

The diagnosis raises them in weeks 3 to 6. After its report (week 7) the departments record corrections,
analyse causes and plan actions; the internal auditor verifies what was done. At the seeding day one is
closed, one was found ineffective and is planned again (due after the seeding day), one is overdue, two are still being analysed;
and three opportunities for improvement are in the register (accepted with an outcome, rejected, proposed).
Idempotent: no step is added when the improvement register has rows.
"""

from __future__ import annotations

from collections.abc import Callable

from itsms.core.demo import DemoContext
from itsms.core.demo_clock import Timeline

from . import services
from .models import Improvement, Nonconformity


def steps(ctx: DemoContext, timeline: Timeline) -> None:
    org = ctx.organization
    if Improvement.objects.filter(organization=org).exists():
        return
    worker = ctx.users.get("deptmgr")
    auditor = ctx.users.get("auditor")
    mr = ctx.users.get("mr")
    top = ctx.users.get("topmgmt")
    owners = [ctx.people["YL005"], ctx.people["YL007"], ctx.people["YL016"]]

    def nc(i: int) -> Nonconformity:
        # The diagnosis's nonconformities in the order they were raised.
        return Nonconformity.objects.filter(organization=org, source="diagnosis").order_by("pk")[i]

    def at(offset: int, hour: int, name: str, run: Callable[[], object]) -> None:
        timeline.add(timeline.work(offset, hour), name, run)

    def correct(i: int, text: str) -> Callable[[], object]:
        return lambda: services.nonconformity_record_correction(
            actor=worker, organization=org, nonconformity=nc(i), correction=text
        )

    def analyse(i: int, category: str, cause: str) -> Callable[[], object]:
        return lambda: services.nonconformity_analyse_cause(
            actor=worker,
            organization=org,
            nonconformity=nc(i),
            why_chain=[
                ("为什么没有相应记录?", "工作人员不知道需要记录"),
                ("为什么不知道?", "没有书面程序,也没有培训"),
                ("为什么没有程序?", "此前未按 ISO/IEC 20000-1 建立管理体系"),
            ],
            cause_category=category,
            root_cause=cause,
        )

    def plan(i: int, owner: int, due_offset: int, text: str) -> Callable[[], object]:
        return lambda: services.nonconformity_plan_action(
            actor=worker,
            organization=org,
            nonconformity=nc(i),
            plan=text,
            owner=owners[owner],
            due=timeline.day(due_offset),
        )

    def implement(i: int, text: str) -> Callable[[], object]:
        return lambda: services.nonconformity_record_implementation(
            actor=worker, organization=org, nonconformity=nc(i), evidence=text
        )

    def verify(i: int, effective: bool, note: str) -> Callable[[], object]:
        return lambda: services.nonconformity_verify(
            actor=auditor, organization=org, nonconformity=nc(i), effective=effective, note=note
        )

    # 0: through to closure.
    at(45, 10, "nonconformity 1: correction", correct(0, "已补录近三个月的变更记录。"))
    at(47, 10, "nonconformity 1: root cause", analyse(0, "process", "缺少变更管理程序及记录模板。"))
    at(49, 10, "nonconformity 1: action planned", plan(0, 0, 90, "编写并发布变更管理程序,培训运维人员。"))
    at(85, 15, "nonconformity 1: implemented", implement(0, "程序 YL-CX-08 已发布,培训签到表见培训记录。"))
    at(100, 10, "nonconformity 1: verified", verify(0, True, "抽查 5 份变更单,均有审批与记录。"))
    at(
        100,
        11,
        "nonconformity 1: closed",
        lambda: services.nonconformity_close(actor=auditor, organization=org, nonconformity=nc(0)),
    )
    # 1: implemented, found ineffective, planned again (still open, not yet due).
    at(46, 10, "nonconformity 2: correction", correct(1, "已补做上月机房巡检。"))
    at(50, 14, "nonconformity 2: root cause", analyse(1, "people", "值班人员不清楚巡检职责。"))
    # Due a month after the seeding day: reopened, it is not overdue.
    later = timeline_days(timeline) + 30
    at(52, 10, "nonconformity 2: action planned", plan(1, 1, later, "在值班制度中明确巡检职责与记录。"))
    at(110, 15, "nonconformity 2: implemented", implement(1, "值班制度已修订。"))
    at(125, 10, "nonconformity 2: not effective", verify(1, False, "修订后仍有两周缺少巡检记录,需增加检查。"))
    # 2: planned and overdue at the seeding day.
    at(48, 10, "nonconformity 3: correction", correct(2, "已补充工单关闭确认。"))
    at(53, 10, "nonconformity 3: root cause", analyse(2, "technology", "工单系统未强制关闭确认。"))
    overdue = timeline.workday(timeline_days(timeline) - 20)
    at(56, 10, "nonconformity 3: action planned", plan(2, 2, overdue, "在工单系统中加入关闭确认步骤。"))
    # 3 and 4: being worked.
    at(57, 10, "nonconformity 4: correction", correct(3, "已临时指定负责人。"))
    at(58, 10, "nonconformity 5: correction", correct(4, "已补齐相关记录。"))
    at(60, 10, "nonconformity 5: root cause", analyse(4, "resources", "人员不足,记录工作被延后。"))

    state: dict[str, Improvement] = {}

    def propose(key: str, title: str, source: str) -> Callable[[], object]:
        def run() -> None:
            state[key] = services.improvement_propose(
                actor=mr, organization=org, title=title, source=source, description=title
            )

        return run

    at(70, 10, "improvement 1: proposed", propose("a", "监控告警自动生成事件工单", "self_reported"))
    at(72, 10, "improvement 2: proposed", propose("b", "服务台 7×24 小时在线", "complaint"))
    at(75, 10, "improvement 3: proposed", propose("c", "知识库按服务分类", "internal_audit"))
    at(
        78,
        10,
        "improvement 1: accepted",
        lambda: services.improvement_decide(
            actor=top, organization=org, improvement=state["a"], accept=True, reason="投入小,可减少漏报。"
        ),
    )
    at(
        78,
        11,
        "improvement 2: rejected",
        lambda: services.improvement_decide(
            actor=top,
            organization=org,
            improvement=state["b"],
            accept=False,
            reason="当前客户合同不要求,成本过高。",
        ),
    )
    at(
        130,
        10,
        "improvement 1: outcome",
        lambda: services.improvement_record_outcome(
            actor=top,
            organization=org,
            improvement=state["a"],
            outcome="告警转工单率 100%,平均响应时间缩短 40%。",
        ),
    )


def timeline_days(timeline: Timeline) -> int:
    """The seeding day as a project day."""
    return (timeline.today - timeline.start).days
