"""Concerns (reports that something may be wrong), their triage, and protection cases with the children,
alleged persons, TPPO assessment, referrals between agencies, services and investigation milestones."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from pantau.lib.names import name_key as person_name_key
from pantau.regions.models import RegionScoped, RegionScopedQuerySet, region_code_field

TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read out over the phone


def new_tracking_code() -> str:
    body = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))
    return f"PNT-{body[:4]}-{body[4:]}"


class Concern(RegionScoped):
    # A concern waiting for triage follows a home that moves: triage is routed by the home's region, and
    # the office now responsible for the home is the one that must look at it. Once triaged (closed,
    # merged, or taken into a case) it keeps the region it was triaged in, with the office that decided.
    home_field = "lksa"
    follows_home = True

    class Source(models.TextChoices):
        PUBLIC = "public", _("Member of the public")
        STAFF = "staff", pgettext_lazy("source of a concern", "Staff")
        FINDING = "finding", _("Supervision finding")
        MONITORING = "monitoring", _("Online monitoring")
        # SNPA D26: the home itself reports a serious incident to its Dinas Sosial (pantau.incidents).
        INCIDENT = "incident", _("Incident reported by the home")
        # The child-friendly channel: a child (often in a home) reports without an account.
        CHILD = "child", _("A child, through the children's channel")
        # A link across homes, posts, permits and cases that a reviewer judged worth triage (pantau.network).
        NETWORK = "network", _("Links between accounts and persons")

    class Category(models.TextChoices):
        LIVESTREAM = "livestream", _("Children shown in live streams or videos to ask for money")
        FUNDRAISING = "fundraising", _("Suspicious fundraising or bank account")
        ABUSE = "abuse", _("Violence or abuse of children")
        WORK = "work", _("Children made to work, beg or perform")
        ADOPTION = "adoption", _("Children offered for adoption or 'taken in' for money")
        UNLICENSED = "unlicensed", _("A home operating without a licence")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received, waiting for review")
        IN_REVIEW = "in_review", _("Being reviewed by the authorities")
        CLOSED = "closed", _("Closed")

    follows_home_when = models.Q(status=Status.RECEIVED, case__isnull=True)  # the triage queue's rows

    tracking_code = models.CharField(
        _("tracking code"), max_length=16, unique=True, default=new_tracking_code
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    lksa = models.ForeignKey(
        "registry.Lksa",
        verbose_name=_("LKSA"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="concerns",
    )
    # Where the concern belongs, for routing to the right Dinas Sosial (the LKSA's region when known;
    # empty when no place is known: national offices triage it).
    region_code = region_code_field(blank=True)
    category = models.CharField(_("what is happening"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"), max_length=5000)
    subject_text = models.CharField(_("name, account or link mentioned"), max_length=300, blank=True)
    reporter_name = models.CharField(_("your name"), max_length=150, blank=True)
    reporter_contact = models.CharField(_("phone or e-mail"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    # Triage: a concern becomes (part of) a case, is merged into another concern, or is closed with a reason.
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="concerns"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    closed_reason = models.TextField(_("why it was closed"), max_length=2000, blank=True)
    # Triage takes priority concerns first (a child's own report, a home's report of abuse or a missing
    # child): the queue is ordered by this, then by age.
    is_priority = models.BooleanField(_("priority"), default=False)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta(RegionScoped.Meta):
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-created_at"]
        indexes = [
            *RegionScoped.Meta.indexes,
            models.Index(fields=["status", "created_at"], name="concern_status_age_idx"),
            models.Index(fields=["status", "-is_priority", "created_at"], name="concern_priority_age_idx"),
        ]

    objects = RegionScopedQuerySet["Concern"].as_manager()

    def __str__(self) -> str:
        return self.tracking_code


class FormOfViolence(models.TextChoices):
    """SIMFONI-PPA's forms of violence (rules-and-data.md §6)."""

    PHYSICAL = "fisik", _("Physical (fisik)")
    PSYCHOLOGICAL = "psikis", _("Psychological (psikis)")
    SEXUAL = "seksual", _("Sexual (seksual)")
    EXPLOITATION = "eksploitasi", _("Exploitation (eksploitasi)")
    TRAFFICKING = "trafficking", _("Trafficking")
    NEGLECT = "penelantaran", _("Neglect (penelantaran)")
    OTHER = "lainnya", _("Other (lainnya)")


class ProtectionCluster(models.TextChoices):
    """KPAI's complaint clusters: four on fulfilling rights (PHA) and special protection (PKA)."""

    CIVIL = "pha_civil", _("Civil rights and participation")
    FAMILY = "pha_family", _("Family environment and alternative care")
    HEALTH = "pha_health", _("Basic health and welfare")
    EDUCATION = "pha_education", _("Education, leisure, culture and religion")
    SPECIAL = "pka", _("Special protection (PKA)")


class PlaceOfViolence(models.TextChoices):
    """SIMFONI-PPA's places of the event (rules-and-data.md §6); blank on cases opened before issue 17."""

    HOUSEHOLD = "rumah_tangga", _("Household (rumah tangga)")
    WORKPLACE = "tempat_kerja", _("Workplace (tempat kerja)")
    SCHOOL = "sekolah", _("School (sekolah)")
    PUBLIC = "fasilitas_umum", _("Public place (fasilitas umum)")
    SHORT_COURSE = "lemb_pend_kilat", _("Short-course institution (lembaga pendidikan kilat)")
    OTHER = "lainnya", _("Other, including a children's home or online (lainnya)")


class Intake(models.TextChoices):
    """Where a case came from: each agency opens cases from its own intake, not only from triage."""

    TRIAGE = "triage", _("A concern triaged in Pantau")
    POLICE_REPORT = "police_report", _("A police report (laporan polisi, LP)")
    WALK_IN = "walk_in", _("A walk-in or call at the UPTD PPA")
    HOTLINE = "hotline", _("The SAPA 129 hotline")
    OUTREACH = "outreach", _("Outreach, a raid or a rescue")


