"""Monitored social-media accounts, the posts and live streams captured from them, their screening and
the reviewer's decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pantau.lib.normalise import normalise_handle
from pantau.lib.storage import private_storage, random_upload_path
from pantau.regions.models import RegionScoped, RegionScopedQuerySet, region_code_field
from pantau.registry.models import SocialAccount

Platform = SocialAccount.Platform


class Tier(models.TextChoices):
    NONE = "none", _("No risk found")
    PANTAU = "pantau", _("Pantau (monitor)")
    TINJAU = "tinjau", _("Tinjau (review by Dinas Sosial / KPAI)")
    RUJUK = "rujuk", _("Rujuk (refer to police / KPAI now)")


TIER_RANK = {Tier.NONE: 0, Tier.PANTAU: 1, Tier.TINJAU: 2, Tier.RUJUK: 3}


def tier_short(tier: str) -> str:
    """The tier's Indonesian name (used in both languages: it is the term in the rules), or "no risk"."""
    return str(_("no risk")) if tier == Tier.NONE else tier


class MonitoredAccount(RegionScoped):
    # An account linked to a home follows it when it moves: the review queue of an account belongs to the
    # office that covers the home now.
    home_field = "lksa"
    follows_home = True

    platform = models.CharField(_("platform"), max_length=12, choices=Platform.choices)
    handle = models.CharField(_("handle"), max_length=200)
    handle_normalised = models.CharField(max_length=200, editable=False)
    url = models.URLField(_("address (URL)"), max_length=500, blank=True)
    lksa = models.ForeignKey(
        "registry.Lksa",
        verbose_name=_("LKSA"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="monitored_accounts",
    )
    # The home's region when linked, otherwise the region of the office that registered it (empty for a
    # national office).
    region_code = region_code_field(blank=True, db_index=False)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    objects = RegionScopedQuerySet["MonitoredAccount"].as_manager()

    class Meta(RegionScoped.Meta):
        verbose_name = _("monitored account")
        verbose_name_plural = _("monitored accounts")
        ordering = ["platform", "handle_normalised"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "handle_normalised"], name="monitored_account_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} @{self.handle_normalised}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.handle_normalised = normalise_handle(self.handle)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class PostQuerySet(RegionScopedQuerySet["Post"]):
    def queue(self) -> PostQuerySet:
        """Undecided posts, riskiest first: the order the review queue works in."""
        return self.filter(decision="").order_by("-tier_rank", "-score", "-pk")


class Post(RegionScoped):
    # Every post of an account of a home that moves follows it, decided ones too: the posts are the
    # account's history, and whoever reviews the account now needs its earlier flags to see a pattern
    # (decisions keep who made them, and the audit trail keeps the rest).
    home_field = "account__lksa"
    follows_home = True

    class Source(models.TextChoices):
        MANUAL = "manual", _("Captured by hand")
        CONCERN = "concern", _("From a public concern")
        IMPORT = "import", _("Bulk import")

    class Decision(models.TextChoices):
        NO_ACTION = "no_action", _("No action")
        EDUCATION_LETTER = "education_letter", _("Education letter to the LKSA")
        REQUEST_PERMIT = "request_permit", _("Request the fundraising permit")
        OPEN_CONCERN = "open_concern", _("Open a concern for triage")
        REFER_POLICE = "refer_police", _("Refer to police")

    account = models.ForeignKey(
        MonitoredAccount, verbose_name=_("account"), on_delete=models.PROTECT, related_name="posts"
    )
    external_id = models.CharField(_("id in the platform or file"), max_length=200, blank=True)
    text = models.TextField(_("text, caption or transcript"), blank=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    is_live = models.BooleanField(_("live stream"), default=False)
    gift_count = models.PositiveIntegerField(_("gifts"), null=True, blank=True)
    earnings_idr = models.PositiveBigIntegerField(_("earnings (Rp)"), null=True, blank=True)
    url = models.URLField(_("address (URL)"), max_length=500, blank=True)
    screenshot = models.FileField(
        _("screenshot"), storage=private_storage, upload_to=random_upload_path, blank=True
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    concern = models.ForeignKey(
        "cases.Concern",
        verbose_name=_("from concern"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="captured_posts",
    )
    region_code = region_code_field(blank=True, db_index=False)  # the account's
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    captured_at = models.DateTimeField(_("captured"), auto_now_add=True)

    # Screening: the score only orders human review.
    score = models.FloatField(_("risk score"), default=0.0)
    tier = models.CharField(_("tier"), max_length=8, choices=Tier.choices, default=Tier.NONE)
    tier_rank = models.PositiveSmallIntegerField(default=0)
    reasons = models.JSONField(_("reasons"), default=list)
    entities = models.JSONField(_("identifiers found"), default=dict)
    screening_version = models.CharField(max_length=40, blank=True)

    # Review.
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices, blank=True)
    decision_note = models.TextField(_("note"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    opened_concern = models.ForeignKey(
        "cases.Concern", null=True, blank=True, on_delete=models.PROTECT, related_name="monitoring_decisions"
    )
    version = models.PositiveIntegerField(default=1)

    objects = PostQuerySet.as_manager()

    class Meta(RegionScoped.Meta):
        verbose_name = _("captured post")
        verbose_name_plural = _("captured posts")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "external_id"],
                condition=~Q(external_id=""),
                name="post_external_id_unique",
            )
        ]
        indexes = [
            *RegionScoped.Meta.indexes,
            # The review queue: undecided posts by tier and score, nationally or within a region.
            models.Index(
                fields=["-tier_rank", "-score", "-id"], condition=Q(decision=""), name="post_queue_idx"
            ),
            models.Index(
                fields=["region_code"],
                condition=Q(decision=""),
                name="post_open_region_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["account", "-captured_at"], name="post_account_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.account} #{self.pk}"

    @property
    def flagged(self) -> bool:
        return self.tier in (Tier.TINJAU, Tier.RUJUK)

    @property
    def score_percent(self) -> int:
        """The score as every page, the concern it opens and the API show it: a whole percentage."""
        return round(self.score * 100)

    @property
    def tier_short(self) -> str:
        return tier_short(self.tier)


class PostIdentifier(models.Model):
    """A phone, bank account, e-wallet or handle found in a post, kept as a keyed hash so posts and homes
    can be linked without a table of raw numbers (online-risk.md §4)."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone")
        BANK = "bank", _("Bank account")
        WALLET = "wallet", _("E-wallet")
        HANDLE = "handle", _("Handle")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    digest = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "kind", "digest"], name="post_identifier_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.digest[:8]}"


class KeptPostCheck(models.Model):
    """A caption check the home (or office) chose to keep: its own record, seen only by its own
    organisation's members. A check that is not kept is never stored (``post_check.py``)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    lksa = models.ForeignKey(
        "registry.Lksa", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    caption = models.TextField(_("caption"), max_length=10_000)
    is_live = models.BooleanField(_("live stream"), default=False)
    children_shown = models.BooleanField(_("children shown"), default=False)
    asks_money = models.BooleanField(_("asks for money or gifts"), default=False)
    result = models.JSONField(default=dict)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-checked_at"], name="kept_check_org_idx")]

    def __str__(self) -> str:
        return f"post check #{self.pk}"
