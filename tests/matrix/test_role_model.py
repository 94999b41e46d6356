"""Every permission function against the role model (itsms.core.roles), for every role.

The role model is the independent statement of who may do what: a function that grants more (or less)
than the table fails here, and a permission function the table does not list (or a capability without
its function) fails as well. Object rules are tried with an object for which the rule holds and one for
which it does not.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command

import itsms
from itsms.core import services
from itsms.core.models import ApiToken, Membership, Organization, Person, Role
from itsms.core.roles import CAPABILITIES, PERMISSION_MODULES, RULES, Capability, roles_markdown
from itsms.diagnosis import services as diagnosis_services
from itsms.diagnosis.models import DiagnosisProject
from itsms.diagnosis.tests.conftest import load_mini
from itsms.documents.models import WritingAssignment
from itsms.organization.models import Appointment, Objective, Policy
from itsms.programme.models import Task

# Multi-role memberships: a consultant's usual mix, a customer who is also staff, a portal customer who
# also audits, and combinations that must not add up to more than each role gives.
COMBINATIONS = [
    (Role.STAFF, Role.CUSTOMER),
    (Role.CUSTOMER, Role.EXTERNAL_AUDITOR),
    (Role.WORKING_GROUP, Role.INTERNAL_AUDITOR),
    (Role.TOP_MANAGEMENT, Role.DOCUMENT_CONTROLLER),
    (Role.DEPARTMENT_MANAGER, Role.SERVICE_AGENT, Role.STAFF),
    (Role.EXTERNAL_AUDITOR, Role.INTERNAL_AUDITOR),
]


def permission_functions() -> dict[tuple[str, str], Callable[..., Any]]:
    """(module, name) of every can_*/is_* function defined in an app's permissions.py."""
    found: dict[tuple[str, str], Callable[..., Any]] = {}
    for app in pkgutil.iter_modules(itsms.__path__):
        try:
            module = importlib.import_module(f"itsms.{app.name}.permissions")
        except ModuleNotFoundError:
            continue
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and name.startswith(("can_", "is_")):
                found[(module.__name__, name)] = fn
    return found


def test_every_permission_function_is_in_the_role_model():
    listed = {(c.module, c.name) for c in CAPABILITIES.values()}
    functions = set(permission_functions())
    assert sorted(functions - listed) == [], "permission functions the role model does not list"
    assert sorted(listed - functions) == [], "capabilities of the role model without their function"
    assert set(PERMISSION_MODULES) == {m for m, _ in functions}


def test_every_object_rule_is_used_and_every_used_rule_is_defined():
    used = {c.rule for c in CAPABILITIES.values() if c.rule}
    assert used == set(RULES)
    for cap in CAPABILITIES.values():
        # A rule names who it may grant to; roles without a rule are only granted outright.
        assert bool(cap.rule) == bool(cap.rule_roles), cap.name
        assert cap.kind in ("any", "only", "user"), cap.name


def test_the_docs_table_is_the_role_model():
    from itsms.core.management.commands.roles_doc import doc_path

    assert doc_path().read_text(encoding="utf-8") == roles_markdown(), "run: python manage.py roles_doc"
    call_command("roles_doc", "--check")


class World:
    """One organization with a membership (and a person) per role, built lazily."""

    def __init__(self, org: Organization, make_member: Callable[..., Membership]) -> None:
        self.org = org
        self.make_member = make_member
        self.other = services.person_create(actor=None, organization=org, full_name="别人")
        self._n = 0

    def member(self, roles: tuple[str, ...]) -> Membership:
        self._n += 1
        person = services.person_create(actor=None, organization=self.org, full_name=f"成员{self._n}")
        m = self.make_member(self.org, list(roles), f"rm-{self._n}")
        m.person = person
        m.save(update_fields=["person"])
        return m

    def project_led_by(self, person: Person) -> DiagnosisProject:
        project = diagnosis_services.diagnosis_create(
            actor=None, organization=self.org, title=f"诊断{person.pk}", standards=[load_mini()]
        )
        diagnosis_services.diagnosis_item_create(
            actor=None,
            organization=self.org,
            project=project,
            section="team",
            person=person,
            role="consultant",
            is_lead=True,
        )
        return project


