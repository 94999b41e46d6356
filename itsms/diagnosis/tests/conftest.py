"""Fixtures of the diagnosis tests: a small library of our own, a project on it and the people who run it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PASSWORD
from itsms.catalogue.models import Requirement, Standard
from itsms.catalogue.services import library_load_file
from itsms.core import services as core
from itsms.core.models import Department, Role, User
from itsms.core.tests.conftest import media  # noqa: F401  (the shared storage fixture)
from itsms.diagnosis import services
from itsms.diagnosis.models import DiagnosisProject, DiagnosisStatus

MINI = Path(__file__).parent / "data" / "mini.yaml"
MINI_URN = "urn:itsms:std:diagnosis-test-mini"


def load_mini() -> Standard:
    standard = Standard.objects.filter(urn=MINI_URN).first()
    if standard is None:
        library_load_file(path=MINI)
        standard = Standard.objects.get(urn=MINI_URN)
    return standard


@pytest.fixture
def mini(db) -> Standard:  # noqa: ANN001
    return load_mini()


@pytest.fixture
def reqs(mini) -> list[Requirement]:  # noqa: ANN001
    return list(Requirement.objects.filter(clause__standard=mini).order_by("clause__order", "order"))


@pytest.fixture
def ops(org) -> Department:  # noqa: ANN001
    return core.department_create(actor=None, organization=org, name="运维部", code="OPS")


@pytest.fixture
def mr(org, make_member) -> User:  # noqa: ANN001
    return make_member(org, [Role.MANAGEMENT_REP], "mr").user


@pytest.fixture
def project(org, mini, ops) -> DiagnosisProject:  # noqa: ANN001
    return services.diagnosis_create(
        actor=None,
        organization=org,
        title="2026 诊断",
        standards=[mini],
        departments=[ops],
        processes="事件管理",
    )


LAW = Path(__file__).parent / "data" / "law.yaml"
LAW_URN = "urn:itsms:law:diagnosis-test-pipl"


def load_law() -> Standard:
    standard = Standard.objects.filter(urn=LAW_URN).first()
    if standard is None:
        library_load_file(path=LAW)
        standard = Standard.objects.get(urn=LAW_URN)
    return standard


@pytest.fixture
def law(db) -> Standard:  # noqa: ANN001
    return load_law()


@pytest.fixture
def lead(org, project) -> User:  # noqa: ANN001
    """An internal auditor with a login, named lead of the project's team."""
    person = core.person_create(actor=None, organization=org, full_name="王组长")
    user = core.user_create(
        username="lead", email="lead@example.com", password=PASSWORD, display_name="Wang Lead"
    )
    core.membership_add(actor=None, organization=org, user=user, roles=[Role.INTERNAL_AUDITOR], person=person)
    services.diagnosis_item_create(
        actor=None,
        organization=org,
        project=project,
        section="team",
        person=person,
        role="internal_auditor",
        affiliation="质量与体系部",
        is_lead=True,
    )
    return user


def to_reporting(project: DiagnosisProject) -> None:
    for target in (DiagnosisStatus.ON_SITE, DiagnosisStatus.REPORTING):
        services.diagnosis_transition(
            actor=None, organization=project.organization, project=project, target=target
        )
    project.refresh_from_db()
