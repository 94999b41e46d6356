from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    MANUAL = "L1", _("L1 manual")
    PROCEDURE = "L2", _("L2 procedure")
    WORK = "L3", _("L3 work document")
    RECORD = "L4", _("L4 record type")
    EXTERNAL = "EXT", _("external document")


class DocType(models.TextChoices):
    MANUAL = "manual", _("manual")
    PROCEDURE = "procedure", _("procedure")
    WORK_INSTRUCTION = "work_instruction", _("work instruction")
    TECHNICAL = "technical", _("technical document")
    MANAGEMENT = "management", _("management document")
    REPORT = "report", _("report")
    FORM = "form", _("form")
    RECORD_TYPE = "record_type", _("record type")
    EXTERNAL = "external", _("external document")


# Which level each type sits at: the level is derived, never typed twice.
LEVEL_OF_TYPE: dict[str, str] = {
    DocType.MANUAL: Level.MANUAL,
    DocType.PROCEDURE: Level.PROCEDURE,
    DocType.WORK_INSTRUCTION: Level.WORK,
    DocType.TECHNICAL: Level.WORK,
    DocType.MANAGEMENT: Level.WORK,
    DocType.REPORT: Level.WORK,
    DocType.FORM: Level.WORK,
    DocType.RECORD_TYPE: Level.RECORD,
    DocType.EXTERNAL: Level.EXTERNAL,
}

DEFAULT_PATTERNS: dict[str, str] = {
    DocType.MANUAL: "ITSMS-M-{seq:02}",
    DocType.PROCEDURE: "ITSMS-PR-{seq:02}",
    DocType.WORK_INSTRUCTION: "ITSMS-WI-{seq:03}",
    DocType.TECHNICAL: "ITSMS-TD-{seq:03}",
    DocType.MANAGEMENT: "ITSMS-MD-{seq:03}",
    DocType.REPORT: "ITSMS-RP-{seq:03}",
    DocType.FORM: "ITSMS-F-{seq:03}",
    DocType.RECORD_TYPE: "ITSMS-R-{seq:03}",
    DocType.EXTERNAL: "EXT-{seq:03}",
}


class DocStatus(models.TextChoices):
    PREPARING = "preparing", _("in preparation")
    RELEASED = "released", _("released")
    WITHDRAWN = "withdrawn", _("withdrawn")


class RevStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    INTERNAL_REVIEW = "internal_review", _("internal review (applicability)")
    EXTERNAL_CHECK = "external_check", _("external check (completeness)")
    APPROVAL = "approval", _("awaiting approval")
    RELEASED = "released", _("released")
    SUPERSEDED = "superseded", _("superseded")
    WITHDRAWN = "withdrawn", _("withdrawn")
    # Sent back for rework: kept as submitted (content and SHA-256 unchanged); a new draft continues it.
    RETURNED = "returned", _("returned for rework")


OPEN_STATUSES = (RevStatus.DRAFT, RevStatus.INTERNAL_REVIEW, RevStatus.EXTERNAL_CHECK, RevStatus.APPROVAL)


class Meaning(models.TextChoices):
    PREPARED = "prepared", _("prepared")
    REVIEWED = "reviewed", _("reviewed")
    APPROVED = "approved", _("approved")


class Stage(models.TextChoices):
    INTERNAL = "internal", _("internal review (applicability)")
    EXTERNAL = "external", _("external check (completeness)")


class TargetKind(models.TextChoices):
    PERSON = "person", _("person")
    DEPARTMENT = "department", _("department")
    LOCATION = "location", _("location")


class RecallOutcome(models.TextChoices):
    PENDING = "pending", _("not yet back")
    RETURNED = "returned", _("returned")
    DESTROYED = "destroyed", _("destroyed")


class Decision(models.TextChoices):
    PENDING = "pending", _("not decided")
    KEEP = "keep", _("keep")
    REVISE = "revise", _("revise")
    WITHDRAW = "withdraw", _("withdraw")


class AssignmentKind(models.TextChoices):
    NEW = "new", _("write new")
    REVISE = "revise", _("revise")


class AssignmentStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class ReviewOutcome(models.TextChoices):
    NO_CHANGE = "no_change", _("still suitable, no change")
    REVISE = "revise", _("new revision started")
