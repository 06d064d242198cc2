"""Staff vetting and training (SNPA D22-D23): police clearances (SKCK), trainings, the pembinaan sessions
Dinas Sosial runs, the vetting policy each Dinas Sosial sets, and persons barred from working with children.

The registry's ``StaffMember`` keeps the facts the legality rules read (``police_clearance_on``,
``police_clearance_until``, ``protection_training_on``); they are written by ``services`` here from the
verified records, so the registry need not import this app.
"""

from __future__ import annotations

import calendar
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pantau.accounts.models import Organisation
from pantau.lib.storage import private_storage, random_upload_path
from pantau.regions.models import RegionScoped, RegionScopedQuerySet
from pantau.registry.models import Lksa, StaffMember

# Policy setting: the SKCK's own validity under Polri regulation is unverified (rules-and-data.md gives
# none); each Dinas Sosial sets how long it accepts one (``VettingPolicy``), six months until it does.
DEFAULT_SKCK_VALIDITY_MONTHS = 6


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class VettingPolicy(models.Model):
    """How a Dinas Sosial vets the staff of the homes in its area."""

    organisation = models.OneToOneField(
        Organisation, verbose_name=_("office"), on_delete=models.CASCADE, related_name="vetting_policy"
    )
    skck_validity_months = models.PositiveSmallIntegerField(
        _("a police clearance counts for (months)"),
        default=DEFAULT_SKCK_VALIDITY_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "Policy setting of this office. The SKCK's own validity under Polri regulation is unverified."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vetting policy")
        verbose_name_plural = _("vetting policies")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.skck_validity_months}"


class Review(models.TextChoices):
    """Maker-checker, as for the registry's records: what a home records counts once Dinas Sosial has
    verified it; what Dinas Sosial records counts at once."""

    PENDING = "pending", _("Waiting for Dinas Sosial's check")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Returned")


class Reviewed(models.Model):
    status = models.CharField(_("status"), max_length=10, choices=Review.choices, default=Review.PENDING)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class PoliceClearance(Reviewed):
    """A police clearance (SKCK) of a caregiver or board member."""

    staff = models.ForeignKey(
        StaffMember, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="clearances"
    )
    number = models.CharField(_("SKCK number"), max_length=100)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("counts until"))
    validity_months = models.PositiveSmallIntegerField(_("validity (months)"))
    document = models.FileField(
        _("scan of the SKCK"), storage=private_storage, upload_to=random_upload_path, blank=True
    )

    class Meta:
        verbose_name = _("police clearance (SKCK)")
        verbose_name_plural = _("police clearances (SKCK)")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.number


class Training(Reviewed):
    class Kind(models.TextChoices):
        CHILD_PROTECTION = "child_protection", _("Child protection")
        OTHER = "other", _("Other training")

    staff = models.ForeignKey(
        StaffMember, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="trainings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200)
    held_on = models.DateField(_("date"))
    certificate = models.FileField(
        _("certificate"), storage=private_storage, upload_to=random_upload_path, blank=True
    )
    # Set when the training is attendance at a pembinaan session of Dinas Sosial.
    session = models.ForeignKey(
        "TrainingSession", null=True, blank=True, on_delete=models.CASCADE, related_name="trainings"
    )

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "staff"], name="training_once_per_session"),
        ]

    def __str__(self) -> str:
        return self.title


class TrainingSession(RegionScoped):
    """A pembinaan session Dinas Sosial runs for the staff of the homes it invites (recommendation 1 of
    KPAI's 2024 rakor: "pembinaan secara berkala terhadap SDM di LKSA")."""

    # The session is the office's: it stays in the office's region when an invited home moves.
    home_field = None
    follows_home = False

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("venue"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200)
    counts_as_protection = models.BooleanField(_("counts as child-protection training"), default=False)
    homes = models.ManyToManyField(Lksa, verbose_name=_("homes invited"), related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pembinaan session")
        verbose_name_plural = _("pembinaan sessions")
        ordering = ["-held_on", "-pk"]
        indexes = [*RegionScoped.Meta.indexes]

    def __str__(self) -> str:
        return self.topic


class Attendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendance")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    attended = models.BooleanField(_("attended"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "staff"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.staff_id}"


class Bar(RegionScoped):
    """A person Dinas Sosial has barred from working with children after a finding or a case. Holds the
    NIK's keyed hash (pantau.lib.persons), never the NIK itself."""

    # The bar is the barring office's and stays in its region.
    home_field = None
    follows_home = False

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("barred by"), on_delete=models.PROTECT, related_name="+"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    name_key = models.CharField(max_length=150, db_index=True, editable=False)
    nik_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=2000)
    finding = models.ForeignKey(
        "supervision.Finding", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The home where it happened (the finding's or the case's): a match elsewhere is "another home".
    origin = models.ForeignKey(Lksa, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    from_on = models.DateField(_("barred from"))
    until_on = models.DateField(_("barred until"), null=True, blank=True, help_text=_("Empty: no end."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("barred person")
        verbose_name_plural = _("barred persons")
        ordering = ["-from_on", "-pk"]
        indexes = [*RegionScoped.Meta.indexes]

    def __str__(self) -> str:
        return self.full_name

    def in_force_on(self, day: date) -> bool:
        return self.from_on <= day and (self.until_on is None or day <= self.until_on)


class BarMatch(models.Model):
    """A staff member who is (``nik``) or may be (``name_birth``) a barred person."""

    class Strength(models.TextChoices):
        NIK = "nik", _("same NIK")
        NAME_BIRTH = "name_birth", _("possible: same name and date of birth")

    bar = models.ForeignKey(Bar, on_delete=models.CASCADE, related_name="matches")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="bar_matches")
    strength = models.CharField(max_length=12, choices=Strength.choices)
    found_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bar", "staff"], name="bar_match_once")]

    def __str__(self) -> str:
        return f"{self.bar_id}:{self.staff_id}"


class ClearanceReminder(models.Model):
    """One reminder sent for a staff member's clearance ending on ``until``: each threshold once."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    threshold = models.CharField(max_length=10)
    until = models.DateField()
    sent_on = models.DateField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["staff", "threshold", "until"], name="clearance_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.staff_id}:{self.threshold}:{self.until}"
