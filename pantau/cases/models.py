"""Concerns: reports that something may be wrong. Triage and cases build on this (a later capability)."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read out over the phone


def new_tracking_code() -> str:
    body = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))
    return f"PNT-{body[:4]}-{body[4:]}"


class Concern(models.Model):
    class Source(models.TextChoices):
        PUBLIC = "public", _("Member of the public")
        STAFF = "staff", pgettext_lazy("source of a concern", "Staff")

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
    # Where the concern belongs, for routing to the right Dinas Sosial (the LKSA's region when known).
    region_code = models.CharField(_("region code"), max_length=13, blank=True, db_index=True)
    category = models.CharField(_("what is happening"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"), max_length=5000)
    subject_text = models.CharField(_("name, account or link mentioned"), max_length=300, blank=True)
    reporter_name = models.CharField(_("your name"), max_length=150, blank=True)
    reporter_contact = models.CharField(_("phone or e-mail"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.tracking_code
