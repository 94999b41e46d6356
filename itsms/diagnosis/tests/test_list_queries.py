"""The diagnosis's list pages and API lists run the same, exact number of queries at N and 3N rows."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from django.urls import reverse

from itsms.catalogue.models import Clause, Requirement, Standard
from itsms.core import services as core
from itsms.core.models import Organization
from itsms.core.tests.queries import api_client, assert_constant_queries
from itsms.diagnosis import services
from itsms.diagnosis.models import DiagnosisProject

_n = itertools.count(1)


def _api(org: Organization, path: str) -> str:
    return f"/api/v1/o/{org.slug}/diagnosis/{path}"


def _projects(org: Organization, standards: list[Standard]) -> Callable[[int], list[str]]:
    """k diagnoses, each on the standards with a department of its own, one requirement met and one not."""
    reqs = list(Requirement.objects.filter(clause__standard=standards[0]).order_by("clause__order", "order"))

    def add(k: int) -> list[str]:
        titles = []
        for _ in range(k):
            i = next(_n)
            dept = core.department_create(actor=None, organization=org, name=f"Dept{i}")
            project = services.diagnosis_create(
                actor=None, organization=org, title=f"Diagnosis{i}", standards=standards, departments=[dept]
            )
            services.assessment_save(
                actor=None, organization=org, project=project, requirement=reqs[0], result="conforms"
            )
            services.assessment_save(
                actor=None,
                organization=org,
                project=project,
                requirement=reqs[1],
                result="does_not_conform",
                gap="No review",
                department=dept,
                nonconformity_grade="minor",
            )
            titles.append(f"Diagnosis{i}")
        return titles

    return add


def _assessed(org: Organization, project: DiagnosisProject, standard: Standard) -> Callable[[int], list[str]]:
    """k more requirements of the project's scope found not to conform, each by a department of its own."""
    reqs = iter(Requirement.objects.filter(clause__standard=standard).order_by("clause__order", "order"))

    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            requirement = next(reqs)
            i = next(_n)
            dept = core.department_create(actor=None, organization=org, name=f"Dept{i}")
            services.assessment_save(
                actor=None,
                organization=org,
                project=project,
                requirement=requirement,
                result="does_not_conform",
                gap=f"Gap{i}",
                department=dept,
                nonconformity_grade="minor",
            )
            shown.append(f"Gap{i}")
        return shown

    return add


def test_project_list(org, admin, mini, law, client_for):
    url = reverse("diagnosis:project_list", kwargs={"org": org.slug})
    body = assert_constant_queries(client_for(admin), url, _projects(org, [mini, law]), 11)
    assert body.count(f"{mini.ref}, {law.ref}</td>") == 9
    assert body.count("<td>2</td><td>1</td>") == 9  # assessed, gaps


def test_checklist(org, admin, project, mini, client_for):
    clauses = list(Clause.objects.filter(standard=mini).order_by("order"))

    def add(k: int) -> list[str]:
        questions = [f"Question{next(_n)}" for _ in range(k)]
        for i, question in enumerate(questions):
            services.diagnosis_item_create(
                actor=None,
                organization=org,
                project=project,
                section="checklist",
                clause=clauses[i % len(clauses)],
                question=question,
                order=i,
            )
        return questions

    url = reverse("diagnosis:checklist", kwargs={"org": org.slug, "pk": project.pk})
    body = assert_constant_queries(client_for(admin), url, add, 11)
    assert f'<td class="text-nowrap">{clauses[1].ref_id}</td>' in body


def test_api_projects(org, admin, mini, law):
    add = _projects(org, [mini, law])
    body = assert_constant_queries(api_client(admin, org), _api(org, "projects"), add, 5)
    assert body.count(f'"standards": ["{mini.urn}", "{law.urn}"]') == 9


def test_api_assessments(org, admin, iso20000):
    project = services.diagnosis_create(actor=None, organization=org, title="Diagnosis", standards=[iso20000])
    url = _api(org, f"projects/{project.pk}/assessments")
    assert_constant_queries(api_client(admin, org), url, _assessed(org, project, iso20000), 4)


def test_api_findings(org, admin, iso20000):
    project = services.diagnosis_create(actor=None, organization=org, title="Diagnosis", standards=[iso20000])
    url = _api(org, f"projects/{project.pk}/findings")
    assert_constant_queries(api_client(admin, org), url, _assessed(org, project, iso20000), 5)


def test_project_lists(org, admin, project, mini, client_for):
    """The diagnosis page's lists: team, plan sessions, interviews, observations, tailoring, documents."""
    from itsms.documents.services import inventory_item_create

    clauses = list(Clause.objects.filter(standard=mini).order_by("order"))
    requirements = iter(Requirement.objects.filter(clause__standard=mini).order_by("clause__order", "order"))

    def item(section: str, **values: object) -> object:
        return services.diagnosis_item_create(
            actor=None, organization=org, project=project, section=section, **values
        )

    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            i = next(_n)
            dept = core.department_create(actor=None, organization=org, name=f"Dept{i}")
            person = core.person_create(
                actor=None, organization=org, full_name=f"Auditor{i}", department=dept
            )
            member = item("team", person=person, role="consultant", affiliation=f"Firm{i}")
            item(
                "session",
                date=f"2026-04-{i % 28 + 1:02}",
                place=f"Room{i}",
                team_members=[member],
                departments=[dept],
                clauses=clauses[:2],
            )
            interviewee = core.person_create(actor=None, organization=org, full_name=f"Interviewee{i}")
            item("interview", person=interviewee, role="manager", held_on="2026-04-02", notes="Talked")
            item("observation", text=f"Observation{i}", department=dept, observed_on="2026-04-02")
            # With the documents area installed, the page lists its inventory of documents found.
            inventory_item_create(actor=None, organization=org, title=f"Existing{i}", reference=f"DOC-{i}")
            requirement = next(requirements, None)
            if requirement is not None:
                item("tailoring", requirement=requirement, decision="depth_adjusted", justification=f"Why{i}")
            shown += [
                f"Auditor{i}",
                f"Firm{i}",
                f"Room{i}",
                f"Interviewee{i}",
                f"Observation{i}",
                f"Existing{i}",
            ]
        return shown

    url = reverse("diagnosis:project_detail", kwargs={"org": org.slug, "pk": project.pk})
    assert_constant_queries(client_for(admin), url, add, 26)