class CaseQuerySet(RegionScopedQuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.filter(status=Case.Status.OPEN)


class Case(RegionScoped):
    # A case keeps the region where it was opened when the home moves. Who works on it does not depend on
    # the region (the lead agency and agencies that accepted a referral: ``cases_visible_to``), and the
    # lead agency does not change with the home's address; the region is where the case is counted
    # (SIMFONI figures of the office that opened it) and which agencies it can be referred to nearby.
    home_field = "lksa"
    follows_home = False

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    number = models.CharField(_("case number"), max_length=24, unique=True)
    title = models.CharField(_("title"), max_length=200, help_text=_("Short, without children's names."))
    owner = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("lead agency"), on_delete=models.PROTECT, related_name="+"
    )
    lksa = models.ForeignKey(
        "registry.Lksa",
        verbose_name=_("LKSA"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    intake = models.CharField(
        _("how the case came in"), max_length=14, choices=Intake.choices, default=Intake.TRIAGE
    )
    # A police report opens a case at the police; the number is written the police's way (LP/B/...).
    police_report_number = models.CharField(_("police report (LP) number"), max_length=100, blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    form_of_violence = models.CharField(_("form of violence"), max_length=14, choices=FormOfViolence.choices)
    place = models.CharField(
        _("where it happened"), max_length=16, choices=PlaceOfViolence.choices, blank=True
    )
    cluster = models.CharField(_("KPAI cluster"), max_length=14, choices=ProtectionCluster.choices)
    summary = models.TextField(_("summary"), max_length=5000)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("case team"), related_name="cases")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField(_("closing note"), max_length=4000, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = CaseQuerySet.as_manager()

    class Meta(RegionScoped.Meta):
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at", "-pk"]
        indexes = [
            *RegionScoped.Meta.indexes,
            models.Index(fields=["owner", "status", "opened_at"], name="case_owner_status_idx"),
        ]

    def __str__(self) -> str:
        return self.number


class CaseChild(models.Model):
    """A child involved in a case: linked to the child's record when there is one, else a minimal record."""

    class Outcome(models.TextChoices):
        FAMILY = "family", _("Returned to family")
        ALTERNATIVE_CARE = "alternative_care", _("In family-based alternative care")
        INSTITUTION = "institution", _("In another institution")
        REHABILITATED = "rehabilitated", _("Rehabilitation completed")
        INDEPENDENT = "independent", _("Independent (adult)")
        MISSING = "missing", _("Missing")
        DECEASED = "deceased", _("Deceased")

    class Education(models.TextChoices):
        """SIMFONI's education levels of a victim."""

        NONE = "none", _("Not in school (tidak sekolah)")
        PAUD = "paud_tk", _("Pre-school (PAUD/TK)")
        SD = "sd", _("Primary (SD)")
        SLTP = "sltp", _("Junior secondary (SLTP)")
        SLTA = "slta", _("Senior secondary (SLTA)")
        PT = "pt", _("Higher education (PT)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="children")
    child = models.ForeignKey(
        "children.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="case_links"
    )
    name = models.CharField(_("name or initials"), max_length=150)
    sex = models.CharField(
        _("sex"), max_length=1, choices=[("L", _("Male (L)")), ("P", _("Female (P)"))], blank=True
    )
    age = models.PositiveSmallIntegerField(_("age (years, estimated if unknown)"), null=True, blank=True)
    education = models.CharField(_("education"), max_length=8, choices=Education.choices, blank=True)
    # Where the child comes from (daerah asal): return and reintegration are referred there, across
    # provinces when the child was trafficked away from home.
    origin_region_code = region_code_field(verbose_name=_("home region"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=18, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("child in a case")
        verbose_name_plural = _("children in a case")
        ordering = ["pk"]

    def __str__(self) -> str:
        # Shown where the reader may not see the child's name (a choice list, a log): the case and what
        # the SIMFONI figures count, never the name.
        label = gettext("Child in case %(case)s") % {"case": self.case.number}
        return f"{label} ({self.facts})" if self.facts else label

    @property
    def facts(self) -> str:
        """ "P, 12 y": sex and age, as far as recorded."""
        age = gettext("%(age)s y") % {"age": self.age} if self.age is not None else ""
        return ", ".join(fact for fact in (self.sex, age) if fact)


class CaseSubject(models.Model):
    """A person alleged to be responsible (SIMFONI's relationship to the victim)."""

    class Relation(models.TextChoices):
        PARENT = "orang_tua", _("Parent")
        FAMILY = "keluarga", _("Family or relative")
        CAREGIVER = "pengasuh", _("LKSA staff or caregiver")
        MANAGER = "pengurus", _("LKSA board or manager")
        NEIGHBOUR = "tetangga", _("Neighbour")
        FRIEND = "teman", _("Partner or friend")
        TEACHER = "guru", _("Teacher")
        EMPLOYER = "majikan", _("Employer")
        OTHER = "lainnya", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="subjects")
    name = models.CharField(_("name"), max_length=150)
    relation = models.CharField(_("relation to the child"), max_length=10, choices=Relation.choices)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    # The NIK encrypted, with its keyed hash for exact look-up across cases and the registry's staff.
    nik_cipher = models.TextField(blank=True)
    nik_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # The name normalised for matching (pantau.lib.names.name_key), filled on save.
    name_key = models.CharField(max_length=150, blank=True, db_index=True)

    # The column's own encryption context; the keyed hash is shared with other adults (lib/persons.py).
    NIK_CONTEXT = "cases.casesubject.nik"

    class Meta:
        verbose_name = _("alleged person")
        verbose_name_plural = _("alleged persons")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"subject #{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = person_name_key(self.name)[:150]
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)


class CaseEvent(models.Model):
    """The case's timeline: what happened and what was done, in order."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    happened_on = models.DateField(_("date"))
    text = models.TextField(_("what happened"), max_length=4000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["happened_on", "pk"]

    def __str__(self) -> str:
        return f"event #{self.pk}"


class TppoAssessment(models.Model):
    """The facts of a possible trafficking case, element by element (UU 21/2007); see cases/tppo.py."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="tppo")
    process = models.JSONField(_("process"), default=list, blank=True)
    means = models.JSONField(_("means"), default=list, blank=True)
    purpose = models.JSONField(_("exploitative purpose"), default=list, blank=True)
    facts = models.TextField(_("facts"), max_length=4000, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("TPPO assessment")
        verbose_name_plural = _("TPPO assessments")

    def __str__(self) -> str:
        return f"tppo #{self.pk}"


class Referral(models.Model):
    class Purpose(models.TextChoices):
        INVESTIGATION = "investigation", _("Investigation (police)")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial services")
        REHABILITATION = "rehabilitation", _("Social rehabilitation")
        HEALTH = "health", _("Health care")
        LEGAL_AID = "legal_aid", _("Legal aid")
        OTHER_REGION = "other_region", _("Handling by another region")
        RETURN = "return", _("Return and reintegration in the child's home region")
        REPATRIATION = "repatriation", _("Repatriation from abroad (national agencies)")

    class LegalBasis(models.TextChoices):
        """The ground for sharing a child's data with another agency (UU 27/2022 Pasal 20 ayat 2;
        see docs/law-review-cases.md for what was checked)."""

        CONSENT = "consent", _("Consent of the parent or guardian")
        LEGAL_OBLIGATION = "legal_obligation", _("A legal obligation (e.g. reporting a crime)")
        VITAL_INTEREST = "vital_interest", _("The child's vital interest (danger to life or health)")
        PUBLIC_TASK = "public_task", _("A public task or an agency's legal authority")

    class Assent(models.TextChoices):
        GIVEN = "given", _("Given")
        REFUSED = "refused", _("Refused")
        NOT_ASKED = "not_asked", _("Not asked (too young or unable), with the reason noted")

    class Consent(models.TextChoices):
        GIVEN = "given", _("Given")
        REFUSED = "refused", _("Refused")
        NO_GUARDIAN = "no_guardian", _("No parent or guardian reachable")
        CONFLICT = "conflict", _("Not asked: the parent or guardian is alleged or has a conflict of interest")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    from_org = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_org = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    note = models.TextField(_("what is asked"), max_length=2000, blank=True)
    due_on = models.DateField(_("answer by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # Recorded before anything about a child is shared; blank only on referrals made before issue 17.
    legal_basis = models.CharField(
        _("legal basis for sharing"), max_length=16, choices=LegalBasis.choices, blank=True
    )
    child_assent = models.CharField(
        _("the child's assent"), max_length=10, choices=Assent.choices, blank=True
    )
    guardian_consent = models.CharField(
        _("the parent's or guardian's consent"), max_length=12, choices=Consent.choices, blank=True
    )
    consent_note = models.TextField(_("consent and legal basis: note"), max_length=2000, blank=True)
    # What the receiver gets once it accepts (codes of pantau.cases.sharing.SHARED).
    shared = models.JSONField(_("what is shared"), default=list, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("why it was declined"), max_length=2000, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["to_org", "status"], name="referral_inbox_idx")]

    def __str__(self) -> str:
        return f"referral #{self.pk}"


class Service(models.Model):
    """A service given to a child in the case (SIMFONI's services, and rehabilitation)."""

    class Kind(models.TextChoices):
        HEALTH = "health", _("Health")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
        LEGAL_AID = "legal_aid", _("Legal aid")
        SHELTER = "shelter", _("Temporary shelter")
        RETURN = "return", _("Return to family")
        REINTEGRATION = "reintegration", _("Social reintegration")
        REHABILITATION = "rehabilitation", _("Social rehabilitation")
        EDUCATION = "education", _("Education")
        RELIGIOUS = "religious", _("Accompaniment by a religious leader")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    case_child = models.ForeignKey(
        CaseChild,
        verbose_name=_("child"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="services",
    )
    kind = models.CharField(_("service"), max_length=16, choices=Kind.choices)
    provider = models.CharField(_("provider"), max_length=200)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="service_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"service #{self.pk}"


class Investigation(models.Model):
    """A police milestone on a case referred for investigation (laporan polisi and its stage)."""

    class Stage(models.TextChoices):
        REPORT = "report", _("Police report made (LP)")
        INQUIRY = "inquiry", _("Inquiry (penyelidikan)")
        INVESTIGATION = "investigation", _("Investigation (penyidikan)")
        SUSPECT = "suspect", _("Suspect named")
        FILE_COMPLETE = "p21", _("File complete (P21), to prosecution")
        STOPPED = "sp3", _("Stopped (SP3)")
        VERDICT = "verdict", _("Court verdict")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="investigation")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("stage"), max_length=14, choices=Stage.choices)
    police_report_number = models.CharField(_("police report (LP) number"), max_length=100, blank=True)
    happened_on = models.DateField(_("date"))
    note = models.TextField(_("note"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("investigation milestone")
        verbose_name_plural = _("investigation milestones")
        ordering = ["happened_on", "pk"]

    def __str__(self) -> str:
        return f"investigation #{self.pk}"
