"""Data-subject requests (UU 27/2022 PDP): access, correction, deletion, restriction, logged with the
time the law gives to answer them (law.PROVISIONS, settings.PANTAU_PRIVACY_REQUEST_HOURS).

The requester is described by their relation to the person the data are about, not by name: the office
needs to know whose data and how to reply, nothing more. The record concerned is named by its kind and
its number in Pantau ("child #123", "case 2026/..."), never by a child's name.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pantau.regions.models import RegionScoped, RegionScopedQuerySet


class Kind(models.TextChoices):
    ACCESS = "access", _("Access to one's data")
    CORRECTION = "correction", _("Correction or update")
    DELETION = "deletion", _("Deletion")
    RESTRICTION = "restriction", _("Restriction or objection")


class Relation(models.TextChoices):
    SELF = "self", _("The person themselves")
    PARENT = "parent", _("Parent")
    GUARDIAN = "guardian", _("Guardian")
    REPRESENTATIVE = "representative", _("Lawyer or representative")
    OTHER = "other", _("Other (explain in the request)")


class SubjectKind(models.TextChoices):
    CHILD = "child", _("A child in care or in a case")
    STAFF = "staff", _("A home's staff member")
    ALLEGED = "alleged", _("An alleged person in a case")
    REPORTER = "reporter", _("Someone who reported a concern")
    FAMILY = "family", _("A family applying for family-based care")
    OFFICER = "officer", _("An officer's account")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    REFUSED = "refused", _("Refused (reason given)")


class SubjectRequestQuerySet(RegionScopedQuerySet["SubjectRequest"]):
    def open(self) -> SubjectRequestQuerySet:
        return self.filter(status=Status.OPEN)

    def overdue(self, now: datetime | None = None) -> SubjectRequestQuerySet:
        return self.open().filter(due_at__lt=now or timezone.now())


class SubjectRequest(RegionScoped):
    # The request belongs to the office that received it (its region), not to a home: it does not move
    # with a home, and its region is the recording office's jurisdiction ("" for a national office).
    home_field = None

    kind = models.CharField(_("kind of request"), max_length=12, choices=Kind.choices)
    requester_relation = models.CharField(
        _("who asks (relation to the person)"), max_length=16, choices=Relation.choices
    )
    # How to send the answer: an address, a phone or "in person at the office". Kept only to answer.
    reply_to = models.CharField(
        _("how to send the answer"), max_length=150, help_text=_("Only what is needed to answer.")
    )
    subject_kind = models.CharField(_("whose data"), max_length=10, choices=SubjectKind.choices)
    subject_reference = models.CharField(
        _("record concerned"),
        max_length=100,
        help_text=_("The record's number in Pantau (e.g. child #123, a case number), never a name."),
    )
    details = models.TextField(
        _("what is asked"),
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text=_("Without children's names."),
    )
    received_at = models.DateTimeField(_("received"))
    # received_at + the hours in force when it was recorded: a later change of the setting does not
    # make old requests late or on time after the fact.
    due_at = models.DateTimeField(_("answer due"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("answer"), max_length=4000, blank=True, validators=[MaxLengthValidator(4000)])
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SubjectRequestQuerySet.as_manager()

    class Meta(RegionScoped.Meta):
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["due_at", "pk"]
        indexes = [
            *RegionScoped.Meta.indexes,
            models.Index(fields=["status", "due_at"], name="subjectreq_status_due_idx"),
        ]

    def __str__(self) -> str:
        return f"request #{self.pk}"

    @property
    def is_overdue(self) -> bool:
        end = self.answered_at or timezone.now()
        return end > self.due_at

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN
