"""The shipped ISO/IEC 20000-1:2018 library against the clause and documented-information tables of the
team's design notes (copied below as they are written there, notes included)."""

import pytest

from itsms.catalogue import selectors
from itsms.catalogue.models import Clause, DocumentedInfo, Requirement, Standard
from itsms.catalogue.services import builtin_library

CLAUSE_TABLE = """
| No. | English title | 中文（常用译名，非官方） |
|---|---|---|
| 4 | Context of the organization | 组织环境 |
| 4.1 | Understanding the organization and its context | 理解组织及其环境 |
| 4.2 | Understanding the needs and expectations of interested parties | 理解相关方的需求和期望 |
| 4.3 | Determining the scope of the service management system | 确定服务管理体系的范围 |
| 4.4 | Service management system | 服务管理体系 |
| 5 | Leadership | 领导作用 |
| 5.1 | Leadership and commitment | 领导作用和承诺 |
| 5.2 | Policy | 方针 |
| 5.2.1 | Establishing the service management policy | 制定服务管理方针 |
| 5.2.2 | Communicating the service management policy | 沟通服务管理方针 |
| 5.3 | Organizational roles, responsibilities and authorities | 组织的岗位、职责和权限 |
| 6 | Planning | 策划 |
| 6.1 | Actions to address risks and opportunities (no sub-clauses) | 应对风险和机遇的措施 |
| 6.2 | Service management objectives and planning to achieve them | 服务管理目标及其实现的策划 |
| 6.2.1 | Establish objectives (**verify**; third-party sites paraphrase it) | 建立目标 |
| 6.2.2 | Plan to achieve objectives (**verify**) | 策划目标的实现 |
| 6.3 | Plan the service management system (the service management plan) | 策划服务管理体系 |
| 7 | Support of the service management system | 服务管理体系的支持 |
| 7.1 | Resources | 资源 |
| 7.2 | Competence | 能力 |
| 7.3 | Awareness | 意识 |
| 7.4 | Communication | 沟通 |
| 7.5 | Documented information | 文件化信息（亦作"成文信息"） |
| 7.5.1 | General | 总则 |
| 7.5.2 | Creating and updating documented information (**verify**: ISO 27001 and ISO 9001 say only "Creating and updating") | 创建和更新文件化信息 |
| 7.5.3 | Control of documented information | 文件化信息的控制 |
| 7.5.4 | Service management system documented information | 服务管理体系文件化信息 |
| 7.6 | Knowledge | 知识 |
| 8 | Operation of the service management system | 服务管理体系的运行 |
| 8.1 | Operational planning and control | 运行策划和控制 |
| 8.2 | Service portfolio | 服务组合 |
| 8.2.1 | Service delivery | 服务交付 |
| 8.2.2 | Plan the services | 策划服务 |
| 8.2.3 | Control of parties involved in the service lifecycle | 服务生命周期中参与方的控制 |
| 8.2.4 | Service catalogue management | 服务目录管理 |
| 8.2.5 | Asset management | 资产管理 |
| 8.2.6 | Configuration management | 配置管理 |
| 8.3 | Relationship and agreement | 关系和协议 |
| 8.3.1 | General | 总则 |
| 8.3.2 | Business relationship management | 业务关系管理 |
| 8.3.3 | Service level management | 服务级别管理 |
| 8.3.4 | Supplier management | 供应商管理 |
| 8.3.4.1 | Management of external suppliers | 外部供应商的管理 |
| 8.3.4.2 | Management of internal suppliers and customers acting as a supplier | 内部供应商及作为供应商的顾客的管理 |
| 8.4 | Supply and demand | 供应和需求 |
| 8.4.1 | Budgeting and accounting for services | 服务的预算和核算 |
| 8.4.2 | Demand management | 需求管理 |
| 8.4.3 | Capacity management | 容量管理 |
| 8.5 | Service design, build and transition | 服务设计、构建和转换 |
| 8.5.1 | Change management | 变更管理 |
| 8.5.1.1 | Change management policy | 变更管理策略 |
| 8.5.1.2 | Change management initiation | 变更管理的启动 |
| 8.5.1.3 | Change management activities | 变更管理活动 |
| 8.5.2 | Service design and transition | 服务设计和转换 |
| 8.5.2.1 | Plan new or changed services | 策划新的或变更的服务 |
| 8.5.2.2 | Design | 设计 |
| 8.5.2.3 | Build and transition | 构建和转换 |
| 8.5.3 | Release and deployment management | 发布和部署管理 |
| 8.6 | Resolution and fulfilment | 解决和履行（27001.org.cn 作"解决和实现"） |
| 8.6.1 | Incident management | 事件管理 |
| 8.6.2 | Service request management | 服务请求管理 |
| 8.6.3 | Problem management | 问题管理 |
| 8.7 | Service assurance | 服务保证 |
| 8.7.1 | Service availability management | 服务可用性管理 |
| 8.7.2 | Service continuity management | 服务连续性管理 |
| 8.7.3 | Information security management | 信息安全管理 |
| 8.7.3.1 | Information security policy | 信息安全策略 |
| 8.7.3.2 | Information security controls | 信息安全控制 |
| 8.7.3.3 | Information security incidents | 信息安全事件 |
| 9 | Performance evaluation | 绩效评价 |
| 9.1 | Monitoring, measurement, analysis and evaluation | 监视、测量、分析和评价 |
| 9.2 | Internal audit | 内部审核 |
| 9.3 | Management review | 管理评审 |
| 9.4 | Service reporting | 服务报告 |
| 10 | Improvement | 改进 |
| 10.1 | Nonconformity and corrective action | 不符合和纠正措施 |
| 10.2 | Continual improvement | 持续改进 |
"""

