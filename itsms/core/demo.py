"""The demo organization: a Chongqing IT service company, with a login per role.

Idempotent: every object is looked up by a natural key first and created through the services only
when missing, so `seed_demo` can run on every `make run`. Later areas add their own `demo.py` with a
`seed(ctx)` function; the command calls them in INSTALLED_APPS order after this one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from . import services
from .models import Department, Membership, Organization, Person, Position, Role, User

DEMO_PASSWORD = "itsms-demo-2026"
DEMO_SLUG = "yunlan"
DEMO_ZONE = "Asia/Shanghai"
SECOND_SLUG = "yuxin"
# The legal name, used identically in the scope, the policy, the manual and the letters.
LEGAL_NAME_ZH = "重庆云澜信息技术有限公司"
LEGAL_NAME_EN = "Chongqing Yunlan Information Technology Co., Ltd."

# code, Chinese name, English name, parent code, responsibilities
DEPARTMENTS = [
    ("GM", "总经办", "General Manager's Office", None, "公司战略、资源保障、管理评审"),
    ("QA", "质量与体系部", "Quality and Management System", "GM", "ITSMS 建立与维护、内部审核、文件控制"),
    ("OPS", "运维服务部", "IT Operations", "GM", "基础设施运维、监控、变更实施"),
    ("SD", "服务台", "Service Desk", "OPS", "事件与服务请求受理、客户沟通"),
    ("NET", "网络与基础设施组", "Network and Infrastructure", "OPS", "网络、服务器、机房"),
    ("APP", "应用支持部", "Application Support", "GM", "应用系统支持、问题管理"),
    ("DEV", "研发部", "Development", "GM", "软件开发、发布"),
    ("BIZ", "商务部", "Business Relations", "GM", "客户关系、服务级别协议、满意度"),
    ("PUR", "采购部", "Procurement", "GM", "供应商管理、合同"),
    ("HR", "人力资源部", "Human Resources", "GM", "招聘、培训、能力记录"),
    ("FIN", "财务部", "Finance", "GM", "服务预算与核算"),
]

# position name, department code
POSITIONS = [
    ("总经理", "GM"),
    ("管理者代表", "QA"),
    ("体系专员", "QA"),
    ("文控专员", "QA"),
    ("运维经理", "OPS"),
    ("运维工程师", "OPS"),
    ("服务台主管", "SD"),
    ("服务台坐席", "SD"),
    ("网络工程师", "NET"),
    ("应用支持工程师", "APP"),
    ("研发经理", "DEV"),
    ("客户经理", "BIZ"),
    ("采购专员", "PUR"),
    ("人事专员", "HR"),
    ("会计", "FIN"),
]

# full name, employee no., department code, position, e-mail, login (username, roles) or None
PEOPLE: list[tuple[str, str, str, str, str, tuple[str, list[str]] | None]] = [
    ("刘建国", "YL001", "GM", "总经理", "liu.jianguo@yunlan.example", ("topmgmt", [Role.TOP_MANAGEMENT])),
    (
        "王芳",
        "YL002",
        "QA",
        "管理者代表",
        "wang.fang@yunlan.example",
        ("mr", [Role.MANAGEMENT_REP, Role.WORKING_GROUP, Role.INTERNAL_AUDITOR]),
    ),
    (
        "陈静",
        "YL003",
        "QA",
        "文控专员",
        "chen.jing@yunlan.example",
        ("doccontrol", [Role.DOCUMENT_CONTROLLER, Role.WORKING_GROUP]),
    ),
    (
        "赵磊",
        "YL004",
        "QA",
        "体系专员",
        "zhao.lei@yunlan.example",
        ("admin", [Role.ORG_ADMIN, Role.WORKING_GROUP]),
    ),
    (
        "孙伟",
        "YL005",
        "OPS",
        "运维经理",
        "sun.wei@yunlan.example",
        ("deptmgr", [Role.DEPARTMENT_MANAGER, Role.WORKING_GROUP]),
    ),
    (
        "周敏",
        "YL006",
        "APP",
        "应用支持工程师",
        "zhou.min@yunlan.example",
        ("auditor", [Role.INTERNAL_AUDITOR, Role.STAFF]),
    ),
    ("吴强", "YL007", "OPS", "运维工程师", "wu.qiang@yunlan.example", ("staff", [Role.STAFF])),
    (
        "郑丽",
        "YL008",
        "SD",
        "服务台坐席",
        "zheng.li@yunlan.example",
        ("agent", [Role.SERVICE_AGENT, Role.STAFF]),
    ),
    ("黄涛", "YL009", "SD", "服务台主管", "huang.tao@yunlan.example", None),
    ("何洁", "YL010", "NET", "网络工程师", "he.jie@yunlan.example", None),
    ("马超", "YL011", "DEV", "研发经理", "ma.chao@yunlan.example", None),
    ("林娜", "YL012", "BIZ", "客户经理", "lin.na@yunlan.example", None),
    ("高飞", "YL013", "PUR", "采购专员", "gao.fei@yunlan.example", None),
    ("罗婷", "YL014", "HR", "人事专员", "luo.ting@yunlan.example", None),
    ("梁宇", "YL015", "FIN", "会计", "liang.yu@yunlan.example", None),
    ("宋佳", "YL016", "OPS", "运维工程师", "song.jia@yunlan.example", None),
]

# Logins that are not employees: the consultant (member of two organizations), a customer, an external auditor.
OUTSIDERS: list[tuple[str, str, str, list[str]]] = [
    (
        "consultant",
        "张顾问 (Consultant)",
        "consultant@advisory.example",
        [Role.WORKING_GROUP, Role.INTERNAL_AUDITOR],
    ),
    ("customer", "重庆智慧物流 (Customer)", "it@cq-logistics.example", [Role.CUSTOMER]),
    ("extauditor", "审核员 李 (External auditor)", "auditor@cert-body.example", [Role.EXTERNAL_AUDITOR]),
]


@dataclass
class DemoContext:
    organization: Organization
    second_organization: Organization
    users: dict[str, User] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)


def _org(slug: str, name_zh: str, name_en: str) -> Organization:
    existing = Organization.objects.filter(slug=slug).first()
    return existing or services.organization_create(actor=None, slug=slug, name_zh=name_zh, name_en=name_en)


def _user(username: str, email: str, display_name: str) -> User:
    existing = User.objects.filter(username=username).first()
    return existing or services.user_create(
        username=username, email=email, password=DEMO_PASSWORD, display_name=display_name
    )


def _member(org: Organization, user: User, roles: list[str], person: Person | None = None) -> None:
    if not Membership.objects.filter(organization=org, user=user).exists():
        # An external auditor's access must end; the demo's lasts well past the seeding day.
        until = timezone.now() + dt.timedelta(days=540) if Role.EXTERNAL_AUDITOR in roles else None
        services.membership_add(
            actor=None, organization=org, user=user, roles=roles, person=person, valid_until=until
        )


@transaction.atomic
def seed() -> DemoContext:
    org = _org(DEMO_SLUG, LEGAL_NAME_ZH, LEGAL_NAME_EN)
    second = _org(SECOND_SLUG, "重庆渝信数据服务有限公司", "Chongqing Yuxin Data Services Co., Ltd.")
    ctx = DemoContext(organization=org, second_organization=second)

    for code, name, name_en, parent, duties in DEPARTMENTS:
        dept = Department.objects.filter(organization=org, code=code).first()
        if dept is None:
            dept = services.department_create(
                actor=None,
                organization=org,
                code=code,
                name=name,
                name_en=name_en,
                parent=ctx.departments[parent] if parent else None,
                description=duties,
            )
        ctx.departments[code] = dept

    positions: dict[str, Position] = {}
    for name, dept_code in POSITIONS:
        dept = ctx.departments[dept_code]
        pos = Position.objects.filter(organization=org, department=dept, name=name).first()
        positions[name] = pos or services.position_create(
            actor=None, organization=org, name=name, department=dept
        )

    for full_name, number, dept_code, position, email, login in PEOPLE:
        person = Person.objects.filter(organization=org, employee_no=number).first()
        if person is None:
            person = services.person_create(
                actor=None,
                organization=org,
                full_name=full_name,
                employee_no=number,
                email=email,
                department=ctx.departments[dept_code],
                position=positions[position],
                is_active=True,
            )
        ctx.people[number] = person
        if login is not None:
            username, roles = login
            user = _user(username, email, full_name)
            ctx.users[username] = user
            _member(org, user, roles, person)

    for username, display, email, roles in OUTSIDERS:
        user = _user(username, email, display)
        ctx.users[username] = user
        _member(org, user, roles)
    # The consultant also serves a second client, so the organization switcher has something to switch.
    _member(second, ctx.users["consultant"], [Role.ORG_ADMIN, Role.WORKING_GROUP])
    if not Department.objects.filter(organization=second).exists():
        services.department_create(
            actor=None,
            organization=second,
            code="OPS",
            name="数据中心运维部",
            name_en="Data Centre Operations",
        )
    return ctx


def demo_logins() -> list[tuple[str, str]]:
    """(username, roles) for the message `make run` prints."""
    rows = []
    for m in (
        Membership.objects.filter(organization__slug=DEMO_SLUG)
        .select_related("user")
        .order_by("user__username")
    ):
        rows.append((m.user.username, ", ".join(str(label) for label in m.role_labels())))
    return rows
