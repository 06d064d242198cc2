"""Evidence that holds in court: files hashed at upload with their chain of custody, and the requests to
platforms to preserve or take down content."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pantau.cases.models.core import Case
from pantau.lib.storage import private_storage, random_upload_path


class CaseEvidence(models.Model):
    """A document or photo on the case file (statements, screenshots of a live stream, receipts)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(storage=private_storage, upload_to=random_upload_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    description = models.CharField(_("what it shows"), max_length=300, blank=True)
    # SHA-256 of the bytes as received, computed before the file is stored; checked at every download.
    # Blank only on files uploaded before issue 17 (they are hashed on first read and say so).
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case evidence")
        verbose_name_plural = _("case evidence")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class CustodyEntry(models.Model):
    """One link of an evidence file's chain of custody: who handled it, when, and how."""

    class Action(models.TextChoices):
        ADDED = "added", _("Added")
        VIEWED = "viewed", _("Opened or downloaded")
        EXPORTED = "exported", _("Listed on a printed summary")
        VERIFIED = "verified", _("Hash checked: matches")
        MISMATCH = "mismatch", _("Hash checked: DOES NOT match")

    evidence = models.ForeignKey(CaseEvidence, on_delete=models.CASCADE, related_name="custody")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    # The hash computed at this step (for verified / mismatch), so a break in the chain is on record.
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("custody entry")
        verbose_name_plural = _("chain of custody")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"custody #{self.pk}"


class PlatformRequest(models.Model):
    """A request to a platform to preserve data or take content down, with the platform's answer."""

    class Platform(models.TextChoices):
        TIKTOK = "tiktok", "TikTok"
        INSTAGRAM = "instagram", "Instagram"
        FACEBOOK = "facebook", "Facebook"
        YOUTUBE = "youtube", "YouTube"
        X = "x", "X / Twitter"
        WHATSAPP = "whatsapp", "WhatsApp"
        TELEGRAM = "telegram", "Telegram"
        OTHER = "other", _("Other")

    class Kind(models.TextChoices):
        PRESERVATION = "preservation", _("Preserve data (account, posts, live streams, payments)")
        TAKEDOWN = "takedown", _("Take the content down")
        DISCLOSURE = "disclosure", _("Disclose account data to investigators")

    class Answer(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        COMPLIED = "complied", _("Complied")
        PARTLY = "partly", _("Partly complied")
        REFUSED = "refused", _("Refused")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="platform_requests")
    platform = models.CharField(_("platform"), max_length=12, choices=Platform.choices)
    kind = models.CharField(_("request"), max_length=12, choices=Kind.choices)
    target = models.CharField(_("account or link"), max_length=500)
    reference = models.CharField(_("letter or ticket number"), max_length=100, blank=True)
    sent_on = models.DateField(_("sent on"))
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_note = models.TextField(_("what the platform said"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("platform request")
        verbose_name_plural = _("platform requests")
        ordering = ["sent_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True) | models.Q(answered_on__gte=models.F("sent_on")),
                name="platform_request_answer_after_sending",
            )
        ]

    def __str__(self) -> str:
        return f"platform request #{self.pk}"