DOCUMENTED_INFO_TABLE = """
| Clause | Item |
|---|---|
| 4.3 | SMS scope (D) |
| 5.2 | Service management policy (D) |
| 6.1 | Risks and opportunities, risk acceptance criteria and approach (D/R) |
| 6.2 | Service management objectives (D) |
| 6.3 | Service management plan (D) |
| 7.2 | Evidence of competence (R) |
| 7.5.4 | SMS documented information set. It covers scope, policy and objectives, and the SM plan. It includes the change management policy, the information security policy and the service continuity plan(s). It also includes the SMS processes, service requirements, service catalogue(s), SLAs, contracts with external suppliers, agreements with internal suppliers or customers acting as a supplier, the procedures the standard requires, and records of conformity (D) |
| 8.1 | Enough information to show that processes ran as planned (R) |
| 8.2.2 | Service requirements (D) |
| 8.2.3 | Services, components and processes operated by other parties (D) |
| 8.2.4 | Service catalogue (D) |
| 8.2.6 | CI types and configuration information (R) |
| 8.3.2 | Service complaints; customer satisfaction results (R) |
| 8.3.3 | SLAs with targets, workload limits and exceptions (D) |
| 8.3.4.1 | Contract per external supplier (D); supplier disputes (R) |
| 8.3.4.2 | Agreements with internal suppliers (D) |
| 8.5.1.1 | Change management policy (D) |
| 8.5.1.2–8.5.1.3 | Requests for change and change decisions (R) |
| 8.5.2 | Design and acceptance criteria for new or changed services (D) |
| 8.5.3 | Release types and plans; release records (D/R) |
| 8.6.1 | Incidents (R); **documented procedure for major incidents** (D), the only explicitly named procedure |
| 8.6.2 | Service requests (R) |
| 8.6.3 | Problems and known errors (R) |
| 8.7.1 | Availability requirements and targets (D); monitoring results (R) |
| 8.7.2 | Continuity plan(s) (D); test results (R) |
| 8.7.3 | IS policy (D); IS risk assessment and control decisions (D/R); IS incidents (R) |
| 9.1 | Monitoring and measurement results (R) |
| 9.2 | Audit programme and audit results (R) |
| 9.3 | Management review results (R) |
| 9.4 | Service reports (R) |
| 10.1 | Nonconformities, actions taken and results of corrective actions (R) |
| 10.2 | Opportunities for improvement (R) |
"""


def _rows(table: str) -> list[list[str]]:
    rows = []
    for line in table.strip().splitlines()[2:]:
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def _title(text: str, note_start: str) -> str:
    """The title without the notes the design table adds in brackets."""
    return text.split(note_start)[0].strip()


EXPECTED = [(no, _title(en, " ("), _title(zh, "（")) for no, en, zh in _rows(CLAUSE_TABLE)]


def test_the_table_copy_is_complete():
    assert len(EXPECTED) == 77
    assert EXPECTED[0] == ("4", "Context of the organization", "组织环境")
    assert ("6.1", "Actions to address risks and opportunities", "应对风险和机遇的措施") in EXPECTED


def test_every_clause_of_the_table_with_exact_titles(iso20000: Standard):
    actual = list(
        Clause.objects.filter(standard=iso20000, retired=False)
        .order_by("order")
        .values_list("ref_id", "title", "title_zh")
    )
    assert actual == EXPECTED


