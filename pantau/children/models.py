"""Children in care: identity (identifiers encrypted), family, the gatekeeping assessment and placements.

A child's record is specific personal data (UU 27/2022 Pasal 4): identifiers are stored only encrypted
with a keyed hash for exact look-up, and every read of an identity is audited (see children/services).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pantau.regions.models import RegionScoped, RegionScopedQuerySet


class Sex(models.TextChoices):
    MALE = "L", _("Male (L)")
    FEMALE = "P", _("Female (P)")


class DatePrecision(models.TextChoices):
    EXACT = "exact", _("Exact")
    ESTIMATED = "estimated", _("Estimated")
    UNKNOWN = "unknown", _("Unknown")


class ParentStatus(models.TextChoices):
    ALIVE = "alive", _("Alive")
    DECEASED = "deceased", _("Deceased")
    UNKNOWN = "unknown", _("Unknown")


class ReferralSource(models.TextChoices):
    """SNPA A3: the sources a referral may come from."""

    FAMILY = "family", _("Family or relatives")
    COMMUNITY = "community", _("Community")
    POLICE = "police", _("Police")
    DINSOS = "dinsos", _("Dinas Sosial")
    RPSA = "rpsa", _("Child protection home (RPSA)")
    SERVICE = "service", _("Service agency (LPA, NGO, school, Posyandu)")
    SELF = "self", _("The child or family themselves")
    OTHER = "other", _("Other")
    # Not an accepted source: recorded so that recruitment is said, and refused (gatekeeping_rules.py).
    LKSA = "lksa", _("The LKSA itself (its own outreach)")


class AdmissionReason(models.TextChoices):
    """Why the child is admitted, structured so the last-resort rule can be read (gatekeeping_rules.py)."""

    ABANDONED = "abandoned", _("Abandoned, no family found")
    ORPHANED = "orphaned", _("Orphaned, no kin able to care")
    PROTECTION = "protection", _("Abuse or neglect at home (protection)")
    FAMILY_UNABLE = "family_unable", _("Family unable to care even with support (family strengthening tried)")
    SPECIAL_PROTECTION = (
        "special_protection",
        _("Child in conflict with the law / special protection referral"),
    )
    POVERTY = "poverty", _("Poverty only")
    SCHOOLING = "schooling", _("Schooling / education only")
    OTHER = "other", _("Other (describe)")


class ChildQuerySet(RegionScopedQuerySet["Child"]):
    def in_care(self) -> ChildQuerySet:
        return self.filter(status=Child.Status.IN_CARE)


class Child(RegionScoped):
    # ``region_code`` is the home's, kept on the child so jurisdiction filters need no join. Every child of
    # a home that moves follows it, those in care and those who left alike: a child's record is kept by the
    # home (the home files the follow-up visits of leavers), so the office now supervising the home is the
    # one that sees its children, and the office that no longer supervises it stops seeing them.
    home_field = "lksa"
    follows_home = True

    class Status(models.TextChoices):
        IN_CARE = "in_care", _("In care")
        LEFT = "left", _("Left the LKSA")

    lksa = models.ForeignKey(
        "registry.Lksa", verbose_name=_("LKSA"), on_delete=models.PROTECT, related_name="children"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    aliases = models.CharField(_("other names"), max_length=300, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("date of birth is"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.EXACT
    )
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    # Encrypted identifiers (pantau.lib.crypto) and their keyed hashes for exact look-up.
    nik_cipher = models.TextField(blank=True)
    nik_hash = models.CharField(max_length=64, blank=True, db_index=True)
    kk_cipher = models.TextField(blank=True)
    kk_hash = models.CharField(max_length=64, blank=True, db_index=True)
    birth_certificate_cipher = models.TextField(blank=True)
    birth_certificate_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # Nama ibu kandung: the standard Indonesian verification field, and a strong signal for linkage.
    mother_name = models.CharField(_("mother's name"), max_length=150, blank=True)
    father_name = models.CharField(_("father's name"), max_length=150, blank=True)
    mother_status = models.CharField(
        _("mother"), max_length=10, choices=ParentStatus.choices, default=ParentStatus.UNKNOWN
    )
    father_status = models.CharField(
        _("father"), max_length=10, choices=ParentStatus.choices, default=ParentStatus.UNKNOWN
    )
    family_whereabouts = models.CharField(_("where the family lives"), max_length=300, blank=True)
    guardian_name = models.CharField(_("legal guardian"), max_length=150, blank=True)
    referral_source = models.CharField(_("referred by"), max_length=12, choices=ReferralSource.choices)
    referral_reason = models.TextField(_("reason for referral"), max_length=2000)
    # Blank on records made before issue 16 and on imports that do not give it.
    admission_reason = models.CharField(
        _("reason for admission"), max_length=20, choices=AdmissionReason.choices, blank=True
    )
    admission_reason_other = models.CharField(_("other reason (describe)"), max_length=300, blank=True)
    admitted_on = models.DateField(_("admitted on"))
    # Admission before the gatekeeping assessment is allowed only as an emergency, flagged until assessed.
    emergency_admission = models.BooleanField(_("emergency admission"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.IN_CARE)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ChildQuerySet.as_manager()

    class Meta(RegionScoped.Meta):
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["full_name"]
        indexes = [
            *RegionScoped.Meta.indexes,
            models.Index(fields=["lksa", "status"], name="child_lksa_status_idx"),
            # The list's order (status, then name) with the region beside it: a page of a province's
            # 100,000 children is read in order from the index alone (lib/paging.py, keys first).
            models.Index(
                fields=["status", "full_name", "id"], include=["region_code"], name="child_status_name_idx"
            ),
            # The work queues' order (admitted first, first): the home page's first five of a province
            # without sorting its 100,000 children.
            models.Index(
                fields=["status", "admitted_on", "id"],
                include=["region_code"],
                name="child_status_admitted_idx",
            ),
            # Counting a jurisdiction's children in care from the index alone.
            models.Index(
                fields=["status", "region_code"],
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
                name="child_status_region_idx",
            ),
        ]

    def __str__(self) -> str:
        # Never the name: str() ends up in logs and audit labels.
        return f"child #{self.pk}"

    @property
    def has_living_parent(self) -> bool:
        return ParentStatus.ALIVE in (self.mother_status, self.father_status)


class GatekeepingAssessment(models.Model):
    """Why the child cannot stay with family (SNPA A1-A9), done before admission except in an emergency."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="gatekeeping")
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.CharField(_("assessed by (name, role)"), max_length=150)
    # Answers per SNPA item code ("A1".."A9"): "yes", "no" or "na".
    items = models.JSONField(_("checklist"), default=dict, blank=True)
    family_care_possible = models.BooleanField(_("the child can stay with the family"), default=False)
    reasons = models.TextField(_("why the child cannot stay with the family"), max_length=4000)
    agreement_signed = models.BooleanField(_("written agreement (kesepakatan) signed"), default=False)
    # The home does not approve its own admissions: Dinas Sosial (a supervisor or a social worker, Sakti
    # Peksos) signs the assessment off (accounts.access.require_gatekeeping_signoff). Until then, and
    # past SIGNOFF_DAYS after admission as overdue, it waits in Dinas Sosial's queue (children/queues.py).
    signed_off_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    signed_off_role_note = models.CharField(_("signed off as"), max_length=150, blank=True)

    SIGNOFF_DAYS = 30

    class Meta:
        verbose_name = _("gatekeeping assessment")
        verbose_name_plural = _("gatekeeping assessments")

    def __str__(self) -> str:
        return f"gatekeeping #{self.pk}"


