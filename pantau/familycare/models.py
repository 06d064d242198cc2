"""Family-based care: prospective adoptive, foster and kinship families, the files that take a child
from a home to a family through the legal steps, guardianship orders, the eligibility rules as
versioned data, and the early warnings raised on the way.

A family's and a child's details are personal data (a child's specific, UU 27/2022 Pasal 4): document
numbers are stored only encrypted, every read of a file or a family is audited (familycare/services),
and ``str()`` names no one.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pantau.regions.models import RegionScoped, RegionScopedQuerySet


class Kind(models.TextChoices):
    ADOPTION = "adoption", _("Adoption")
    FOSTER = "foster", _("Foster care")
    KINSHIP = "kinship", _("Kinship care")
    GUARDIANSHIP = "guardianship", _("Guardianship")


class Religion(models.TextChoices):
    ISLAM = "islam", _("Islam")
    PROTESTANT = "protestant", _("Protestant Christianity")
    CATHOLIC = "catholic", _("Catholicism")
    HINDU = "hindu", _("Hinduism")
    BUDDHIST = "buddhist", _("Buddhism")
    CONFUCIAN = "confucian", _("Confucianism (Khonghucu)")
    BELIEF = "belief", _("Indigenous belief (penghayat kepercayaan)")


class Citizenship(models.TextChoices):
    WNI = "wni", _("Indonesian citizen (WNI)")
    WNA = "wna", _("Foreign citizen (WNA)")


class MaritalStatus(models.TextChoices):
    MARRIED = "married", _("Married")
    SINGLE = "single", _("Single, never married")
    WIDOWED = "widowed", _("Widowed")
    DIVORCED = "divorced", _("Divorced")


class Sex(models.TextChoices):
    MALE = "L", _("Male (L)")
    FEMALE = "P", _("Female (P)")


class FamilyQuerySet(RegionScopedQuerySet["Family"]):
    pass


class Family(RegionScoped):
    """A household that applies to adopt, foster or care for a relative's child: one or two applicants.

    ``region_code`` is where the family lives: the kabupaten/kota Dinas Sosial receives the application
    (PP 54/2007 and Permensos 110/HUK/2009 route it there)."""

    applicant_name = models.CharField(_("applicant"), max_length=150)
    applicant_sex = models.CharField(_("applicant's sex"), max_length=1, choices=Sex.choices)
    applicant_birth_date = models.DateField(_("applicant's date of birth"))
    applicant_religion = models.CharField(_("applicant's religion"), max_length=12, choices=Religion.choices)
    applicant_citizenship = models.CharField(
        _("applicant's citizenship"), max_length=3, choices=Citizenship.choices, default=Citizenship.WNI
    )
    marital_status = models.CharField(_("marital status"), max_length=10, choices=MaritalStatus.choices)
    married_on = models.DateField(_("married on"), null=True, blank=True)
    spouse_name = models.CharField(_("spouse"), max_length=150, blank=True)
    spouse_sex = models.CharField(_("spouse's sex"), max_length=1, choices=Sex.choices, blank=True)
    spouse_birth_date = models.DateField(_("spouse's date of birth"), null=True, blank=True)
    spouse_religion = models.CharField(
        _("spouse's religion"), max_length=12, choices=Religion.choices, blank=True
    )
    spouse_citizenship = models.CharField(
        _("spouse's citizenship"), max_length=3, choices=Citizenship.choices, blank=True
    )
    children_count = models.PositiveSmallIntegerField(_("children the family already has"), default=0)
    adoptions_before = models.PositiveSmallIntegerField(_("children adopted before"), default=0)
    last_adoption_on = models.DateField(_("last adoption (court order date)"), null=True, blank=True)
    monthly_income = models.PositiveBigIntegerField(_("monthly income (Rp)"), null=True, blank=True)
    relationship_to_child = models.CharField(
        _("relationship to the child (kinship care)"), max_length=100, blank=True
    )
    address = models.CharField(_("address"), max_length=300)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    phone_digits = models.CharField(max_length=30, blank=True, db_index=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = FamilyQuerySet.as_manager()

    class Meta(RegionScoped.Meta):
        verbose_name = _("family")
        verbose_name_plural = _("families")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"family #{self.pk}"

    @property
    def is_couple(self) -> bool:
        return self.marital_status == MaritalStatus.MARRIED

    def applicants(self) -> list[tuple[str, date | None, str, str]]:
        """(role, date of birth, religion, citizenship) of each applicant: one, or a married couple."""
        people: list[tuple[str, date | None, str, str]] = [
            ("applicant", self.applicant_birth_date, self.applicant_religion, self.applicant_citizenship)
        ]
        if self.is_couple:
            people.append(("spouse", self.spouse_birth_date, self.spouse_religion, self.spouse_citizenship))
        return people


class DocumentKind(models.TextChoices):
    KTP = "ktp", _("Identity card (KTP)")
    KK = "kk", _("Family card (KK)")
    MARRIAGE = "marriage", _("Marriage certificate or book")
    BIRTH = "birth", _("Applicants' birth certificates")
    HEALTH = "health", _("Health certificate (government hospital)")
    MENTAL_HEALTH = "mental_health", _("Mental-health certificate")
    SKCK = "skck", _("Police clearance (SKCK)")
    INCOME = "income", _("Statement of income")
    PARENT_CONSENT = "parent_consent", _("Written consent of the child's parents or guardian")
    BEST_INTEREST = "best_interest", _("Signed statement: in the child's best interest")
    NON_VIOLENCE = (
        "non_violence",
        _("Signed statement: no violence, exploitation or neglect (known to RT/RW)"),
    )
    DOMICILE = "domicile", _("Domicile letter")
    SINGLE_PARENT_PERMIT = "single_parent_permit", _("Minister's permit for a single-parent adoption")
    TRAINING = "training", _("Caregiving training certificate")


class FamilyDocument(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=24, choices=DocumentKind.choices)
    # The number may be a NIK (KTP, KK): stored encrypted, like every identifier in Pantau.
    number_cipher = models.TextField(blank=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("checked by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("family document")
        verbose_name_plural = _("family documents")
        ordering = ["kind", "-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("issued_on")),
                name="family_document_valid_after_issue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    def is_valid_on(self, day: date) -> bool:
        return self.issued_on <= day and (self.valid_until is None or day <= self.valid_until)


class RuleSet(models.Model):
    """One version of the eligibility rules and step deadlines for a kind of care.

    The parameters (ages, years married, trial months, documents, deadlines, and the legal basis of
    each) are data so that a change in regulation is a new version made by an administrator, not a code
    change; each file and each step records the version it was checked under. Versions are never edited:
    a correction is a new version (``familycare.services.rules_publish``)."""

    kind = models.CharField(_("kind of care"), max_length=12, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    valid_from = models.DateField(_("applies from"))
    params = models.JSONField(_("parameters"))
    note = models.TextField(_("what changed, and its source"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="ruleset_kind_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} rules v{self.version}"


class Stage(models.TextChoices):
    """Every stage of every kind of file; ``familycare.workflow`` orders them per kind."""

    APPLIED = "applied", _("Application received")
    HOME_VISIT_1 = "home_visit_1", _("Home visit 1 and social report")
    TRIAL_CARE = "trial_care", _("Temporary care permit, trial care")
    HOME_VISIT_2 = "home_visit_2", _("Home visit 2 and evaluation")
    PIPA_REVIEW = "pipa_review", _("Reviewed by Tim PIPA")
    PERMIT_DECREE = "permit_decree", _("Adoption permit decree (SK)")
    COURT_ORDER = "court_order", _("Court order (penetapan pengadilan)")
    REGISTERED = "registered", _("Registered at Dukcapil")
    ASSESSED = "assessed", _("Family assessed")
    TRAINED = "trained", _("Family trained")
    MATCHED = "matched", _("Matched with the child")
    PLACED = "placed", _("Child placed with the family")
    REVIEWED = "reviewed", _("Placement reviewed")
    ENDED = "ended", _("Placement ended")
    GUARDIAN_APPOINTED = "guardian_appointed", _("Guardian appointed by court order")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REFUSED = "refused", _("Refused")


class CareFileQuerySet(RegionScopedQuerySet["CareFile"]):
    def open(self) -> CareFileQuerySet:
        return self.filter(closed_on__isnull=True)


class CareFile(RegionScoped):
    """One child's way from a home to one family: an adoption, foster or kinship file, or a guardianship
    order. ``region_code`` is the family's (the office handling the file)."""

    kind = models.CharField(_("kind of care"), max_length=12, choices=Kind.choices)
    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="files", verbose_name=_("family")
    )
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="care_files", verbose_name=_("child")
    )
    # The child's home when the file was opened; for an adoption it must hold the Minister's licence.
    lksa = models.ForeignKey(
        "registry.Lksa", on_delete=models.PROTECT, related_name="care_files", verbose_name=_("LKSA")
    )
    child_region_code = models.CharField(max_length=13, db_index=True)
    child_religion = models.CharField(
        _("child's religion"), max_length=12, choices=Religion.choices, blank=True
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.APPLIED)
    stage_on = models.DateField(_("stage reached on"))
    due_on = models.DateField(_("next step due by"), null=True, blank=True)
    opened_on = models.DateField(_("application date"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.TextField(_("why it was closed"), max_length=2000, blank=True)
    rules = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("rules"))
    intercountry_reason = models.TextField(
        _("why no family in Indonesia could be found (intercountry adoption)"), max_length=2000, blank=True
    )
    # The exit this file made: the child's placement with the family.
    placement = models.OneToOneField(
        "children.Placement", null=True, blank=True, on_delete=models.PROTECT, related_name="care_file"
    )
    trial_started_on = models.DateField(_("trial care from"), null=True, blank=True)
    next_visit_on = models.DateField(_("next monitoring visit by"), null=True, blank=True)
    # Red flags recorded on the file (early warnings): who brought the child, and money paid.
    intermediary_name = models.CharField(_("intermediary (who arranged it)"), max_length=150, blank=True)
    intermediary_phone = models.CharField(_("intermediary's phone"), max_length=30, blank=True)
    intermediary_phone_digits = models.CharField(max_length=30, blank=True, db_index=True)
    intermediary_account = models.CharField(_("intermediary's bank account"), max_length=40, blank=True)
    intermediary_account_digits = models.CharField(max_length=40, blank=True, db_index=True)
    money_paid = models.PositiveBigIntegerField(_("money paid (Rp)"), null=True, blank=True)
    money_paid_to = models.CharField(_("paid to"), max_length=150, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = CareFileQuerySet.as_manager()

    class Meta(RegionScoped.Meta):
        verbose_name = _("family-care file")
        verbose_name_plural = _("family-care files")
        ordering = ["-opened_on", "-pk"]
        indexes = [
            *RegionScoped.Meta.indexes,
            models.Index(fields=["kind", "stage", "due_on"], name="carefile_kind_stage_due_idx"),
            models.Index(
                fields=["child_region_code"],
                name="carefile_child_region_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ]
        constraints = [
            # A child is in one family's process at a time (a child in two placements at once is refused).
            models.UniqueConstraint(
                fields=["child"], condition=Q(closed_on__isnull=True), name="carefile_one_open_per_child"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} file #{self.pk}"

    @property
    def number(self) -> str:
        return f"{self.kind[:3].upper()}-{self.pk:06d}"


class FileStep(models.Model):
    """A stage reached, with its date, its document and who recorded it: the file's history."""

    file = models.ForeignKey(CareFile, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    done_on = models.DateField(_("date"))
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    issued_by = models.CharField(_("issued or done by"), max_length=150, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    rules = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("file step")
        verbose_name_plural = _("file steps")
        ordering = ["done_on", "pk"]

    def __str__(self) -> str:
        return f"{self.stage} on {self.done_on}"


class MonitoringVisit(models.Model):
    """A visit to a foster or kinship family during the placement, on the rules' schedule."""

    class Finding(models.TextChoices):
        WELL = "well", _("Doing well")
        CONCERNS = "concerns", _("Some concerns, support given")
        AT_RISK = "at_risk", _("At risk: protection needed")
        NOT_FOUND = "not_found", _("Family could not be found")

    file = models.ForeignKey(CareFile, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    by = models.CharField(_("by (name, role)"), max_length=150)
    finding = models.CharField(_("finding"), max_length=10, choices=Finding.choices)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"visit #{self.pk}"


class EarlyWarning(RegionScoped):
    """A pattern that may hide a child sold or handed over as an "adoption": each opens a concern and
    adds points to the home's place in the visit plan (supervision/risk.py)."""

    home_field = "lksa"
    follows_home = True  # the office now supervising the home is the one whose plan it weighs on

    class Code(models.TextChoices):
        INFANT_QUICK_EXIT = (
            "infant_quick_exit",
            _("An infant admitted under one year old left within 90 days"),
        )
        UNLICENSED_EXIT = (
            "unlicensed_exit",
            _("A child left for adoption or foster care from a home without the licence"),
        )
        SHARED_CONTACT = (
            "shared_contact",
            _("The same intermediary, phone or bank account in several files or cases"),
        )
        MONEY_PAID = "money_paid", _("Money recorded as paid to a home or intermediary")
        UNVERIFIED_EXIT = "unverified_exit", _("A child left for family care without the papers")

    code = models.CharField(_("warning"), max_length=20, choices=Code.choices)
    lksa = models.ForeignKey("registry.Lksa", on_delete=models.PROTECT, related_name="early_warnings")
    child = models.ForeignKey(
        "children.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.ForeignKey(
        CareFile, null=True, blank=True, on_delete=models.PROTECT, related_name="warnings"
    )
    # related_name: the triage list filters by warning (cases reads it by name, importing nothing from here).
    concern = models.ForeignKey(
        "cases.Concern", null=True, blank=True, on_delete=models.PROTECT, related_name="early_warnings"
    )
    facts = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RegionScopedQuerySet["EarlyWarning"].as_manager()

    class Meta(RegionScoped.Meta):
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        ordering = ["-created_at", "-pk"]
        indexes = [
            *RegionScoped.Meta.indexes,
            models.Index(fields=["lksa", "created_at"], name="earlywarning_home_idx"),
        ]

    def __str__(self) -> str:
        return f"warning #{self.pk}"
