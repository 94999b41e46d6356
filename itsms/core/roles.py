"""The role model as data: which of the 11 roles holds which capability, and the object rules.

Every permission function (`can_*`, `is_*`) in the apps' `permissions.py` is one capability here, named
after the function. The functions stay ordinary code; this table is the independent statement of what
they must answer, so a wrong grant in a function (or a view decorated with the wrong function) fails a
test instead of passing silently. docs/roles.md and the role-model page are generated from this table.

A capability answers for a membership:
- kind "any": yes when one of its roles is in `grants`, or when the object rule holds and one of its
  roles is in `rule_roles` (a staff member may start the task they own, not every task);
- kind "only": yes when every role of the membership is in `grants` (a customer and nothing else);
- kind "user": as "any", over the roles of all the user's current memberships (creating an organization
  happens before there is a membership in it).
An inactive membership holds nothing, except for the "only" kind, which describes and does not grant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Role

R = Role
ALL = frozenset(Role.values)
# Work inside the management system; customers use the portal, external auditors only read.
INTERNAL = ALL - {R.CUSTOMER, R.EXTERNAL_AUDITOR}
READ = INTERNAL | {R.EXTERNAL_AUDITOR}
ADMIN = frozenset({R.ORG_ADMIN})
RUNS_SYSTEM = frozenset({R.ORG_ADMIN, R.MANAGEMENT_REP})
# Top management decides and the working group carries the rollout, with the management representative.
DESIGNERS = frozenset({R.ORG_ADMIN, R.TOP_MANAGEMENT, R.MANAGEMENT_REP, R.WORKING_GROUP})
TRAINING_MANAGERS = frozenset({R.ORG_ADMIN, R.MANAGEMENT_REP, R.WORKING_GROUP})
DIAGNOSIS_EDITORS = frozenset({R.ORG_ADMIN, R.MANAGEMENT_REP, R.WORKING_GROUP, R.INTERNAL_AUDITOR})
DIAGNOSIS_READERS = DIAGNOSIS_EDITORS | {R.TOP_MANAGEMENT, R.EXTERNAL_AUDITOR}
DOC_CONTROLLERS = frozenset({R.ORG_ADMIN, R.DOCUMENT_CONTROLLER, R.MANAGEMENT_REP})
DOC_AUTHORS = DOC_CONTROLLERS | {R.WORKING_GROUP, R.DEPARTMENT_MANAGER, R.STAFF}
DOC_EXTERNAL_CHECKERS = DOC_CONTROLLERS | {R.WORKING_GROUP}
DOC_APPROVERS = frozenset({R.ORG_ADMIN, R.TOP_MANAGEMENT, R.MANAGEMENT_REP})
DOC_OFFICERS = frozenset({R.ORG_ADMIN, R.DOCUMENT_CONTROLLER})
AUDIT_TRAIL_READERS = frozenset(
    {R.ORG_ADMIN, R.TOP_MANAGEMENT, R.MANAGEMENT_REP, R.INTERNAL_AUDITOR, R.EXTERNAL_AUDITOR}
)
NC_READERS = READ - {R.STAFF, R.SERVICE_AGENT}
NC_RAISERS = frozenset({R.ORG_ADMIN, R.MANAGEMENT_REP, R.WORKING_GROUP, R.INTERNAL_AUDITOR})
# The auditee's side plans the correction; the auditor who found it verifies it (independence).
NC_PLANNERS = frozenset({R.ORG_ADMIN, R.MANAGEMENT_REP, R.WORKING_GROUP, R.DEPARTMENT_MANAGER})
NC_CLOSERS = frozenset({R.ORG_ADMIN, R.MANAGEMENT_REP, R.INTERNAL_AUDITOR})
# Verifying effectiveness is an audit (9.2/10.1): the internal auditor, never the action's owner.
NC_VERIFIERS = frozenset({R.INTERNAL_AUDITOR})
OFI_PROPOSERS = NC_PLANNERS | {R.INTERNAL_AUDITOR}
OFI_DECIDERS = frozenset({R.ORG_ADMIN, R.TOP_MANAGEMENT, R.MANAGEMENT_REP})
NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ObjectRule:
    name: str
    label: Promise
    explanation: Promise


@dataclass(frozen=True)
class Capability:
    name: str  # the permission function's name
    module: str  # the module that defines it
    area: str
    label: Promise
    grants: frozenset[str]
    rule: str | None = None
    rule_roles: frozenset[str] = NONE
    kind: str = "any"

    def function(self) -> Callable[..., bool]:
        fn: Callable[..., bool] = getattr(import_module(self.module), self.name)
        return fn

    def answer(self, roles: Iterable[str], *, active: bool = True, rule_holds: bool = False) -> bool:
        """What the model says for a membership holding `roles` (and whether the object rule holds)."""
        held = frozenset(roles)
        if self.kind == "only":
            return bool(held) and held <= self.grants
        if not active:
            return False
        if held & self.grants:
            return True
        return rule_holds and bool(held & self.rule_roles)

    def role_cell(self, role: str) -> str:
        """'yes', 'rule' (only through the object rule) or 'no', for the published table."""
        if self.kind == "only":
            return "yes" if role in self.grants else "no"
        if role in self.grants:
            return "yes"
        return "rule" if role in self.rule_roles else "no"


RULES: dict[str, ObjectRule] = {
    r.name: r
    for r in (
        ObjectRule(
            "token_holder",
            _("The token's holder"),
            _("Anyone may revoke their own API tokens, even after losing API access."),
        ),
        ObjectRule(
            "site_operator",
            _("Site operator"),
            _(
                "A user with the site's staff flag. Libraries are shared by every organization of the site, "
                "so only a site operator loads them; a site operator may also create organizations."
            ),
        ),
        ObjectRule(
            "diagnosis_lead",
            _("The lead of the diagnosis team"),
            _("Only the person named lead of the diagnosis team signs its report, and only if they run it."),
        ),
        ObjectRule(
            "writing_assignee",
            _("The writer of the task"),
            _("The person a writing task is assigned to marks it done; document officers close any."),
        ),
        ObjectRule(
            "named_signer",
            _("The named top manager"),
            _(
                "Only the top manager a letter of appointment or a policy names as its signer signs it; "
                "the author never approves it by choosing."
            ),
        ),
        ObjectRule(
            "objective_owner",
            _("The objective's owner"),
            _("The person who owns an objective records its measured results."),
        ),
        ObjectRule(
            "task_owner",
            _("The task's owner"),
            _("The owner of a programme task starts it and marks it done; programme managers work any task."),
        ),
    )
}


def _c(module: str, name: str, label: Promise, grants: frozenset[str], **more: Any) -> tuple[str, Capability]:
    area = module.split(".")[1]
    return name, Capability(
        name=name, module=f"{module}.permissions", area=area, label=label, grants=grants, **more
    )


CORE = "itsms.core"
CAPABILITIES: dict[str, Capability] = dict(
    [
        # core: the organization, its people and its administration
        _c(CORE, "can_view_organization", _("Open the organization (own notifications and exports)"), ALL),
        _c(CORE, "can_view_customer_home", _("Open the customer portal page"), ALL),
        _c(
            CORE,
            "is_customer_only",
            _("Is a customer and nothing else (lands on the portal)"),
            frozenset({R.CUSTOMER}),
            kind="only",
        ),
        _c(CORE, "can_view_directory", _("Read departments, positions and people"), READ),
        _c(CORE, "can_view_contact_details", _("See staff e-mail addresses and phone numbers"), INTERNAL),
        _c(CORE, "can_manage_directory", _("Edit departments, positions and people"), RUNS_SYSTEM),
        _c(CORE, "can_manage_members", _("Add members and give roles"), ADMIN),
        _c(CORE, "can_manage_organization", _("Change the organization's settings"), ADMIN),
        _c(CORE, "can_view_access_log", _("Read what external auditors opened"), RUNS_SYSTEM),
        _c(CORE, "can_view_role_model", _("Read the role model"), RUNS_SYSTEM),
        _c(CORE, "can_view_audit_trail", _("Read the audit trail"), AUDIT_TRAIL_READERS),
        _c(CORE, "can_use_api", _("Use the API with a token"), READ),
        _c(
            CORE, "can_revoke_api_token", _("Revoke an API token"), ADMIN, rule="token_holder", rule_roles=ALL
        ),
        _c(CORE, "can_download_internal_file", _("Download the system's internal files"), READ),
        _c(CORE, "can_upload_file", _("Upload files"), INTERNAL),
        _c(
            CORE,
            "can_create_organization",
            _("Create an organization (in any current membership)"),
            frozenset({R.ORG_ADMIN, R.WORKING_GROUP}),
            rule="site_operator",
            rule_roles=ALL,
            kind="user",
        ),
        # catalogue
        _c("itsms.catalogue", "can_view_catalogue", _("Read the standards and their requirements"), READ),
        _c(
            "itsms.catalogue",
            "can_load_library",
            _("Load a library of standards from the web"),
            NONE,
            rule="site_operator",
            rule_roles=INTERNAL,
        ),
        # programme
        _c("itsms.programme", "can_view_programme", _("Read the programme and its tasks"), READ),
        _c(
            "itsms.programme", "can_manage_programme", _("Plan the programme and assign its tasks"), DESIGNERS
        ),
        _c(
            "itsms.programme",
            "can_work_on_task",
            _("Start a task or mark it done"),
            DESIGNERS,
            rule="task_owner",
            rule_roles=INTERNAL,
        ),
        # organization: the system design
        _c(
            "itsms.organization",
            "can_view_design",
            _("Read the system design (policy, scope, risks, objectives)"),
            READ,
        ),
        _c("itsms.organization", "can_manage_design", _("Edit the system design"), DESIGNERS),
        _c(
            "itsms.organization",
            "is_named_top_manager",
            _("Sign as the top manager a record names"),
            NONE,
            rule="named_signer",
            rule_roles=frozenset({R.TOP_MANAGEMENT}),
        ),
        _c(
            "itsms.organization",
            "can_sign_appointment",
            _("Sign a letter of appointment"),
            NONE,
            rule="named_signer",
            rule_roles=frozenset({R.TOP_MANAGEMENT}),
        ),
        _c(
            "itsms.organization",
            "can_sign_policy",
            _("Sign the service management policy"),
            NONE,
            rule="named_signer",
            rule_roles=frozenset({R.TOP_MANAGEMENT}),
        ),
        _c(
            "itsms.organization",
            "can_record_result",
            _("Record an objective's measured result"),
            DESIGNERS,
            rule="objective_owner",
            rule_roles=INTERNAL,
        ),
        # training
        _c("itsms.training", "can_view_training", _("Read training sessions, records and competence"), READ),
        _c(
            "itsms.training",
            "can_manage_training",
            _("Plan training, record attendance and scores"),
            TRAINING_MANAGERS,
        ),
        _c("itsms.training", "can_sign_in", _("Sign oneself in at a training session"), INTERNAL),
        _c("itsms.training", "can_confirm_awareness", _("Confirm awareness of a campaign"), INTERNAL),
        _c("itsms.training", "can_manage_training_settings", _("Change the training settings"), ADMIN),
        # diagnosis
        _c(
            "itsms.diagnosis", "can_view_diagnosis", _("Read the diagnosis (gap analysis)"), DIAGNOSIS_READERS
        ),
        _c("itsms.diagnosis", "can_edit_diagnosis", _("Carry out the diagnosis"), DIAGNOSIS_EDITORS),
        _c("itsms.diagnosis", "can_issue_diagnosis_report", _("Issue the diagnosis report"), RUNS_SYSTEM),
        _c(
            "itsms.diagnosis",
            "can_create_writing_tasks",
            _("Hand the documents to write over as writing tasks"),
            DIAGNOSIS_EDITORS & DOC_CONTROLLERS,
        ),
        _c(
            "itsms.diagnosis",
            "can_sign_diagnosis_report",
            _("Sign the diagnosis report"),
            NONE,
            rule="diagnosis_lead",
            rule_roles=DIAGNOSIS_EDITORS,
        ),
        # documents
        _c("itsms.documents", "can_view_documents", _("Read controlled documents"), READ),
        _c("itsms.documents", "can_view_document_files", _("Download documents' files"), READ),
        _c("itsms.documents", "can_manage_documents", _("Run the document register"), DOC_CONTROLLERS),
        _c("itsms.documents", "can_write_drafts", _("Write drafts"), DOC_AUTHORS),
        _c("itsms.documents", "can_comment_documents", _("Comment in an internal review"), INTERNAL),
        _c(
            "itsms.documents",
            "can_check_externally",
            _("Do the external completeness check"),
            DOC_EXTERNAL_CHECKERS,
        ),
        _c("itsms.documents", "can_approve_documents", _("Approve documents"), DOC_APPROVERS),
        _c("itsms.documents", "can_sign_documents", _("Sign a revision as reviewer or approver"), INTERNAL),
        _c("itsms.documents", "can_acknowledge", _("Acknowledge receipt of a document"), INTERNAL),
        _c(
            "itsms.documents",
            "can_configure_document_control",
            _("Set the document-control rules"),
            DOC_OFFICERS,
        ),
        _c("itsms.documents", "can_assign_writing", _("Assign writing tasks"), DOC_CONTROLLERS),
        _c("itsms.documents", "can_close_writing_tasks", _("Open the writing tasks to close one"), INTERNAL),
        _c(
            "itsms.documents",
            "can_close_assignment",
            _("Mark a writing task done"),
            DOC_OFFICERS,
            rule="writing_assignee",
            rule_roles=INTERNAL,
        ),
        _c("itsms.documents", "can_cancel_assignment", _("Cancel a writing task"), DOC_OFFICERS),
        # audits: the nonconformity register
        _c("itsms.audits", "can_view_nonconformities", _("Read the nonconformity register"), NC_READERS),
        _c("itsms.audits", "can_raise_nonconformity", _("Raise a nonconformity"), NC_RAISERS),
        _c(
            "itsms.audits",
            "can_work_nonconformity",
            _("Record the correction, root cause, corrective action plan and implementation"),
            NC_PLANNERS,
        ),
        _c(
            "itsms.audits",
            "can_verify_nonconformity",
            _("Verify a corrective action's effectiveness (not one's own action)"),
            NC_VERIFIERS,
        ),
        _c("itsms.audits", "can_close_nonconformity", _("Close a verified nonconformity"), NC_CLOSERS),
        _c("itsms.audits", "can_view_improvements", _("Read the opportunities for improvement"), NC_READERS),
        _c(
            "itsms.audits",
            "can_propose_improvement",
            _("Record an opportunity for improvement"),
            OFI_PROPOSERS,
        ),
        _c(
            "itsms.audits",
            "can_decide_improvement",
            _("Accept or reject an opportunity for improvement and record its outcome"),
            OFI_DECIDERS,
        ),
    ]
)

AREA_LABELS: dict[str, Promise] = {
    "core": _("Organization and administration"),
    "catalogue": _("Catalogue"),
    "programme": _("Programme"),
    "organization": _("System design"),
    "training": _("Training"),
    "diagnosis": _("Diagnosis"),
    "documents": _("Documents"),
    "audits": _("Nonconformities"),
}

PERMISSION_MODULES = tuple(sorted({c.module for c in CAPABILITIES.values()}))


def capability_for(function: Callable[..., Any]) -> Capability | None:
    """The capability a permission function stands for (None for a function the model does not list)."""
    cap = CAPABILITIES.get(getattr(function, "__name__", ""))
    if cap is not None and getattr(function, "__module__", None) == cap.module:
        return cap
    return None


def markdown_table() -> str:
    """The role × capability table of docs/roles.md ('✓' held, 'rule' only through the object rule)."""
    roles = list(Role.values)
    marks = {"yes": "✓", "rule": "rule", "no": ""}
    lines = [
        "| capability | area | " + " | ".join(roles) + " | object rule |",
        "|---|---|" + "---|" * len(roles) + "---|",
    ]
    for cap in CAPABILITIES.values():
        cells = " | ".join(marks[cap.role_cell(r)] for r in roles)
        rule = f"`{cap.rule}`" if cap.rule else ""
        if cap.kind != "any":
            rule = f"{rule} ({cap.kind})".strip()
        lines.append(f"| `{cap.name}` | {cap.area} | {cells} | {rule} |")
    return "\n".join(lines) + "\n"


DOC_INTRO = """# Roles and capabilities

