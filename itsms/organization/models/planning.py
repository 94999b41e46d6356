"""Context, interested parties, scope, policy, objectives, risks and the responsibility matrix."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from itsms.catalogue.models import Requirement
from itsms.core.models import Department, Organization, Person

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class IssueKind(models.TextChoices):
    INTERNAL = "internal", _("internal")
    EXTERNAL = "external", _("external")


class ContextIssue(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=IssueKind.choices)
    title = models.CharField(_("issue"), max_length=200)
    description = models.TextField(_("effect on the service management system"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("context issue")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.title


class InterestedParty(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("interested party"), max_length=200)
    requirements = models.TextField(_("needs and requirements"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("interested party")
        verbose_name_plural = _("interested parties")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class ScopeStatement(models.Model):
    """One version of the SMS scope; a change makes a new version, earlier ones stay as they were."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(_("version"))
    services = models.TextField(_("services"))
    locations = models.TextField(_("locations"))
    units = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("organizational units")
    )
    statement = models.TextField(_("scope statement"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("scope statement")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "version"], name="scope_unique_version")
        ]

    def __str__(self) -> str:
        return f"v{self.version}"


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", _("awaiting signature")
    SIGNED = "signed", _("signed")


class Policy(models.Model):
    """A version of the service management policy and its release order (发布令) for the manual.

    The author drafts it and names the top manager who must sign; it counts as approved only once that
    person signs with their password, and it is released on the day of that signature.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("policy"))
    signer = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("to be signed by (top management)")
    )
    manual_title = models.CharField(_("manual released with it"), max_length=200, blank=True)
    # The day of the signature in the organization's zone; empty until signed.
    released_on = models.DateField(_("released on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service management policy")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "version"], name="policy_unique_version"),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(released_on__isnull=False, status_changed_at__isnull=False),
                name="policy_released_when_signed",
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.version}"


class Objective(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("objective"), max_length=200)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner"))
    method = models.TextField(_("measurement method"))
    frequency = models.CharField(_("frequency"), max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("objective")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    def met(self, value: object) -> bool:
        return bool(value >= self.target if self.higher_is_better else value <= self.target)  # type: ignore[operator]


class ObjectiveResult(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="results")
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["period_end"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "period_end"], name="objective_result_unique_period")
        ]

    def __str__(self) -> str:
        return f"{self.period_end}: {self.value}"


class RiskKind(models.TextChoices):
    RISK = "risk", _("risk")
    OPPORTUNITY = "opportunity", _("opportunity")


class Risk(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=RiskKind.choices, default=RiskKind.RISK)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1-5)"), validators=SCALE)
    impact = models.PositiveSmallIntegerField(_("impact (1-5)"), validators=SCALE)
    treatment = models.TextField(_("treatment"))
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner"))
    review_date = models.DateField(_("review date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("risk or opportunity")
        verbose_name_plural = _("risks and opportunities")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5), name="risk_likelihood"
            ),
            models.CheckConstraint(condition=models.Q(impact__gte=1, impact__lte=5), name="risk_impact"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class RaciLetter(models.TextChoices):
    RESPONSIBLE = "R", _("responsible")
    ACCOUNTABLE = "A", _("accountable")
    CONSULTED = "C", _("consulted")
    INFORMED = "I", _("informed")


class RaciAssignment(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="+")
    letter = models.CharField(_("role"), max_length=1, choices=RaciLetter.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "department", "requirement"], name="raci_unique_cell"
            )
        ]
        indexes = [models.Index(fields=["organization", "requirement"], name="raci_org_req")]

    def __str__(self) -> str:
        return self.letter
