import pytest
from django.core.management import call_command
from django.db import connection

from itsms.core.models import Role
from itsms.documents import selectors, services
from itsms.documents.models import DocType, Document
from itsms.documents.search import TEXT_LIMIT, query_terms, tokens_for

from .conftest import release


def _found(org, q: str, **filters) -> list[str]:  # noqa: ANN001, ANN003
    return [d.title for d in selectors.register(org, selectors.RegisterFilters(q=q, **filters))]


def _doc(org, admin, title: str, doc_type: str = DocType.PROCEDURE) -> Document:  # noqa: ANN001
    return services.document_create(actor=admin, organization=org, title=title, doc_type=doc_type)


def test_a_two_character_word_finds_the_title_that_contains_it(org, admin):
    _doc(org, admin, "变更管理程序")
    _doc(org, admin, "事件管理程序")
    assert _found(org, "变更") == ["变更管理程序"]
    assert _found(org, "管理") == ["变更管理程序", "事件管理程序"]
    assert _found(org, "变化") == []


def test_a_word_in_a_sentence_of_the_released_text_is_found(org, admin):
    doc = _doc(org, admin, "运维手册")
    _doc(org, admin, "服务目录")
    release(org, doc, admin, text="# 目的\n\n本程序规定了变更管理的流程，适用于全部服务。")
    assert _found(org, "变更") == ["运维手册"]
    assert _found(org, "变更管理") == ["运维手册"]
    assert _found(org, "流程 服务") == ["运维手册"]
    assert _found(org, "变更 目录") == []


def test_latin_words_of_the_text_and_the_prefix_of_the_last_one(org, admin):
    doc = _doc(org, admin, "Change procedure")
    release(org, doc, admin, text="# Scope\n\nThe CMDB holds every configuration item.")
    _doc(org, admin, "Capacity plan")
    assert _found(org, "cmdb") == ["Change procedure"]
    assert _found(org, "Configuration ITEM") == ["Change procedure"]
    assert _found(org, "config") == ["Change procedure"]  # the last word may be unfinished
    assert _found(org, "config holds") == []  # only the last one
    assert _found(org, "plan") == ["Capacity plan"]


def test_a_number_is_found_whole_by_prefix_and_in_any_spelling(org, admin):
    first, second = _doc(org, admin, "甲"), _doc(org, admin, "乙")
    _doc(org, admin, "丙", DocType.FORM)
    assert (first.number, second.number) == ("ITSMS-PR-01", "ITSMS-PR-02")
    assert _found(org, "ITSMS-PR-02") == ["乙"]
    assert _found(org, "itsms-pr") == ["甲", "乙"]
    assert _found(org, "ＩＴＳＭＳ－ＰＲ－０１") == ["甲"]


def test_a_single_character_finds_the_words_it_is_part_of(org, admin):
    _doc(org, admin, "表单清单")
    _doc(org, admin, "服务目录")
    assert _found(org, "表") == ["表单清单"]


def test_search_stays_inside_the_organization_and_the_filters(org, other_org, admin, make_member):
    _doc(org, admin, "变更管理程序")
    _doc(org, admin, "变更申请表", DocType.FORM)
    other_admin = make_member(other_org, [Role.ORG_ADMIN], "other-admin").user
    _doc(other_org, other_admin, "变更管理程序")
    assert _found(org, "变更", level="L2") == ["变更管理程序"]
    assert _found(org, "变更") == ["变更申请表", "变更管理程序"]


def test_punctuation_alone_matches_nothing_but_a_number_prefix(org, admin):
    _doc(org, admin, "变更管理程序")
    assert _found(org, "'&|!:*") == []
    assert _found(org, "-") == []


def test_the_search_words_follow_title_and_text_on_every_save(org, admin):
    doc = _doc(org, admin, "事件管理程序")
    services.document_update(actor=admin, organization=org, document=doc, title="问题管理程序")
    assert _found(org, "问题") == ["问题管理程序"] and _found(org, "事件") == []
    # The text-extraction task saves only the search text.
    doc = Document.objects.get(pk=doc.pk)
    doc.search_text = "知识库条目"
    doc.save(update_fields=["search_text"])
    doc.refresh_from_db()
    assert doc.search_tokens == tokens_for(doc.number, doc.title, "知识库条目")
    assert _found(org, "知识") == ["问题管理程序"]


def test_the_reindex_command_fills_rows_inserted_without_search_words(org, admin):
    Document.objects.bulk_create(
        [
            Document(
                organization=org,
                number="OLD-1",
                number_key="old-1",
                title="连续性计划",
                doc_type=DocType.MANAGEMENT,
                level="L3",
                search_text="OLD-1\n连续性计划",
            )
        ]
    )
    assert _found(org, "连续性") == []
    call_command("documents_reindex", org=org.slug)
    assert _found(org, "连续性") == ["连续性计划"]


def test_a_query_keeps_the_short_words_of_a_long_one():
    assert query_terms("变更管理程序") == ["变更", "管理", "程序"]
    assert query_terms("信息安全 ISO20000") == ["信息", "安全", "iso20000"]


def test_segmenting_caps_the_text_and_keeps_each_word_once():
    tokens = tokens_for("PR-01", "变更 变更", "变更" * (TEXT_LIMIT // 2) + "。流程")
    assert tokens == " pr 01 变更 变 更 "


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN index; CI runs this on PostgreSQL")
def test_postgresql_answers_a_rare_word_from_the_gin_index(org, admin):
    _doc(org, admin, "变更管理程序")
    # Enough other documents, with words of every frequency and statistics, for the planner to choose
    # the index on its own, as it does on the benchmark's 50,000 documents.
    Document.objects.bulk_create(
        Document(
            organization=org,
            number=f"BULK-{i:04d}",
            number_key=f"bulk-{i:04d}",
            title=f"事件记录 {i}",
            doc_type=DocType.FORM,
            level="L3",
            search_tokens=tokens_for(f"BULK-{i:04d}", f"事件记录 {i}", f"关键词 k{i % 1000:03d}"),
        )
        for i in range(20_000)
    )
    qs = selectors.register(org, selectors.RegisterFilters(q="变更"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE documents_document")
        sql, params = qs.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on doc_search_tokens_gin" in plan, plan
    assert [d.title for d in qs] == ["变更管理程序"]
