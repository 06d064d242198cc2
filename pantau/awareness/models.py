"""Awareness activities (sosialisasi): who held one, where, for whom, how many came, on what topics,
with the materials used. Counted per region on the dashboards (pantau.insights)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pantau.lib.storage import private_storage, random_upload_path
from pantau.regions.models import RegionScoped, RegionScopedQuerySet

# A typing error (an extra zero) should not make one village meeting outweigh a province's year.
PEOPLE = MaxValueValidator(100_000)


class Audience(models.TextChoices):
    PARENTS = "parents", _("Parents and carers")
    LKSA_STAFF = "lksa_staff", _("LKSA staff")
    SCHOOLS = "schools", _("Schools and teachers")
    RELIGIOUS = "religious", _("Religious leaders")
    CHILDREN = "children", pgettext_lazy("audience of an awareness activity", "Children")
    COMMUNITY = "community", _("Community")


class Topic(models.TextChoices):
    # The four public awareness pages (pantau.awareness.content), and anything else.
    CHECK = "check", _("Checking a children's home before donating")
    ADOPTION = "adoption", _("Legal adoption")
    DIGITAL = "digital", _("Digital literacy for parents and carers")
    REPORT = "report", _("How to report")
    OTHER = "other", _("Other topic")


class AwarenessActivity(RegionScoped):
    # Where the activity was held (kabupaten/kota or below); it stays there whatever happens to any home.
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=300)
    title = models.CharField(_("title"), max_length=200)
    partners = models.TextField(_("partner organisations"), max_length=2000, blank=True)
    topics = models.JSONField(_("topics"), default=list)
    other_topic = models.CharField(_("other topic"), max_length=200, blank=True)
    attendance = models.PositiveIntegerField(
        _("attendance (total)"), validators=[MinValueValidator(1), PEOPLE]
    )
    attendance_women = models.PositiveIntegerField(
        _("of whom women"), null=True, blank=True, validators=[PEOPLE]
    )
    attendance_men = models.PositiveIntegerField(_("of whom men"), null=True, blank=True, validators=[PEOPLE])
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegionScopedQuerySet["AwarenessActivity"].as_manager()

    class Meta(RegionScoped.Meta):
        verbose_name = _("awareness activity")
        verbose_name_plural = _("awareness activities")
        ordering = ["-held_on", "-pk"]
        indexes = [*RegionScoped.Meta.indexes, models.Index(fields=["held_on"], name="awareness_held_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d-%m-%Y})"

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels[code]) for code in self.topics if code in labels]


class ActivityAudience(models.Model):
    """One audience kind of an activity: a row each, so the dashboard counts them in one grouped query."""

    activity = models.ForeignKey(AwarenessActivity, on_delete=models.CASCADE, related_name="audiences")
    kind = models.CharField(_("audience"), max_length=12, choices=Audience.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "kind"], name="awareness_audience_once")]

    def __str__(self) -> str:
        return self.get_kind_display()


class ActivityMaterial(models.Model):
    """A leaflet, slide deck or photo of the attendance list: private, opened through an audited view."""

    activity = models.ForeignKey(AwarenessActivity, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(storage=private_storage, upload_to=random_upload_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
