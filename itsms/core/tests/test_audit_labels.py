"""The audit trail in words, in both languages: actions, object types, field names and values."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from itsms.audits import services as nc_services
from itsms.core import audit_labels, services
from itsms.core.models import AuditEntry, Organization, User

ClientFor = Callable[[User], Client]


def _client(client_for: ClientFor, user: User, language: str) -> Client:
    client = client_for(user)
    client.cookies["django_language"] = language
    return client


def _list(client: Client, org: Organization) -> str:
    return client.get(reverse("core:audit_list", kwargs={"org": org.slug})).content.decode()


def _detail(client: Client, org: Organization, seq: int) -> str:
    return client.get(reverse("core:audit_detail", kwargs={"org": org.slug, "seq": seq})).content.decode()


def _row(html: str, seq: int) -> str:
    return html.split(f'<tr data-seq="{seq}">')[1].split("</tr>")[0]


@pytest.mark.parametrize(
    ("language", "action", "kind"), [("en", "Created", "Department"), ("zh-hans", "已创建", "部门")]
)
def test_list_names_the_action_and_the_object_type_in_words(
    org: Organization, admin: User, client_for: ClientFor, language: str, action: str, kind: str
) -> None:
    dept = services.department_create(actor=admin, organization=org, name="Ops", code="OPS")
    seq = AuditEntry.objects.get(organization=org, action="department.create").seq
    row = _row(_list(_client(client_for, admin, language), org), seq)
    assert f'data-action="department.create" title="department.create">{action}</td>' in row
    assert f'data-type="core.department">{kind} #{dept.pk}</span>' in row
    assert "core.department #" not in row


@pytest.mark.parametrize(
    ("language", "field", "before", "after"),
    [("en", "Parent", "Head office", "Branch"), ("zh-hans", "上级", "Head office", "Branch")],
)
def test_detail_names_fields_and_shows_the_related_rows_name(
    org: Organization, admin: User, client_for: ClientFor, language: str, field: str, before: str, after: str
) -> None:
    head = services.department_create(actor=admin, organization=org, name="Head office", code="HO")
    branch = services.department_create(actor=admin, organization=org, name="Branch", code="BR")
    ops = services.department_create(actor=admin, organization=org, name="Ops", code="OPS", parent=head)
    services.department_update(actor=admin, organization=org, department=ops, parent=branch)
    entry = AuditEntry.objects.filter(organization=org, action="department.update").get()
    html = _detail(_client(client_for, admin, language), org, entry.seq)
    assert (
        f'<tr data-field="parent"><th scope="row" title="parent">{field}</th>'
        f'<td class="diff-before">{before}</td><td class="diff-after">{after}</td></tr>'
    ) in html


@pytest.mark.parametrize(
    ("language", "action", "before", "after", "kind"),
    [
        ("en", "Status changed to “Correction recorded”", "Open", "Correction recorded", "Nonconformity"),
        ("zh-hans", "状态变更为“已纠正”", "未关闭", "已纠正", "不符合项"),
    ],
)
def test_a_status_change_reads_as_words_with_choice_labels(
    org: Organization,
    admin: User,
    client_for: ClientFor,
    language: str,
    action: str,
    before: str,
    after: str,
    kind: str,
) -> None:
    nc = nc_services.nonconformity_raise(
        actor=None, organization=org, source="internal_audit", statement="No change records kept"
    )
    nc_services.nonconformity_record_correction(
        actor=None, organization=org, nonconformity=nc, correction="Records restored"
    )
    entry = AuditEntry.objects.get(organization=org, action="nonconformity.correction_recorded")
    client = _client(client_for, admin, language)
    assert f'title="nonconformity.correction_recorded">{action}</td>' in _row(_list(client, org), entry.seq)
    html = _detail(client, org, entry.seq)
    assert f'title="nonconformity.correction_recorded">{action}</span>' in html
    assert f'data-type="audits.nonconformity">{kind} #{nc.pk}</span>' in html
    assert f'<td class="diff-before">{before}</td><td class="diff-after">{after}</td>' in html


def test_every_verb_the_code_records_is_in_words_in_chinese() -> None:
    with translation.override("zh-hans"):
        untranslated = [v for v, label in audit_labels.VERBS.items() if str(label) == v]
    assert untranslated == []


def test_an_unknown_action_or_type_is_shown_as_recorded() -> None:
    assert audit_labels.action_label("gadget.frobnicate", "nowhere.gadget") == "gadget.frobnicate"
    assert audit_labels.object_type_label("nowhere.gadget") == "nowhere.gadget"


@pytest.mark.parametrize(("language", "label"), [("en", "Department"), ("zh-hans", "部门")])
def test_object_type_filter_offers_types_in_words(
    org: Organization, admin: User, client_for: ClientFor, language: str, label: str
) -> None:
    html = _list(_client(client_for, admin, language), org)
    assert f'<option value="core.department">{label}</option>' in html
