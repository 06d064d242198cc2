from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pantau.lib.storage import private_storage, random_upload_path
from pantau.registry.models.lksa import Lksa


class ChangeRequest(models.Model):
    """A change an LKSA operator proposes to legally relevant data; Dinas Sosial verifies it (maker-checker).

    The proposal is kept as the form data that was submitted, and replayed through the same form on
    approval, so it is validated again against the registry as it is then.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    lksa = models.ForeignKey(
        Lksa, verbose_name=_("LKSA"), on_delete=models.CASCADE, related_name="change_requests"
    )
    kind = models.CharField(_("what"), max_length=30)
    data = models.JSONField(_("proposed values"), default=dict)
    document = models.FileField(storage=private_storage, upload_to=random_upload_path, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["status", "submitted_at"], name="change_status_time_idx")]

    def __str__(self) -> str:
        return f"{self.lksa} — {self.kind}"