class Placement(models.Model):
    class Kind(models.TextChoices):
        LKSA = "lksa", _("In this LKSA")
        TRANSFER = "transfer", _("Transfer to another LKSA")
        REUNIFICATION = "reunification", _("Reunification with parents")
        KINSHIP = "kinship", _("Kinship care")
        FOSTER = "foster", _("Foster family")
        GUARDIANSHIP = "guardianship", _("Guardianship")
        ADOPTION = "adoption", _("Adoption")
        INDEPENDENT = "independent", _("Independent living")
        MISSING = "missing", _("Ran away / missing")
        DEATH = "death", _("Death")

    FAMILY_BASED = frozenset(
        {Kind.REUNIFICATION, Kind.KINSHIP, Kind.FOSTER, Kind.GUARDIANSHIP, Kind.ADOPTION}
    )
    # Leaving for these needs a completed file or a court order (children/papers.py).
    NEEDS_PAPERS = frozenset({Kind.KINSHIP, Kind.FOSTER, Kind.GUARDIANSHIP, Kind.ADOPTION})

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="placements")
    kind = models.CharField(_("placement"), max_length=14, choices=Kind.choices)
    lksa = models.ForeignKey(
        "registry.Lksa", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    # An exit that needs papers, reported by the home without them: kept (the child is gone and that fact
    # must not be lost) but flagged, with a concern opened, until Dinas Sosial links the papers.
    unverified = models.BooleanField(_("unverified"), default=False)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="placement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} from {self.started_on}"


class FamilyGoal(models.TextChoices):
    """The family-based care a care plan aims for: Placement.FAMILY_BASED, nothing else (a plan does not
    aim for a transfer, running away or death)."""

    REUNIFICATION = Placement.Kind.REUNIFICATION.value, Placement.Kind.REUNIFICATION.label
    KINSHIP = Placement.Kind.KINSHIP.value, Placement.Kind.KINSHIP.label
    FOSTER = Placement.Kind.FOSTER.value, Placement.Kind.FOSTER.label
    GUARDIANSHIP = Placement.Kind.GUARDIANSHIP.value, Placement.Kind.GUARDIANSHIP.label
    ADOPTION = Placement.Kind.ADOPTION.value, Placement.Kind.ADOPTION.label


class CarePlan(models.Model):
    """The individual care plan (SNPA B11), reviewed at least every six months."""

    REVIEW_MONTHS = 6

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="care_plans")
    made_on = models.DateField(_("made on"))
    goals = models.TextField(_("goals"), max_length=4000)
    family_based_goal = models.CharField(
        _("family-based care aimed for"), max_length=14, choices=FamilyGoal.choices, blank=True
    )
    next_review_on = models.DateField(_("next review by"))
    made_by = models.CharField(_("made by (name, role)"), max_length=150)

    class Meta:
        verbose_name = _("care plan")
        verbose_name_plural = _("care plans")
        ordering = ["-made_on", "-pk"]

    def __str__(self) -> str:
        return f"care plan #{self.pk}"


