"""Supervision (pengawasan): versioned checklists, visits, answers, findings and their follow-up."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from pantau.lib.storage import private_storage, random_upload_path
from pantau.regions.models import RegionScoped, RegionScopedQuerySet


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical: children may be in danger")


class ChecklistTemplate(models.Model):
    """One version of a checklist. A published version never changes: editing makes the next version,
    so a visit always shows the checklist it was done with."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("In use")
        RETIRED = "retired", _("Replaced by a newer version")

    name = models.CharField(_("name"), max_length=150)
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    notes = models.TextField(_("what changed"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="checklist_name_version_unique"),
            # Only one version of a checklist is in use at a time.
            models.UniqueConstraint(
                fields=["name"], condition=Q(status="published"), name="checklist_one_published"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class ChecklistItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=8)  # e.g. "A4", "H45"
    area = models.CharField(pgettext_lazy("part of a checklist", "area"), max_length=2)
    area_title = models.CharField(_("area title"), max_length=120)
    area_title_en = models.CharField(_("area title (English)"), max_length=120, blank=True)
    text = models.TextField(_("item"), max_length=1000)
    text_en = models.TextField(_("item (English)"), max_length=1000, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    mandatory = models.BooleanField(_("must be answered"), default=True)
    severity = models.CharField(
        _("severity when not met"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="checklist_item_code_unique")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        """The item in the reader's language (checklists are written in Indonesian first)."""
        return self.text_en if (get_language() or "").startswith("en") and self.text_en else self.text

    @property
    def area_label(self) -> str:
        english = (get_language() or "").startswith("en") and self.area_title_en
        return self.area_title_en if english else self.area_title


class VisitQuerySet(RegionScopedQuerySet["Visit"]):
    pass


class Visit(RegionScoped):
    # ``region_code`` is the home's when the visit was planned. Visits do not follow a home that moves: a
    # visit is the act of the office that planned it (``organisation``), its team is from that office and
    # only the team conducts or calls it off (``can_conduct``), and the findings it produces are decided by
    # that office (``can_decide_finding``). Moved to the new region, a visit would be seen by an office that
    # cannot act on it and hidden from the team that can. So the old office keeps its visits (it may still
    # conclude one under way or call off a planned one); the new office sees the home in its plan and
    # plans its own visits; the home sees its concluded visits either way (by ``lksa``).
    home_field = "lksa"
    follows_home = False

    class Kind(models.TextChoices):
        ANNOUNCED = "announced", _("Announced")
        UNANNOUNCED = "unannounced", _("Unannounced")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        CONCLUDED = "concluded", _("Concluded")
        CANCELLED = "cancelled", _("Cancelled")

    lksa = models.ForeignKey(
        "registry.Lksa", verbose_name=_("LKSA"), on_delete=models.PROTECT, related_name="visits"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("supervising office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    template = models.ForeignKey(ChecklistTemplate, verbose_name=_("checklist"), on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ANNOUNCED)
    planned_on = models.DateField(_("planned for"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("team lead"), on_delete=models.PROTECT, related_name="+"
    )
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("team"), related_name="visits")
    purpose = models.TextField(_("purpose"), max_length=2000, blank=True)
    summary = models.TextField(_("conclusion"), max_length=5000, blank=True)
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisitQuerySet.as_manager()

    class Meta(RegionScoped.Meta):
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-planned_on", "-pk"]
        indexes = [
            *RegionScoped.Meta.indexes,
            models.Index(fields=["lksa", "status", "visited_on"], name="visit_lksa_status_idx"),
        ]

    def __str__(self) -> str:
        return f"visit #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)


class Answer(models.Model):
    class Value(models.TextChoices):
        COMPLIANT = "yes", _("Compliant")
        PARTLY = "partly", _("Partly")
        NOT = "no", _("Not compliant")
        NOT_APPLICABLE = "na", _("Not applicable")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(_("answer"), max_length=8, choices=Value.choices, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="answer_once_per_item")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.value}"


class Evidence(models.Model):
    """A photo or document taken during a visit or sent with a finding's response."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="evidence")
    item = models.ForeignKey(ChecklistItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    finding = models.ForeignKey(
        "supervision.Finding", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(storage=private_storage, upload_to=random_upload_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class FindingQuerySet(RegionScopedQuerySet["Finding"]):
    def open(self) -> FindingQuerySet:
        return self.exclude(status=Finding.Status.CLOSED)

    def overdue(self, today: object) -> FindingQuerySet:
        return self.open().filter(due_on__lt=today)


class Finding(RegionScoped):
    # ``region_code`` is its visit's. Findings stay with their visit when the home moves, open ones too:
    # accepting a correction is for the office that made the visit (``can_decide_finding``), which still
    # sees them; the home answers them as before (it sees them by ``lksa``). Open findings pass to the new
    # office only through its own visit.
    home_field = "lksa"
    follows_home = False

    class Status(models.TextChoices):
        OPEN = "open", _("Open: waiting for the LKSA")
        RESPONDED = "responded", _("Answered: waiting for the supervisor")
        CLOSED = "closed", _("Closed: correction accepted")

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="findings")
    lksa = models.ForeignKey("registry.Lksa", on_delete=models.PROTECT, related_name="findings")
    item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("checklist item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("what was found"), max_length=4000)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    corrective_action = models.TextField(_("corrective action required"), max_length=4000)
    due_on = models.DateField(_("due by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    concern = models.ForeignKey(
        "cases.Concern", null=True, blank=True, on_delete=models.PROTECT, related_name="findings"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FindingQuerySet.as_manager()

    class Meta(RegionScoped.Meta):
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["due_on", "pk"]
        indexes = [
            *RegionScoped.Meta.indexes,
            models.Index(fields=["lksa", "status", "due_on"], name="finding_lksa_status_idx"),
        ]

    def __str__(self) -> str:
        return f"finding #{self.pk}"


class FindingResponse(models.Model):
    """The LKSA's answer to a finding, and the supervisor's decision on it."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected: more is needed")

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="responses")
    text = models.TextField(_("what was done"), max_length=4000)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    responded_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decision_note = models.TextField(_("decision note"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("response to a finding")
        verbose_name_plural = _("responses to findings")
        ordering = ["responded_at", "pk"]

    def __str__(self) -> str:
        return f"response #{self.pk}"


class RiskWeight(models.Model):
    """Points one risk factor adds to an LKSA's score in the visit plan (see supervision/risk.py)."""

    code = models.CharField(max_length=40, unique=True)
    points = models.PositiveIntegerField(_("points"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("risk weight")
        verbose_name_plural = _("risk weights")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}={self.points}"


class PlanScore(models.Model):
    """A home's stored place on the visit plan (``pantau.supervision.plan_store``): its score and reasons,
    so that the plan page sorts and pages in SQL instead of scoring every home of the jurisdiction."""

    lksa = models.OneToOneField(
        "registry.Lksa", primary_key=True, on_delete=models.CASCADE, related_name="plan_score"
    )
    score = models.IntegerField()
    reasons = models.JSONField(default=list)  # [{"code", "points", "detail", "count"}]
    last_visit = models.DateField(null=True)
    next_visit = models.DateField(null=True)
    # The home's legality status when scored: a refresh of it (a bulk UPDATE, no signal) shows as a
    # difference and the score is recomputed at the next read.
    legality_status = models.CharField(max_length=20)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["-score"], name="plan_score_score_idx")]

    def __str__(self) -> str:
        return f"plan score {self.lksa_id}={self.score}"
