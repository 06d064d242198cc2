"""An application a home makes online to its Dinas Sosial, its documents and its history.

The home drafts and submits (the maker); Dinas Sosial checks the file, verifies in the field and decides
(the checker). An approved registration or renewal becomes a registry ``Registration``; an approved
fundraising (PUB) recommendation is recorded here as the recommendation letter, since the permit itself
is issued by the bupati/wali kota, the governor or the Minister (rules-and-data.md §5).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pantau.applications.requirements import PUB_RECOMMENDATION, REGISTRATION, RENEWAL
from pantau.lib.storage import private_storage, random_upload_path


class Kind(models.TextChoices):
    REGISTRATION = REGISTRATION, _("Tanda Daftar LKS registration")
    RENEWAL = RENEWAL, _("Tanda Daftar renewal (perpanjangan)")
    PUB_RECOMMENDATION = PUB_RECOMMENDATION, _("Recommendation for a public fundraising (PUB) permit")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, waiting for the file check")
    FILE_CHECKED = "file_checked", _("File checked, waiting for field verification")
    FIELD_VERIFIED = "field_verified", _("Verified in the field, waiting for the decision")
    RETURNED = "returned", _("Returned to the home for correction")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# Waiting for Dinas Sosial: the queue.
WAITING = (Status.SUBMITTED, Status.FILE_CHECKED, Status.FIELD_VERIFIED)
# The home may change the facts and the documents.
EDITABLE = (Status.DRAFT, Status.RETURNED)


class Reach(models.TextChoices):
    """Where a fundraising appeal collects, which decides who issues the permit (Permensos 8/2021)."""

    REGENCY = "regency", _("One kabupaten/kota (permit from the bupati/wali kota)")
    PROVINCE = "province", _("Several kabupaten/kota in one province (permit from the governor)")
    NATIONAL = (
        "national",
        _("Several provinces or online nationwide (permit from the Minister, via Kemensos)"),
    )


class Application(models.Model):
    lksa = models.ForeignKey(
        "registry.Lksa", verbose_name=_("LKSA"), on_delete=models.CASCADE, related_name="applications"
    )
    kind = models.CharField(_("application for"), max_length=24, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(
        _("what the home applies for"),
        max_length=2000,
        blank=True,
        help_text=_("Services, capacity and anything Dinas Sosial should know."),
    )
    # A renewal names the registration it renews.
    previous_registration = models.ForeignKey(
        "registry.Registration",
        verbose_name=_("registration to renew"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A fundraising (PUB) recommendation: what for, where, when, into which account.
    purpose = models.CharField(_("purpose of the appeal"), max_length=300, blank=True)
    reach = models.CharField(_("reach"), max_length=10, choices=Reach.choices, blank=True)
    area = models.CharField(_("area"), max_length=200, blank=True)
    method = models.CharField(_("how the money is collected"), max_length=200, blank=True)
    starts_on = models.DateField(_("collection starts"), null=True, blank=True)
    ends_on = models.DateField(_("collection ends"), null=True, blank=True)
    is_extension = models.BooleanField(_("extension of a permit (one more month)"), default=False)
    bank_account = models.ForeignKey(
        "registry.BankAccount",
        verbose_name=_("collection bank account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The latest submission (a correction resubmits): Dinas Sosial's processing time counts from it.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    file_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file_checked_at = models.DateTimeField(_("file checked"), null=True, blank=True)
    file_check_note = models.CharField(_("file check note"), max_length=500, blank=True)
    field_visit_on = models.DateField(_("field verification date"), null=True, blank=True)
    field_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("field officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    field_note = models.CharField(_("field verification note"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # The reason of a rejection, or what to correct when returned (the history keeps each one).
    decision_note = models.CharField(_("reason"), max_length=1000, blank=True)
    # What the approval became: the registry's Registration, or the recommendation letter. Records the
    # application points at stay removable in the registry (a record entered by mistake): the link then
    # empties, and the audit trail keeps what it was.
    registration = models.ForeignKey(
        "registry.Registration",
        verbose_name=_("registration issued"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    letter_number = models.CharField(_("recommendation letter number"), max_length=100, blank=True)
    letter_date = models.DateField(_("recommendation letter date"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "submitted_at"], name="application_queue_idx")]

    def __str__(self) -> str:
        return f"{self.lksa} — {self.get_kind_display()}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def is_waiting(self) -> bool:
        return self.status in WAITING


class Document(models.Model):
    """One uploaded document for one requirement of the application (requirements.DOCUMENTS)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    requirement = models.CharField(_("requirement"), max_length=40)
    file = models.FileField(storage=private_storage, upload_to=random_upload_path)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        constraints = [
            models.UniqueConstraint(fields=["application", "requirement"], name="application_document_once")
        ]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.requirement}"


class Event(models.Model):
    """The application's history as both sides read it: each step, by whom, when, with its note."""

    class Action(models.TextChoices):
        CREATED = "created", _("Drafted")
        SUBMITTED = "submitted", _("Submitted")
        RESUBMITTED = "resubmitted", _("Resubmitted after correction")
        FILE_CHECKED = "file_checked", _("File checked")
        FIELD_VERIFIED = "field_verified", _("Verified in the field")
        RETURNED = "returned", _("Returned for correction")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.action}"