class TracingAttempt(models.Model):
    """Family tracing (pencarian dan penelusuran keluarga, SNPA A7): who tried, when, how, and the result."""

    class Method(models.TextChoices):
        HOME_VISIT = "home_visit", _("Home visit")
        PHONE = "phone", _("Phone / messaging")
        COMMUNITY = "community", _("Community leaders (RT/RW, village)")
        DUKCAPIL = "dukcapil", _("Civil registry (Dukcapil) records")
        SOCIAL_MEDIA = "social_media", _("Social media")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        NOT_FOUND = "not_found", _("Family not found")
        FOUND = "found", _("Family found")
        FOUND_UNSAFE = "found_unsafe", _("Family found, not safe to return")
        CONTACT_RESTORED = "contact", _("Contact restored")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="tracing_attempts")
    attempted_on = models.DateField(_("date"))
    by = models.CharField(_("by (name, role)"), max_length=150)
    method = models.CharField(_("method"), max_length=14, choices=Method.choices)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("family tracing attempt")
        verbose_name_plural = _("family tracing attempts")
        ordering = ["-attempted_on", "-pk"]

    def __str__(self) -> str:
        return f"tracing #{self.pk}"


class FollowUpVisit(models.Model):
    """A visit after the child left for family-based care (SNPA B14: reintegration is followed up)."""

    class Finding(models.TextChoices):
        WELL = "well", _("Doing well")
        CONCERNS = "concerns", _("Some concerns, support given")
        AT_RISK = "at_risk", _("At risk: protection needed")
        NOT_FOUND = "not_found", _("Family could not be found")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="follow_ups")
    visited_on = models.DateField(_("visited on"))
    by = models.CharField(_("by (name, role)"), max_length=150)
    finding = models.CharField(_("finding"), max_length=10, choices=Finding.choices)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"follow-up #{self.pk}"


from pantau.children.summary_models import FiguresRow, FiguresState  # noqa: E402, F401  (the app's models)
