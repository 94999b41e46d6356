from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

URN_LENGTH = 255


def _zh_active() -> bool:
    return (get_language() or "").lower().startswith("zh")


def localized(en: str, zh: str) -> str:
    """The text in the active language, falling back to English when no Chinese text was given."""
    return zh if zh and _zh_active() else en


def other_language(en: str, zh: str) -> str:
    """The text in the language that is not active (shown small beside the main one), or ''."""
    if _zh_active():
        return en if zh else ""
    return zh


class SourceFormat(models.TextChoices):
    ITSMS = "itsms", _("itsms library")
    CISO = "ciso", _("CISO Assistant framework")


class Standard(models.Model):
    """A loaded library: a standard, a law or a framework, in one version."""

    urn = models.CharField(_("URN"), max_length=URN_LENGTH, unique=True)
    ref = models.CharField(_("reference"), max_length=100)
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=300)
    name_zh = models.CharField(_("Chinese name"), max_length=300, blank=True)
    locale = models.CharField(_("locale"), max_length=20, default="en")
    source_format = models.CharField(
        _("source format"), max_length=10, choices=SourceFormat.choices, default=SourceFormat.ITSMS
    )
    description = models.TextField(_("description"), blank=True)
    description_zh = models.TextField(_("Chinese description"), blank=True)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    certifiable = models.BooleanField(
        _("certifiable"), default=False, help_text=_("Clauses of a certifiable standard cannot be excluded.")
    )
    loaded_at = models.DateTimeField(_("loaded at"))
    # The loaded file's SHA-256: which file exactly is behind this version (an auditor can compare it).
    sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["ref", "name"]

    def __str__(self) -> str:
        return self.ref or self.name

    @property
    def display_name(self) -> str:
        return localized(self.name, self.name_zh)

    @property
    def other_name(self) -> str:
        return other_language(self.name, self.name_zh)


class Clause(models.Model):
    """A node of a standard's tree: a clause, sub-clause or (for imported frameworks) article."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="clauses")
    urn = models.CharField(_("URN"), max_length=URN_LENGTH, unique=True)
    ref_id = models.CharField(_("number"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=500)
    title_zh = models.CharField(_("Chinese title"), max_length=500, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("Position in document order."))
    summary = models.TextField(_("summary"), blank=True)
    summary_zh = models.TextField(_("Chinese summary"), blank=True)
    assessable = models.BooleanField(_("assessable"), default=True)
    # Kept by the loader so that a tree of hundreds of clauses needs no per-row child query.
    leaf = models.BooleanField(_("lowest level"), default=True)
    retired = models.BooleanField(_("retired"), default=False)

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["standard", "order"]
        indexes = [models.Index(fields=["standard", "order"], name="clause_standard_order")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="clause_not_own_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.ref_id} {self.title}".strip()

    @property
    def is_leaf(self) -> bool:
        """True when no current (non-retired) clause sits below this one."""
        return self.leaf

    @property
    def display_title(self) -> str:
        return localized(self.title, self.title_zh)

    @property
    def other_title(self) -> str:
        return other_language(self.title, self.title_zh)

    @property
    def display_summary(self) -> str:
        return localized(self.summary, self.summary_zh)


class Requirement(models.Model):
    """A requirement statement in our own words, what an assessment answers."""

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="requirements")
    urn = models.CharField(_("URN"), max_length=URN_LENGTH, unique=True)
    ref = models.CharField(_("reference"), max_length=60)
    text = models.TextField(_("text"))
    text_zh = models.TextField(_("Chinese text"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    retired = models.BooleanField(_("retired"), default=False)

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["clause__order", "order"]

    def __str__(self) -> str:
        return self.ref

    @property
    def display_text(self) -> str:
        return localized(self.text, self.text_zh)

    @property
    def other_text(self) -> str:
        return other_language(self.text, self.text_zh)


class DocumentedInfoKind(models.TextChoices):
    DOCUMENT = "D", _("document")
    RECORD = "R", _("record")
    BOTH = "DR", _("document and record")


class DocumentedInfo(models.Model):
    """An item of the mandatory documented information: a document to maintain or a record to retain."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="documented_info")
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="documented_info")
    urn = models.CharField(_("URN"), max_length=URN_LENGTH, unique=True)
    kind = models.CharField(_("kind"), max_length=2, choices=DocumentedInfoKind.choices)
    title = models.CharField(_("title"), max_length=500)
    title_zh = models.CharField(_("Chinese title"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_zh = models.TextField(_("Chinese description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    retired = models.BooleanField(_("retired"), default=False)

    class Meta:
        verbose_name = _("documented information")
        verbose_name_plural = _("documented information")
        ordering = ["clause__order", "order"]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        return localized(self.title, self.title_zh)

    @property
    def other_title(self) -> str:
        return other_language(self.title, self.title_zh)


class AuditQuestion(models.Model):
    """A question an auditor or a diagnosis team asks about a clause (or one of its requirements)."""

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="questions")
    requirement = models.ForeignKey(
        Requirement, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    # Generated from the clause when the library gives none, so that an upgrade updates rows in place.
    urn = models.CharField(_("URN"), max_length=URN_LENGTH, unique=True)
    text = models.TextField(_("text"))
    text_zh = models.TextField(_("Chinese text"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    retired = models.BooleanField(_("retired"), default=False)

    class Meta:
        verbose_name = _("audit question")
        verbose_name_plural = _("audit questions")
        ordering = ["clause__order", "order"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def display_text(self) -> str:
        return localized(self.text, self.text_zh)

    @property
    def other_text(self) -> str:
        return other_language(self.text, self.text_zh)


class TypicalEvidence(models.Model):
    """What an auditor typically looks at to see that a clause is met."""

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="typical_evidence")
    urn = models.CharField(_("URN"), max_length=URN_LENGTH, unique=True)
    text = models.TextField(_("text"))
    text_zh = models.TextField(_("Chinese text"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    retired = models.BooleanField(_("retired"), default=False)

    class Meta:
        verbose_name = _("typical evidence")
        verbose_name_plural = _("typical evidence")
        ordering = ["clause__order", "order"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def display_text(self) -> str:
        return localized(self.text, self.text_zh)

    @property
    def other_text(self) -> str:
        return other_language(self.text, self.text_zh)