Generated from `itsms/core/roles.py` by `python manage.py roles_doc`; a test fails when this file and the
data differ. Each capability is one permission function (`can_*`, `is_*`) of an app's `permissions.py`,
and a test checks every function against this table for every role, alone and combined. The page and
API matrices (`tests/matrix/`) take their expected answers from the same table. In the application, org
admins and the management representative see it under Administration → Role model, in both languages.

✓: the role holds the capability. rule: the role holds it only for the objects its object rule names.
A member with several roles holds every capability of each; an inactive membership holds none.
"""


def roles_markdown() -> str:
    """docs/roles.md, in English."""
    with translation.override("en"):
        roles = "\n".join(f"- `{r.value}`: {r.label}" for r in Role)
        labels = "\n".join(f"- `{c.name}` ({c.area}): {c.label}" for c in CAPABILITIES.values())
        rules = "\n".join(f"- `{r.name}`, {r.label}: {r.explanation}" for r in RULES.values())
        kinds = (
            "- `(only)`: the member holds no role outside the marked ones.\n"
            "- `(user)`: any current membership of the user counts (there is no membership yet in the "
            "organization being created)."
        )
    return (
        f"{DOC_INTRO}\n## Roles\n\n{roles}\n\n## {len(CAPABILITIES)} capabilities\n\n{markdown_table()}"
        f"\n{kinds}\n\n## What each capability means\n\n{labels}\n\n## Object rules\n\n{rules}\n"
    )
