"""Issue 8: a "does not conform" finding raises its nonconformity; "not applicable" refused for clauses 4-10
of a certifiable standard; laws of the basis assessed from their catalogue library."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from itsms.audits.models import Nonconformity
from itsms.catalogue.models import Requirement, Standard
from itsms.catalogue.services import library_load_file
from itsms.core.models import AuditEntry
from itsms.diagnosis import selectors, services
from itsms.diagnosis.models import Assessment, BasisItem, ChecklistItem, LawCategory, Tailoring

LIBRARIES = Path(__file__).resolve().parents[2] / "catalogue" / "libraries"


def _url(name, project, **kwargs):  # noqa: ANN001, ANN202
    return reverse(f"diagnosis:{name}", kwargs={"org": project.organization.slug, "pk": project.pk, **kwargs})


def _link_law(org, project, law):  # noqa: ANN001, ANN202
    return services.diagnosis_item_create(
        actor=None,
        organization=org,
        project=project,
        section="basis",
        kind="law",
        category="data_protection",
        title="个人信息保护法",
        library=law,
    )


# --- "does not conform" raises the nonconformity in the same action ----------------------------------------


def test_does_not_conform_raises_the_nonconformity_with_the_findings_text(org, project, reqs, ops, mr):
    a = services.assessment_save(
        actor=mr,
        organization=org,
        project=project,
        requirement=reqs[0],
        result="does_not_conform",
        gap="未识别内外部问题,无任何记录。",
        cause="无方法",
        department=ops,
        nonconformity_grade="major",
    )
    nc = Nonconformity.objects.get()
    assert (nc.statement, nc.grade, nc.requirement, nc.department, nc.source_id, nc.raised_by) == (
        "未识别内外部问题,无任何记录。",
        "major",
        reqs[0],
        ops,
        str(a.pk),
        mr,
    )
    actions = list(
        AuditEntry.objects.filter(organization=org, action__in=["assessment.create", "nonconformity.raise"])
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["assessment.create", "nonconformity.raise"]
    # Saving again (a better wording of the gap) keeps the one nonconformity.
    services.assessment_save(
        actor=mr,
        organization=org,
        project=project,
        requirement=reqs[0],
        result="does_not_conform",
        gap="未识别内外部问题。",
        nonconformity_grade="minor",
    )
    assert Nonconformity.objects.count() == 1


def test_does_not_conform_without_a_grade_is_refused_and_nothing_is_saved(org, project, reqs, mr):
    with pytest.raises(ValidationError) as exc:
        services.assessment_save(
            actor=mr,
            organization=org,
            project=project,
            requirement=reqs[0],
            result="does_not_conform",
            gap="没有记录",
        )
    assert exc.value.message_dict == {
        "nonconformity_grade": [
            "Grade the nonconformity: saving “does not conform” raises it in the register."
        ]
    }
    assert not Assessment.objects.exists() and not Nonconformity.objects.exists()


def test_partly_raises_one_only_with_a_grade(org, project, reqs, mr):
    services.assessment_save(
        actor=mr, organization=org, project=project, requirement=reqs[0], result="partly", gap="部分"
    )
    assert not Nonconformity.objects.exists()
    services.assessment_save(
        actor=mr,
        organization=org,
        project=project,
        requirement=reqs[1],
        result="partly",
        gap="年度评审缺失",
        nonconformity_grade="observation",
    )
    assert list(Nonconformity.objects.values_list("requirement", "statement", "grade")) == [
        (reqs[1].pk, "年度评审缺失", "observation")
    ]


def test_the_row_form_raises_the_nonconformity_on_save(org, project, reqs, admin, client_for):
    client = client_for(admin)
    url = _url("assessment_row", project, requirement=reqs[0].pk)
    form = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'name="nonconformity_grade"' in form
    assert "Saving “does not conform” raises a nonconformity in the register" in form
    response = client.post(
        url, {"result": "does_not_conform", "gap": "没有记录", "nonconformity_grade": "minor"}
    )
    nc = Nonconformity.objects.get()
    assert response.status_code == 302
    assert (nc.statement, nc.grade) == ("没有记录", "minor")
    page = client.get(response["Location"]).content.decode()
    assert f"Assessment saved; nonconformity {nc.number} raised." in page
    assert f'<td class="nc">{nc.number}</td>' in page
    # Raised, the row's form no longer offers a grade: the register follows the nonconformity.
    again = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'name="nonconformity_grade"' not in again and f"Nonconformity {nc.number}" in again


def test_the_row_form_without_a_grade_asks_for_it_there(org, project, reqs, admin, client_for):
    response = client_for(admin).post(
        _url("assessment_row", project, requirement=reqs[0].pk),
        {"result": "does_not_conform", "gap": "没有记录", "nonconformity_grade": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Grade the nonconformity: saving “does not conform” raises it in the register." in (
        response.content.decode()
    )
    assert not Assessment.objects.exists() and not Nonconformity.objects.exists()


def test_the_row_form_in_chinese(org, project, reqs, admin, client_for, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    body = (
        client_for(admin)
        .get(
            _url("assessment_row", project, requirement=reqs[0].pk),
            headers={"HX-Request": "true", "Accept-Language": "zh-hans"},
        )
        .content.decode()
    )
    assert (
        "不符合项等级" in body
        and "保存“不符合”即在不符合项登记册中开具不符合项，以发现的差距作为不符合项描述" in body
    )


# --- "not applicable" and clauses 4-10 of a certifiable standard --------------------------------------------

NA_REFUSAL = (
    "Requirement {ref} is in clause {clause} of MINI, a certifiable standard: clauses 4 to 10 cannot be "
    "excluded from certification, so it cannot be declared not applicable."
)


def test_not_applicable_is_refused_in_clauses_4_to_10_of_a_certifiable_standard(org, project, reqs, mr):
    with pytest.raises(ValidationError) as exc:
        services.assessment_save(
            actor=mr, organization=org, project=project, requirement=reqs[3], result="not_applicable"
        )
    assert exc.value.message_dict == {"result": [NA_REFUSAL.format(ref=reqs[3].ref, clause="5")]}
    assert not Assessment.objects.exists()


def test_not_applicable_refusal_in_chinese(org, project, reqs, mr):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.assessment_save(
            actor=mr, organization=org, project=project, requirement=reqs[0], result="not_applicable"
        )
    assert exc.value.message_dict == {
        "result": [
            f"要求 {reqs[0].ref} 属于可认证标准 MINI 的第 4 章：第 4 至 10 章不得在认证范围中删减，"
            "因此不能判定为不适用。"
        ]
    }


def test_tailoring_as_not_applicable_is_refused_but_depth_can_be_adjusted(org, project, reqs, mr):
    with pytest.raises(ValidationError) as exc:
        services.diagnosis_item_create(
            actor=mr,
            organization=org,
            project=project,
            section="tailoring",
            requirement=reqs[1],
            decision="not_applicable",
            justification="无外部问题",
        )
    assert exc.value.message_dict == {"decision": [NA_REFUSAL.format(ref=reqs[1].ref, clause="4")]}
    assert not Tailoring.objects.exists()
    services.diagnosis_item_create(
        actor=mr,
        organization=org,
        project=project,
        section="tailoring",
        requirement=reqs[1],
        decision="depth_adjusted",
        justification="小型组织,年度评审即可",
    )
    assert list(Tailoring.objects.values_list("decision", flat=True)) == ["depth_adjusted"]


def test_tailoring_page_shows_the_reason(org, project, reqs, admin, client_for):
    response = client_for(admin).post(
        _url("item_add", project, kind="tailoring"),
        {"requirement": reqs[0].pk, "decision": "not_applicable", "justification": "不需要"},
    )
    assert response.status_code == 400
    assert NA_REFUSAL.format(ref=reqs[0].ref, clause="4") in response.content.decode()
    assert not Tailoring.objects.exists()


def test_annex_controls_and_uncertifiable_libraries_may_be_not_applicable(org, project, law, mr):
    iso27001 = Standard.objects.filter(urn="urn:itsms:std:iso-iec-27001:2022").first()
    if iso27001 is None:
        library_load_file(path=LIBRARIES / "iso-iec-27001-2022.yaml")
        iso27001 = Standard.objects.get(urn="urn:itsms:std:iso-iec-27001:2022")
    services.diagnosis_update(actor=mr, organization=org, project=project, standards=[iso27001])
    _link_law(org, project, law)
    reqs = Requirement.objects.select_related("clause__standard")
    annex = reqs.filter(clause__standard=iso27001, clause__ref_id__startswith="A.").first()
    clause6 = reqs.filter(clause__standard=iso27001, clause__ref_id__startswith="6.").first()
    law_req = reqs.filter(clause__standard=law).first()
    for req in (annex, law_req):
        services.assessment_save(
            actor=mr, organization=org, project=project, requirement=req, result="not_applicable"
        )
    with pytest.raises(ValidationError) as exc:
        services.assessment_save(
            actor=mr, organization=org, project=project, requirement=clause6, result="not_applicable"
        )
    assert "clause 6 of ISO/IEC 27001:2022, a certifiable standard" in exc.value.message_dict["result"][0]
    assert Assessment.objects.count() == 2


# --- laws and regulations of the basis assessed from their library ----------------------------------------


def test_a_law_pointing_at_a_library_joins_the_scope(org, project, law, reqs, mr):
    law_reqs = list(Requirement.objects.filter(clause__standard=law).order_by("order"))
    outside = law_reqs[0]
    with pytest.raises(ValidationError):
        services.assessment_save(
            actor=mr, organization=org, project=project, requirement=outside, result="conforms"
        )
    _link_law(org, project, law)
    a = services.assessment_save(
        actor=mr,
        organization=org,
        project=project,
        requirement=law_reqs[1],
        result="does_not_conform",
        gap="隐私告知未发布",
        nonconformity_grade="major",
    )
    assert Nonconformity.objects.get().requirement == law_reqs[1]
    assert a.requirement == law_reqs[1]
    assert [r.pk for r in selectors.scope_requirements(project)][-2:] == [r.pk for r in law_reqs]
    # Three lines for the standard (one question, two requirements without one), two for the law.
    assert services.checklist_generate(actor=mr, organization=org, project=project) == 5
    assert ChecklistItem.objects.filter(requirement__in=law_reqs).count() == 2


def test_only_a_law_points_at_a_library(org, project, law, mr):
    with pytest.raises(ValidationError) as exc:
        services.diagnosis_item_create(
            actor=mr,
            organization=org,
            project=project,
            section="basis",
            kind="contract",
            title="合同",
            library=law,
        )
    assert exc.value.message_dict == {
        "library": ["Only a law or regulation can point at a library of the catalogue."]
    }
    assert not BasisItem.objects.exists()


def test_an_assessed_law_stays_in_the_basis(org, project, law, mr):
    item = _link_law(org, project, law)
    services.assessment_save(
        actor=mr,
        organization=org,
        project=project,
        requirement=Requirement.objects.filter(clause__standard=law).first(),
        result="conforms",
    )
    with pytest.raises(ValidationError) as exc:
        services.diagnosis_item_delete(actor=mr, organization=org, project=project, item=item)
    assert exc.value.messages == [
        "Requirements of this law have been assessed in this diagnosis; it stays in the basis."
    ]
    assert BasisItem.objects.filter(pk=item.pk).exists()


def test_the_grid_shows_the_law_in_its_own_section(org, project, law, admin, client_for):
    _link_law(org, project, law)
    body = client_for(admin).get(_url("assessment_grid", project)).content.decode()
    mini_at = body.index('data-standard="MINI"')
    law_at = body.index('data-standard="PIPL-TEST"')
    assert mini_at < law_at
    section = body[law_at:]
    assert "A small test law on personal information" in section
    assert "Law or regulation of the basis" in section
    assert section.count('<tr id="req-') == 2


def test_the_basis_form_links_a_library(org, project, law, admin, client_for):
    response = client_for(admin).post(
        _url("item_add", project, kind="basis"),
        {"kind": "law", "category": "cybersecurity", "title": "网络安全法", "library": law.pk},
    )
    assert response.status_code == 302
    item = BasisItem.objects.get()
    assert (item.category, item.library) == ("cybersecurity", law)
    body = client_for(admin).get(_url("project_detail", project)).content.decode()
    assert "Cybersecurity" in body and "Assessed from the catalogue: PIPL-TEST" in body


def test_law_categories_in_both_languages():
    labels = {c.value: c.label for c in LawCategory}
    assert list(labels) == [
        "cybersecurity",
        "data_protection",
        "safety",
        "service",
        "environmental",
        "labour",
    ]
    assert [str(labels[k]) for k in ("cybersecurity", "data_protection")] == [
        "Cybersecurity",
        "Data and personal-information protection",
    ]
    with translation.override("zh-hans"):
        assert [str(labels[k]) for k in labels] == [
            "网络安全",
            "数据与个人信息保护",
            "安全",
            "服务",
            "环境",
            "劳动",
        ]
