"""A home's report of a serious incident to its Dinas Sosial (SNPA D26), and the deadline it had.

The report is the home's own account; the concern it becomes (``concern``) is where Dinas Sosial works
on it (triage, a case). Children involved are counted, and optionally linked to the home's own child
records: their identities stay in the children app and never in the report's or the concern's text.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from pantau.regions.models import RegionScoped, RegionScopedQuerySet


class Kind(models.TextChoices):
    ABUSE = "abuse", _("Abuse or violence by staff or another person")
    MISSING = "missing", _("A child is missing or ran away")
    DEATH = "death", _("Death of a child")
    INJURY = "injury", _("Serious injury or illness needing hospital care")
    EXPLOITATION = (
        "exploitation",
        _("An exploitation attempt (someone wanting children for streaming, work or begging)"),
    )
    ADOPTION = "adoption", _("A stranger asking to 'adopt' or take a child")
    OTHER = "other", _("Another serious incident")


class Status(models.TextChoices):
    """Where the report stands, as the home sees it: read from the concern it became."""

    RECEIVED = "received", _("Received, waiting for triage")
    IN_TRIAGE = "in_triage", _("In triage")
    CASE_OPENED = "case_opened", _("A case was opened")
    CLOSED = "closed", _("Closed")


class IncidentReportQuerySet(RegionScopedQuerySet["IncidentReport"]):
    def late(self) -> IncidentReportQuerySet:
        return self.filter(reported_at__gt=F("due_at"))


class IncidentReport(RegionScoped):
    # A home's reporting record follows it when it moves: the office that now supervises the home is
    # the one that must see how it has reported (the late count on its page), as with its children.
    home_field = "lksa"
    follows_home = True

    lksa = models.ForeignKey(
        "registry.Lksa", verbose_name=_("LKSA"), on_delete=models.PROTECT, related_name="incident_reports"
    )
    kind = models.CharField(_("kind of incident"), max_length=16, choices=Kind.choices)
    happened_at = models.DateTimeField(_("when it happened"))
    learned_at = models.DateTimeField(_("when the home learned of it"))
    # A TextField's max_length binds only forms; the validator holds the API and the services to it too.
    description = models.TextField(
        _("what happened (without children's names)"), max_length=4000, validators=[MaxLengthValidator(4000)]
    )
    action_taken = models.TextField(
        _("immediate action taken"), max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    police_informed = models.BooleanField(_("the police were informed"), default=False)
    others_informed = models.CharField(_("who else was informed"), max_length=300, blank=True)
    children_count = models.PositiveSmallIntegerField(
        _("number of children involved"), validators=[MaxValueValidator(500)]
    )
    # The home's own child records, for Dinas Sosial to find them; never copied into any text here.
    children = models.ManyToManyField(
        "children.Child", verbose_name=_("children involved"), blank=True, related_name="incident_reports"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported"))
    # learned_at + the policy's hours for the kind at the time of reporting (deadlines.py): kept, so a
    # later change of the setting does not make old reports late or on time after the fact.
    due_at = models.DateTimeField(_("report due"))
    concern = models.OneToOneField(
        "cases.Concern",
        verbose_name=_("concern"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incident_report",
    )

    objects = IncidentReportQuerySet.as_manager()

    class Meta(RegionScoped.Meta):
        verbose_name = _("incident report")
        verbose_name_plural = _("incident reports")
        ordering = ["-reported_at", "-pk"]
        indexes = [
            *RegionScoped.Meta.indexes,
            models.Index(fields=["lksa", "reported_at"], name="incident_home_reported_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.lksa_id}"

    @property
    def is_late(self) -> bool:
        return self.reported_at > self.due_at

    @property
    def late_by(self) -> timedelta | None:
        return self.reported_at - self.due_at if self.is_late else None

    @property
    def status(self) -> str:
        concern = self.concern
        if concern is None or (concern.status == concern.Status.RECEIVED and concern.case_id is None):
            return Status.RECEIVED
        if concern.status == concern.Status.CLOSED:
            return Status.CLOSED
        if concern.case_id is not None:
            return Status.CASE_OPENED
        return Status.IN_TRIAGE

    def get_status_display(self) -> str:
        return str(Status(self.status).label)
