"""After the rescue: each child's rehabilitation plan and its reviews, reintegration with follow-up visits
on a schedule, and the victim's rights (LPSK protection, restitution)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pantau.cases.models.core import CaseChild
from pantau.regions.models import region_code_field


class RehabPlan(models.Model):
    """A child's rehabilitation plan: goals by domain, each with its provider, reviewed on a schedule."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")

    case_child = models.OneToOneField(CaseChild, on_delete=models.CASCADE, related_name="plan")
    coordinator = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("coordinating agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_every_days = models.PositiveSmallIntegerField(_("review every (days)"), default=30)
    next_review_on = models.DateField(_("next review"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rehabilitation plan")
        verbose_name_plural = _("rehabilitation plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_every_days__gte=7, review_every_days__lte=180),
                name="rehab_plan_review_interval",
            )
        ]

    def __str__(self) -> str:
        return f"plan #{self.pk}"


class PlanGoal(models.Model):
    class Domain(models.TextChoices):
        SAFETY = "safety", _("Safety and shelter")
        MEDICAL = "medical", _("Medical")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
        LEGAL = "legal", _("Legal aid and the trial")
        EDUCATION = "education", _("Education")
        FAMILY = "family", _("Family tracing and return")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Met")
        DROPPED = "dropped", _("Dropped")

    plan = models.ForeignKey(RehabPlan, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(_("domain"), max_length=12, choices=Domain.choices)
    text = models.CharField(_("goal"), max_length=300)
    provider = models.CharField(_("provider"), max_length=200)
    target_on = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)

    class Meta:
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"goal #{self.pk}"


class PlanReview(models.Model):
    plan = models.ForeignKey(RehabPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    progress = models.TextField(_("progress"), max_length=4000)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        ordering = ["reviewed_on", "pk"]

    def __str__(self) -> str:
        return f"review #{self.pk}"


class Reintegration(models.Model):
    """The child's return to a family, followed up by the agency where the child now lives (which may be
    in another province), on a schedule of visits."""

    class PlacedWith(models.TextChoices):
        PARENTS = "parents", _("Parents")
        RELATIVES = "relatives", _("Relatives (kinship care)")
        FOSTER = "foster", _("A foster family")
        INDEPENDENT = "independent", _("Independent living (young adult)")

    class Status(models.TextChoices):
        FOLLOWING = "following", _("Being followed up")
        COMPLETED = "completed", _("Follow-up completed")
        BROKEN_DOWN = "broken_down", _("Broke down: the child is no longer safe there")

    case_child = models.OneToOneField(CaseChild, on_delete=models.CASCADE, related_name="reintegration")
    placed_with = models.CharField(_("returned to"), max_length=12, choices=PlacedWith.choices)
    region_code = region_code_field(verbose_name=_("where the child now lives"))
    follow_up_org = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("agency that follows up"),
        on_delete=models.PROTECT,
        related_name="reintegrations",
    )
    returned_on = models.DateField(_("returned on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.FOLLOWING)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("reintegration")
        verbose_name_plural = _("reintegrations")

    def __str__(self) -> str:
        return f"reintegration #{self.pk}"


class FollowUp(models.Model):
    """A scheduled follow-up visit after reintegration: due on a date, done (or not) with what was seen."""

    reintegration = models.ForeignKey(Reintegration, on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("visited on"), null=True, blank=True)
    child_safe = models.BooleanField(_("the child is safe"), null=True, blank=True)
    in_school = models.BooleanField(_("the child goes to school or training"), null=True, blank=True)
    note = models.TextField(_("what was seen"), max_length=4000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["done_on", "due_on"], name="follow_up_due_idx")]

    def __str__(self) -> str:
        return f"follow-up #{self.pk}"


class LpskRequest(models.Model):
    """A request to LPSK (the witness and victim protection agency) and its decision."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting for LPSK's decision")
        GRANTED = "granted", _("Granted")
        PARTLY = "partly", _("Partly granted")
        REFUSED = "refused", _("Refused")

    case_child = models.ForeignKey(CaseChild, on_delete=models.CASCADE, related_name="lpsk_requests")
    protections = models.JSONField(_("protection asked for"), default=list)
    requested_on = models.DateField(_("requested on"))
    decision = models.CharField(
        _("decision"), max_length=8, choices=Decision.choices, default=Decision.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("LPSK request")
        verbose_name_plural = _("LPSK requests")
        ordering = ["requested_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided_on__isnull=True)
                | models.Q(decided_on__gte=models.F("requested_on")),
                name="lpsk_decided_after_request",
            )
        ]

    def __str__(self) -> str:
        return f"lpsk #{self.pk}"


class Restitution(models.Model):
    """Restitution for a victim: claimed, ordered by the court, paid (in instalments). Rupiah, whole."""

    class Basis(models.TextChoices):
        TPPO = "tppo", _("UU 21/2007 (trafficking)")
        TPKS = "tpks", _("UU 12/2022 (sexual violence)")
        CHILD_PROTECTION = "pa", _("UU 35/2014 (child protection)")

    case_child = models.ForeignKey(CaseChild, on_delete=models.CASCADE, related_name="restitutions")
    basis = models.CharField(_("legal basis"), max_length=6, choices=Basis.choices)
    claimed_amount = models.PositiveBigIntegerField(_("amount claimed (Rp)"))
    claimed_on = models.DateField(_("claimed on"))
    ordered_amount = models.PositiveBigIntegerField(
        _("amount ordered by the court (Rp)"), null=True, blank=True
    )
    ordered_on = models.DateField(_("ordered on"), null=True, blank=True)
    court_decision_number = models.CharField(_("court decision number"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("restitution")
        verbose_name_plural = _("restitutions")
        ordering = ["claimed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ordered_on__isnull=True)
                | models.Q(ordered_on__gte=models.F("claimed_on")),
                name="restitution_ordered_after_claim",
            ),
            models.CheckConstraint(
                condition=models.Q(ordered_on__isnull=True, ordered_amount__isnull=True)
                | models.Q(ordered_on__isnull=False, ordered_amount__isnull=False),
                name="restitution_order_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"restitution #{self.pk}"


class RestitutionPayment(models.Model):
    restitution = models.ForeignKey(Restitution, on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount = models.PositiveBigIntegerField(_("amount paid (Rp)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("restitution payment")
        verbose_name_plural = _("restitution payments")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="restitution_payment_positive")
        ]

    def __str__(self) -> str:
        return f"payment #{self.pk}"