@pytest.fixture
def world(make_org, make_member) -> World:
    return World(make_org("roles-model"), make_member)


def _call(cap: Capability, m: Membership, world: World, holds: bool) -> bool:
    """Ask the function, with an object for which the capability's rule holds (or does not)."""
    fn = cap.function()
    mine = m.person_id if holds else world.other.pk
    rule = cap.rule
    if cap.kind == "user":
        m.user.is_staff = holds
        return fn(m.user)
    if rule is None:
        return fn(m)
    if rule == "token_holder":
        return fn(m, ApiToken(membership_id=m.pk if holds else m.pk + 10**6))
    if rule == "site_operator":
        m.user.is_staff = holds
        return fn(m)
    if rule == "diagnosis_lead":
        return fn(m, world.project_led_by(m.person if holds else world.other))
    if rule == "writing_assignee":
        return fn(m, WritingAssignment(assignee_id=mine))
    if rule == "objective_owner":
        return fn(m, Objective(owner_id=mine))
    if rule == "task_owner":
        return fn(m, Task(owner_id=mine))
    if rule == "named_signer":
        if cap.name == "can_sign_appointment":
            return fn(m, Appointment(appointed_by_id=mine))
        if cap.name == "can_sign_policy":
            return fn(m, Policy(signer_id=mine))
        return fn(m, mine)
    raise AssertionError(f"no test object for rule {rule}")


def _answers(cap: Capability, m: Membership, world: World) -> dict[str, bool]:
    roles = m.role_set
    out = {}
    for holds in (False, True) if cap.rule else (False,):
        label = "rule holds" if holds else "no rule"
        out[f"{label}: actual"] = bool(_call(cap, m, world, holds))
        out[f"{label}: model"] = cap.answer(roles, rule_holds=holds)
    return out


def _agree(answers: dict[str, dict[str, bool]]) -> dict[str, dict[str, bool]]:
    """The answers where the function and the model differ (empty when they agree)."""
    wrong = {}
    for who, a in answers.items():
        pairs = {k.split(":")[0] for k in a}
        if any(a[f"{p}: actual"] != a[f"{p}: model"] for p in pairs):
            wrong[who] = a
    return wrong


@pytest.mark.parametrize("name", list(CAPABILITIES))
def test_the_function_answers_each_role_as_the_model_says(name, world):
    cap = CAPABILITIES[name]
    answers = {role: _answers(cap, world.member((role,)), world) for role in Role.values}
    assert _agree(answers) == {}
    # The model is not vacuous: some role holds the capability (outright or by its rule).
    assert any(cap.role_cell(r) != "no" for r in Role.values)


@pytest.mark.parametrize("name", list(CAPABILITIES))
def test_the_function_answers_multi_role_members_as_the_model_says(name, world):
    cap = CAPABILITIES[name]
    answers = {"+".join(c): _answers(cap, world.member(c), world) for c in COMBINATIONS}
    assert _agree(answers) == {}


@pytest.mark.parametrize("name", [n for n, c in CAPABILITIES.items() if c.kind != "only"])
def test_an_inactive_membership_holds_nothing(name, world):
    cap = CAPABILITIES[name]
    m = world.member(tuple(Role.values))
    Membership.objects.filter(pk=m.pk).update(is_active=False)
    m.is_active = False
    if cap.kind == "user":
        # A site operator creates organizations without any membership; a role in an inactive one is none.
        assert _call(cap, m, world, holds=False) is False
        return
    for holds in (False, True):
        assert _call(cap, m, world, holds) is False, f"{name} (rule holds: {holds})"


def test_an_object_rule_grants_nothing_to_roles_it_does_not_name(world):
    """The signer rule: the named person without the top-management role does not sign."""
    m = world.member((Role.MANAGEMENT_REP,))
    assert CAPABILITIES["can_sign_policy"].function()(m, Policy(signer_id=m.person_id)) is False
    top = world.member((Role.TOP_MANAGEMENT,))
    assert CAPABILITIES["can_sign_policy"].function()(top, Policy(signer_id=top.person_id)) is True
