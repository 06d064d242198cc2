from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pantau.imports.kinds import kind_choices
from pantau.lib.storage import private_storage, random_upload_path


class ImportJob(models.Model):
    """One uploaded list of any registered kind: validated in full first, then committed all or nothing."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        VALIDATING = "validating", _("Checking rows")
        SAVING = "saving", _("Saving")
        FAILED = "failed", _("Refused: errors found, nothing was saved")
        DONE = "done", _("Imported")

    kind = models.CharField(max_length=10, choices=kind_choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    file = models.FileField(storage=private_storage, upload_to=random_upload_path)
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Failed because its worker died (see pantau.lib.jobs): nothing was saved and it may be run again.
    interrupted = models.BooleanField(default=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table the registry created before imports were their own app: moved without copying.
        db_table = "registry_importjob"
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def running(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.VALIDATING, self.Status.SAVING)
