from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pantau.children.models import Child
from pantau.regions.models import RegionScoped, RegionScopedQuerySet, region_code_field


class ChildKey(models.Model):
    """A child's record reduced to linkage keys (see normalise), for the registration-time check.

    Candidates for a new record are found with indexed lookups on these keys in PostgreSQL, then
    scored with the trained model; kept current by every service that writes a child.
    """

    child = models.OneToOneField(
        Child, on_delete=models.CASCADE, primary_key=True, related_name="linkage_key"
    )
    name = models.CharField(max_length=150, blank=True, db_index=True)
    name_initial = models.CharField(max_length=1, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    dob = models.DateField(null=True)
    birth_year = models.PositiveSmallIntegerField(null=True)
    mother = models.CharField(max_length=150, blank=True)
    father = models.CharField(max_length=150, blank=True)
    place = models.CharField(max_length=100, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["dob", "name_initial"], name="linkage_key_dob_idx"),
            models.Index(fields=["mother", "birth_year"], name="linkage_key_mother_idx"),
        ]

    def __str__(self) -> str:
        return f"keys of child {self.child_id}"


class NameWord(models.Model):
    """One word of a child's normalised name, with the birth year: finds "Rizki" in "Muhamad Rizki"."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    word = models.CharField(max_length=60)
    birth_year = models.PositiveSmallIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["word", "birth_year"], name="linkage_word_year_idx")]
        constraints = [models.UniqueConstraint(fields=["child", "word"], name="linkage_word_once")]

    def __str__(self) -> str:
        return f"{self.word} ({self.child_id})"


class LinkageRun(RegionScoped):
    """One batch run over a region (or the nation): trains the model, scores pairs, forms clusters."""

    # Its region is the area the run covered, not a home's: ``home_field`` stays None, it never moves.

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    region_code = region_code_field(
        verbose_name=_("region"), blank=True, db_index=False, help_text=_("empty for the nation")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    records = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    new_pairs = models.PositiveIntegerField(default=0)
    clusters = models.PositiveIntegerField(default=0)
    labels = models.PositiveIntegerField(default=0, help_text=_("officers' decisions used in training"))
    model = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    objects = RegionScopedQuerySet["LinkageRun"].as_manager()

    class Meta(RegionScoped.Meta):
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.region_code or 'national'} {self.created_at:%Y-%m-%d %H:%M}"


class CandidatePairQuerySet(models.QuerySet["CandidatePair"]):
    def involving(self, children: models.QuerySet[Child]) -> CandidatePairQuerySet:
        return self.filter(models.Q(child_a__in=children) | models.Q(child_b__in=children))

    def pending(self) -> CandidatePairQuerySet:
        return self.filter(status=CandidatePair.Status.PENDING)


class CandidatePair(models.Model):
    """Two records that may be the same child, and the officer's decision on them.

    ``child_a`` has the smaller id, so a pair exists once. Deciding "same child" links the records
    (both histories stay); "different children" is remembered and never proposed again. Both can be
    reopened; every decision is in the audit trail.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("to review")
        SAME = "same", _("same child")
        DIFFERENT = "different", _("different children")

    class Source(models.TextChoices):
        BATCH = "batch", _("batch run")
        REGISTRATION = "registration", _("at registration")

    child_a = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    child_b = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    match_probability = models.FloatField()
    match_weight = models.FloatField()
    cluster = models.PositiveBigIntegerField(null=True, blank=True)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.BATCH)
    run = models.ForeignKey(LinkageRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    # "Same child" said by an office responsible for that side's child: its record is then shown to the
    # other office (see accounts.access.online.may_see_pair_child). Cleared by "different" and reopening.
    confirmed_a_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_b_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CandidatePairQuerySet.as_manager()

    class Meta:
        ordering = ["-match_probability", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["child_a", "child_b"], name="linkage_pair_once"),
            models.CheckConstraint(
                condition=models.Q(child_a__lt=models.F("child_b")), name="linkage_pair_ordered"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-match_probability"], name="linkage_pair_queue_idx"),
            models.Index(fields=["child_b"], name="linkage_pair_b_idx"),
        ]

    def __str__(self) -> str:
        # No score here: it becomes the label of audit entries read in both children's regions, and the
        # stored score counts the NIK, which the office of a masked child must not learn from.
        return f"pair #{self.pk}"

    def confirmed_by(self, child_id: int) -> int | None:
        """Id of the officer who confirmed "same child" for this side of the pair, if any."""
        return self.confirmed_a_by_id if child_id == self.child_a_id else self.confirmed_b_by_id
