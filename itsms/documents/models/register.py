from __future__ import annotations

import unicodedata
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itsms.core.models import Department, Organization, Person

from .enums import AssignmentKind, AssignmentStatus, Decision, DocStatus, DocType, Level, ReviewOutcome


def number_key(value: str) -> str:
    """A document number as compared for uniqueness: `ＩＴＳＭＳ－pr 26` and `ITSMS-PR-26` are one number.
    NFKC folds full-width forms, casefold folds case, and whitespace of any kind is dropped."""
    return "".join(unicodedata.normalize("NFKC", value).casefold().split())


class NumberPattern(models.Model):
    """The organization's numbering pattern for one document type (e.g. `ITSMS-PR-{seq:02}`)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    doc_type = models.CharField(_("type"), max_length=20, choices=DocType.choices)
    pattern = models.CharField(_("pattern"), max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "doc_type"], name="doc_number_pattern_unique")
        ]

    def __str__(self) -> str:
        return self.pattern


class Document(models.Model):
    """An entry of the controlled-document register (受控文件清单) or of the external-document list."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="documents")
    number = models.CharField(_("number"), max_length=60)
    # `number_key(number)`, stored so that the database refuses a second spelling of a number, even when
    # two controllers register it at the same moment.
    number_key = models.CharField(max_length=100, default="", editable=False)
    title = models.CharField(_("title"), max_length=300)
    doc_type = models.CharField(_("type"), max_length=20, choices=DocType.choices)
    level = models.CharField(_("level"), max_length=3, choices=Level.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=DocStatus.choices, default=DocStatus.PREPARING
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner department"),
    )
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    approver = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("approver")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent document"),
    )
    review_interval_months = models.PositiveSmallIntegerField(_("review interval (months)"), default=12)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    # External documents (外来文件): who issued them and which version the organization holds.
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    external_version = models.CharField(_("version held"), max_length=60, blank=True)
    current_revision = models.ForeignKey(
        "documents.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Title, number and the current revision's text: what search reads, kept in one row.
    search_text = models.TextField(blank=True, default="")
    # Derived from number, title and search_text by `itsms.documents.search.document_tokens` (Chinese
    # segmented into words) and kept in step by `save()`; PostgreSQL indexes it (GIN over a tsvector).
    search_tokens = models.TextField(blank=True, default="", editable=False)
    requirements = models.ManyToManyField(
        "catalogue.Requirement", blank=True, related_name="+", verbose_name=_("requirements answered")
    )
    documented_info = models.ManyToManyField(
        "catalogue.DocumentedInfo", blank=True, related_name="+", verbose_name=_("documented information")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="document_unique_number"),
            models.UniqueConstraint(fields=["organization", "number_key"], name="document_unique_number_key"),
        ]
        indexes = [
            models.Index(fields=["organization", "level", "number"], name="doc_org_level_number"),
            # The register (everything but external documents) in its order, number then id: its first
            # page and a keyset page (`number > after`) read 51 index entries instead of skipping the
            # external ones or sorting the organization's documents.
            models.Index(
                fields=["organization", "number", "id"],
                condition=~models.Q(level=Level.EXTERNAL),
                name="doc_org_register_order",
            ),
            models.Index(fields=["organization", "status", "number"], name="doc_org_status_number"),
            models.Index(fields=["organization", "owner_department", "number"], name="doc_org_dept_number"),
            models.Index(fields=["organization", "next_review_on"], name="doc_org_next_review"),
            # Search by the start of a number (`number_key LIKE 'itsms-pr%'`): PostgreSQL needs the pattern
            # operator class unless the database collation is C; other databases ignore the class.
            models.Index(
                fields=["number_key"], opclasses=["varchar_pattern_ops"], name="doc_number_key_prefix"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    # The search column is derived data, like an index, so it follows its sources here rather than in each
    # service: every save that writes the number, title or search text (the text-extraction task saves with
    # update_fields=["search_text"]) writes it too, and segments again only when a source changed.
    _SEARCH_SOURCES = frozenset({"number", "title", "search_text"})

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is None or self._SEARCH_SOURCES & set(update_fields):
            before = self.search_tokens
            self.refresh_search_tokens()
            if update_fields is not None and self.search_tokens != before:
                kwargs["update_fields"] = {*update_fields, "search_tokens"}
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Document:
        instance = super().from_db(db, field_names, values)
        if cls._SEARCH_SOURCES | {"search_tokens"} <= set(field_names):
            instance._search_source = (instance.number, instance.title, instance.search_text)
        return instance

    def refresh_search_tokens(self) -> None:
        """Segment now, e.g. before a transaction, so that `save()` has nothing left to do."""
        source = (self.number, self.title, self.search_text)
        if getattr(self, "_search_source", None) != source:
            from ..search import document_tokens

            self.search_tokens = document_tokens(self)
            self._search_source = source


class DocumentRecord(models.Model):
    """A record a procedure produces: record type, form, where kept, how long, who keeps it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="records")
    name = models.CharField(_("record"), max_length=200)
    record_type = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("record type"),
    )
    form = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("form")
    )
    kept_at = models.CharField(_("where kept"), max_length=200, blank=True)
    retention = models.CharField(_("retention period"), max_length=60, blank=True)
    owner_department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class InventoryItem(models.Model):
    """A document found at the start (1.5.2), decided as keep, revise or withdraw."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("existing reference"), max_length=100, blank=True)
    holder = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("held by"),
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    note = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("register entry"),
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class WritingAssignment(models.Model):
    """Who writes (or revises) which document by when (1.5.3)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("document to write"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=10, choices=AssignmentKind.choices, default=AssignmentKind.NEW
    )
    assignee = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("assignee")
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.OPEN
    )
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
        verbose_name=_("document"),
    )
    # Where the task came from (e.g. "diagnosis" and the report's item), so it is not created twice.
    source = models.CharField(max_length=30, default="manual")
    source_ref = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "due_date", "pk"]
        indexes = [models.Index(fields=["organization", "status", "due_date"], name="docassign_org_status")]

    def __str__(self) -> str:
        return self.title


class PeriodicReview(models.Model):
    """A recorded periodic review of a document: still suitable, or a new revision started."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="periodic_reviews")
    reviewed_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=ReviewOutcome.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-reviewed_at"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.outcome}"
