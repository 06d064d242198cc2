"""The stored summary behind the national children's figures (``pantau.children.summary``)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class FiguresRow(models.Model):
    """Counts of the children in care of one LKSA (``level`` 0), one province (2) or one kabupaten/kota
    (5: the digits of the region code's prefix), and the histogram of their admission days from which the
    median stay is read exactly. No child is identifiable from a row: counts and dates only."""

    level = models.PositiveSmallIntegerField()
    lksa = models.OneToOneField(
        "registry.Lksa", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    region_code = models.CharField(max_length=13)
    in_care = models.PositiveIntegerField(default=0)
    living_parent = models.PositiveIntegerField(default=0)
    gatekeeping = models.PositiveIntegerField(default=0)
    current_care_plan = models.PositiveIntegerField(default=0)
    family_exits_12m = models.PositiveIntegerField(default=0)
    # Admission day (days since 2000-01-01, as a string key) -> children in care admitted that day.
    admitted = models.JSONField(default=dict)
    # Family-based placement kind -> [placements not ended, placements started in the last 12 months].
    family_kinds = models.JSONField(default=dict)
    median_day = models.FloatField(null=True)  # the median admission day, days since 2000-01-01
    # A record of the home changed since the row was computed: recomputed before the next read.
    dirty = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["level", "region_code"], condition=Q(level__gt=0), name="figures_row_region_uniq"
            ),
        ]
        indexes = [models.Index(fields=["dirty"], condition=Q(dirty=True), name="figures_row_dirty_idx")]

    def __str__(self) -> str:
        return f"figures {self.level} {self.region_code}"


class FiguresState(models.Model):
    """One row: when the summary was last recomputed in full (None of it: figures are computed live)."""

    refreshed_at = models.DateTimeField()
    day = models.DateField()  # the "today" of the time-bound figures (current care plans, exits in 12 months)

    def __str__(self) -> str:
        return f"figures as of {self.refreshed_at}"
