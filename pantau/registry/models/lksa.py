"""The LKSA (children's home) itself. Its legal documents live in ``records.py``."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.utils.translation import gettext_lazy as _

from pantau.regions.models import Region, RegionScoped, RegionScopedQuerySet


def _strip(expression: Any, *characters: str) -> Any:
    for character in characters:
        expression = Replace(expression, Value(character), Value(""))
    return expression


class LegalityStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ATTENTION = "attention", _("Registered, with problems")
    NOT_REGISTERED = "not_registered", _("Not registered")


class LksaQuerySet(RegionScopedQuerySet["Lksa"]):
    def public(self) -> LksaQuerySet:
        return self.filter(is_active=True)


class Lksa(RegionScoped):
    """One children's home. ``organisation`` is its account home, where its operators sign in.

    ``region_code`` (from RegionScoped) is the Kemendagri code of the village (or kecamatan) where it
    stands. It changes only through ``registry.relocation.lksa_move_region``, which also moves the rows of
    other tables that follow the home (``home_field`` is None: the home's region is its own)."""

    organisation = models.OneToOneField(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="lksa"
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The phone without spaces, dashes, dots, brackets or "+", kept by the database itself, so homes
    # that give the same number are found with one indexed look-up (registry.selectors.phone_forms).
    phone_digits = models.GeneratedField(
        expression=_strip(F("phone"), " ", "-", ".", "(", ")", "+", "/"),
        output_field=models.CharField(max_length=30),
        db_persist=True,
        db_index=True,
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity (children)"), null=True, blank=True)
    children_count = models.PositiveIntegerField(_("children in care"), null=True, blank=True)
    is_active = models.BooleanField(_("operating"), default=True)
    # Known to ask the public for money (declared, or seen by a supervisor or online monitoring):
    # then a valid fundraising permit is required.
    solicits_donations = models.BooleanField(_("raises funds from the public"), default=False)
    # Seen asking the public for money (a reviewer of online monitoring marked a post as an appeal), kept
    # apart from the home's own declaration above: who saw it, when and where (registry.services.
    # lksa_donations_observed, audited). The latest observation only; the audit trail keeps each one.
    donations_observed_at = models.DateTimeField(_("fundraising appeal observed"), null=True, blank=True)
    donations_observed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("appeal observed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    donations_observed_source = models.CharField(_("where the appeal was seen"), max_length=200, blank=True)
    # Computed by pantau.registry.legality and refreshed whenever a record changes and daily.
    legality_status = models.CharField(
        _("legality status"),
        max_length=20,
        choices=LegalityStatus.choices,
        default=LegalityStatus.NOT_REGISTERED,
    )
    legality_reasons = models.JSONField(_("legality reasons"), default=list, blank=True)
    legality_checked_at = models.DateTimeField(_("legality checked"), null=True, blank=True)
    # Optimistic locking: an edit based on an older version is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = LksaQuerySet.as_manager()

    class Meta(RegionScoped.Meta):
        verbose_name = _("LKSA")
        verbose_name_plural = _("LKSA")
        ordering = ["name"]
        indexes = [
            *RegionScoped.Meta.indexes,
            models.Index(fields=["legality_status", "region_code"], name="lksa_status_region_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0), name="lksa_capacity_positive"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def region(self) -> Region | None:
        return Region.objects.filter(code=self.region_code).first()
