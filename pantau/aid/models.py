"""Social assistance (bantuan sosial) given to a home: who paid, for which period, per child and for how
many children. The number of children the aid was based on is what the ghost-children check compares
with the children the home has on record (``reconcile.py``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    KEMENSOS = "kemensos", _("Kemensos / APBN (e.g. ATENSI)")
    PROVINCE = "province", _("Provincial budget (APBD provinsi)")
    REGENCY = "regency", _("Kabupaten/kota budget (APBD kabupaten/kota)")
    OTHER = "other", _("Other")


class AidRecord(models.Model):
    lksa = models.ForeignKey(
        "registry.Lksa", verbose_name=_("LKSA"), on_delete=models.PROTECT, related_name="aid_records"
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    programme = models.CharField(_("programme"), max_length=200)
    reference = models.CharField(_("reference number"), max_length=100, blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    amount_per_child = models.PositiveBigIntegerField(_("amount per child (Rp)"))
    children_count = models.PositiveIntegerField(_("number of children the aid was based on"))
    total_amount = models.PositiveBigIntegerField(_("total (Rp)"))
    # Why the total is not amount per child x children (a lump sum, a deduction): required when it is not.
    total_note = models.CharField(_("why the total differs"), max_length=300, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aid record")
        verbose_name_plural = _("aid records")
        ordering = ["-period_end", "-pk"]
        indexes = [models.Index(fields=["lksa", "-period_end"], name="aid_lksa_period_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="aid_period_ordered"),
            models.CheckConstraint(condition=Q(children_count__gte=1), name="aid_children_positive"),
        ]

    def __str__(self) -> str:
        return f"aid #{self.pk}"

    @property
    def computed_total(self) -> int:
        return self.amount_per_child * self.children_count