def test_structure_pitfalls(iso20000: Standard):
    refs = set(Clause.objects.filter(standard=iso20000).values_list("ref_id", flat=True))
    assert (
        "8.2.1" in refs and Clause.objects.get(standard=iso20000, ref_id="8.2.1").title == "Service delivery"
    )
    assert Clause.objects.get(standard=iso20000, ref_id="8.3.1").title == "General"
    assert not any(r.startswith("6.1.") for r in refs)
    assert {
        "8.3.4.1",
        "8.3.4.2",
        "8.5.1.1",
        "8.5.1.2",
        "8.5.1.3",
        "8.5.2.1",
        "8.5.2.2",
        "8.5.2.3",
        "8.7.3.1",
        "8.7.3.2",
        "8.7.3.3",
    } <= refs
    assert iso20000.certifiable is True


def test_every_lowest_level_clause_has_requirements_questions_and_evidence_in_both_languages(
    iso20000: Standard,
):
    leaves = Clause.objects.filter(standard=iso20000, leaf=True)
    assert leaves.count() == 57
    for clause in leaves.prefetch_related("requirements", "questions", "typical_evidence"):
        for items in (clause.requirements.all(), clause.questions.all(), clause.typical_evidence.all()):
            assert items, f"{clause.ref_id} lacks an item"
            assert all(i.text and i.text_zh for i in items), f"{clause.ref_id} lacks a translation"


def test_requirements_sit_only_on_lowest_level_clauses(iso20000: Standard):
    assert not Requirement.objects.filter(clause__standard=iso20000, clause__leaf=False).exists()


def _clause_range(cell: str) -> list[str]:
    # "8.5.1.2–8.5.1.3" names two clauses.
    return [part.strip() for part in cell.split("–")]


def test_every_documented_information_item_is_present(iso20000: Standard):
    items = list(DocumentedInfo.objects.filter(standard=iso20000).select_related("clause"))
    for clause_cell, item in _rows(DOCUMENTED_INFO_TABLE):
        clauses = _clause_range(clause_cell)
        found = [
            d
            for d in items
            if any(d.clause.ref_id == c or d.clause.ref_id.startswith(c + ".") for c in clauses)
        ]
        assert found, f"no documented information under {clause_cell} ({item})"
        kinds = {d.kind for d in found}
        if "(D)" in item or "(D/R)" in item:
            assert kinds & {"D", "DR"}, f"{clause_cell}: no document"
        if "(R)" in item or "(D/R)" in item:
            assert kinds & {"R", "DR"}, f"{clause_cell}: no record"
    major = DocumentedInfo.objects.get(standard=iso20000, clause__ref_id="8.6.1", kind="D")
    assert major.title == "Documented procedure for major incidents"
    assert all(d.title_zh for d in items)


def test_documented_info_selector_lists_in_clause_order(iso20000: Standard):
    refs = [d.clause.ref_id for d in selectors.documented_info_for(iso20000)]
    assert refs[0] == "4.3" and refs[-1] == "10.2"
    assert len(refs) == 41


def test_requirements_for_limits_to_clauses_and_their_subclauses(
    iso20000: Standard, django_assert_num_queries
):
    with django_assert_num_queries(1):
        reqs = list(selectors.requirements_for(iso20000, ["8.5.1", "4.3"]))
        assert [r.clause.ref_id for r in reqs] == [
            "4.3",
            "4.3",
            "4.3",
            "8.5.1.1",
            "8.5.1.1",
            "8.5.1.2",
            "8.5.1.3",
            "8.5.1.3",
        ]
        assert reqs[0].clause.standard == iso20000


def test_clause_tree_is_one_query_in_document_order(iso20000: Standard, django_assert_num_queries):
    with django_assert_num_queries(1):
        tree = selectors.clause_tree(iso20000)
        assert [(c.ref_id, c.depth) for c in tree[:3]] == [("4", 0), ("4.1", 1), ("4.2", 1)]
        assert tree[-1].parent_id == tree[-3].pk


def test_the_parsed_library_uses_no_standard_text_markers():
    data = builtin_library("iso-iec-20000-1-2018.yaml")
    # Our paraphrases never use the normative "shall" of the standard's own wording.
    texts = [r.text for r in data.requirements] + [q.text for q in data.questions]
    assert not [t for t in texts if " shall " in t]


@pytest.mark.parametrize("urn", ["urn:itsms:std:iso-iec-20000-1:2018", "1"])
def test_standard_get_by_urn_or_pk(iso20000: Standard, urn: str):
    key = urn if not urn.isdigit() else str(iso20000.pk)
    assert selectors.standard_get(key) == iso20000
