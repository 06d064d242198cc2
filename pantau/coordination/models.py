"""Coordination meetings (rakor), their recommendations, the organisations responsible for each, their
progress reports with evidence, and the reminders sent before due dates.

A recommendation is assigned to one or more organisations (``Assignment``); each assignment has its own
actions, indicator, target, due date and status. Progress reports are append-only: the latest sets the
assignment's status, the earlier ones stay as its history."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pantau.lib.storage import private_storage, random_upload_path


class Theme(models.TextChoices):
    DATA_LEGALITY = "data_legality", _("Data accuracy and legality of LKSA")
    SUPERVISION = "supervision", _("Supervision and LKSA staff")
    FAMILY_CARE = "family_care", _("Family-based care first")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    PREVENTION = "prevention", _("Prevention and public awareness")
    COORDINATION = "coordination", _("Coordination between agencies")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")


class ComputedIndicator(models.TextChoices):
    """Indicators Pantau computes from its own data (coordination/indicators.py)."""

    POLSEK_PPA = "polsek_ppa", _("Unit PPA at Polsek level")
    LKSA_LEGALITY = "lksa_legality", _("LKSA data accuracy and legality")
    FAMILY_CARE = "family_care", _("Family-based care first")
    SUPERVISORS = "supervisors", _("LKSA per supervisor")


class Meeting(models.Model):
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300)
    organiser = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    participants = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("participating organisations"), blank=True, related_name="+"
    )
    # Bodies that are not in Pantau (LKKNU, Nasyiatul Aisyiyah...), one per line.
    other_participants = models.TextField(_("other participants (not in Pantau)"), blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for a national meeting."),
    )
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_file = models.FileField(
        _("minutes (file)"), storage=private_storage, upload_to=random_upload_path, blank=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coordination meeting")
        verbose_name_plural = _("coordination meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d-%m-%Y})"

    @property
    def other_participant_list(self) -> list[str]:
        return [line.strip() for line in self.other_participants.splitlines() if line.strip()]


class Recommendation(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="recommendations")
    # Empty for a recommendation the minutes state without a number (the Kemensos one of April 2024).
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    text = models.TextField(_("recommendation (as agreed)"), max_length=4000)
    summary_en = models.CharField(_("summary in English"), max_length=500, blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, default=Theme.OTHER)
    published = models.BooleanField(_("published on the public progress page"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["meeting", models.F("number").asc(nulls_first=True), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="recommendation_unique_number_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.number}" if self.number is not None else "#-"


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def overdue(self, today: date) -> AssignmentQuerySet:
        return self.filter(due_on__lt=today).exclude(status=Status.DONE)

    def open(self) -> AssignmentQuerySet:
        return self.exclude(status=Status.DONE)


class Assignment(models.Model):
    """One responsible organisation's part of a recommendation."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="assignments")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        related_name="coordination_assignments",
    )
    actions = models.TextField(_("actions"), max_length=4000)
    indicator = models.CharField(_("indicator"), max_length=500, blank=True)
    computed_indicator = models.CharField(
        _("indicator computed by Pantau"), max_length=20, choices=ComputedIndicator.choices, blank=True
    )
    target = models.CharField(_("target"), max_length=300, blank=True)
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    blocked_reason = models.CharField(_("reason it is blocked"), max_length=500, blank=True)
    status_on = models.DateField(_("status as of"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "organisation"], name="assignment_unique_org_per_recommendation"
            ),
            models.CheckConstraint(
                condition=~Q(status="blocked") | ~Q(blocked_reason=""), name="assignment_blocked_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="assignment_org_status_idx")]

    def __str__(self) -> str:
        return f"{self.recommendation} · {self.organisation}"

    def is_overdue(self, today: date) -> bool:
        return self.status != Status.DONE and self.due_on < today


class ProgressReport(models.Model):
    """What the responsible organisation reported: append-only, never edited."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("date"))
    narrative = models.TextField(_("what was done"), max_length=4000)
    status = models.CharField(_("new status"), max_length=12, choices=Status.choices)
    blocked_reason = models.CharField(_("reason it is blocked"), max_length=500, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"report #{self.pk}"


class ReportEvidence(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(storage=private_storage, upload_to=random_upload_path)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"evidence #{self.pk}"


class Reminder(models.Model):
    """A reminder sent for an assignment at a threshold ("14", "3" days before, "overdue"), for the due
    date it had then: the daily run sends each at most once, and again only if the due date moves."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    threshold = models.CharField(max_length=10)
    due_on = models.DateField()
    sent_on = models.DateField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "threshold", "due_on"], name="reminder_once_per_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"reminder {self.threshold} for {self.assignment_id}"
