"""The index of identifiers (phones, bank accounts, QRIS merchants, social handles, adult persons) and of
every place Pantau holds them, and the signals raised where the links matter.

Nothing here is a source of truth: the index is rebuilt from the records it points to (``indexer``), and
kept current in between by the saves of those records (``hooks``). Children are never indexed: the
"paper orphans" signal reads counts of children, never a child.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pantau.regions.models import RegionScoped, RegionScopedQuerySet, region_code_field


class Kind(models.TextChoices):
    PHONE = "phone", _("Phone or e-wallet number")
    BANK = "bank", _("Bank account")
    QRIS = "qris", _("QRIS merchant")
    HANDLE = "handle", _("Social-media handle")
    PERSON = "person", _("Person")


class Entity(models.Model):
    """One identifier, whatever record it was found in. ``digest`` is a keyed hash of the normalised key
    (``keys.py``): the table holds no number in clear, so a copy of it lists no one's phone or account."""

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    digest = models.CharField(max_length=64)
    # The normalised value, encrypted: shown in full only in an investigator's referral packet (audited).
    value_cipher = models.TextField(blank=True)
    # Safe to show to whoever may open the entity: masked numbers, a handle, a person's initials.
    label = models.CharField(_("identifier"), max_length=160)
    # Over the whole index (kept by the indexer): what lists order by and signals read.
    places = models.PositiveIntegerField(_("places"), default=0)
    homes = models.PositiveIntegerField(_("homes"), default=0)
    first_seen = models.DateField(_("first seen"), null=True, blank=True)
    last_seen = models.DateField(_("last seen"), null=True, blank=True)

    class Meta:
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")
        constraints = [models.UniqueConstraint(fields=["kind", "digest"], name="network_entity_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.label}"


class Source(models.TextChoices):
    """Where an identifier was found. The access rules group them (accounts/access/network.py)."""

    HOME = "home", _("LKSA registry: the home's contact")
    BANK_ACCOUNT = "bank_account", _("LKSA registry: bank account")
    SOCIAL_ACCOUNT = "social_account", _("LKSA registry: social-media account")
    STAFF = "staff", _("LKSA registry: staff and board")
    MONITORED_ACCOUNT = "monitored_account", _("Online monitoring: monitored account")
    POSTS = "posts", _("Online monitoring: posts of an account")
    CONCERN = "concern", _("Concern")
    CASE_SUBJECT = "case_subject", _("Case: alleged person")
    PLATFORM_REQUEST = "platform_request", _("Case: request to a platform")
    CASE_EVIDENCE = "case_evidence", _("Case: evidence")
    CARE_FILE = "care_file", _("Family-based care: file")
    FAMILY = "family", _("Family-based care: applying family")
    BAR = "bar", _("Barred from working with children")


# Places whose record follows its home when the home moves (the registry's records, the home's monitored
# accounts and their posts): their rows follow too. The others keep their region, as their records do (a
# concern still waiting for triage moves with the home but its row here only at the next rebuild).
FOLLOWING_SOURCES = (
    Source.HOME,
    Source.BANK_ACCOUNT,
    Source.SOCIAL_ACCOUNT,
    Source.STAFF,
    Source.MONITORED_ACCOUNT,
    Source.POSTS,
)


class Role(models.TextChoices):
    CONTACT = "contact", _("Contact number")
    APPEAL_CONTACT = "appeal_contact", _("Contact number on a fundraising appeal")
    COLLECTS = "collects", _("Account collecting donations")
    WALLET = "wallet", _("E-wallet collecting donations")
    QRIS = "qris", _("QRIS collecting donations")
    OWN_HANDLE = "own_handle", _("The account's own handle")
    MENTIONED = "mentioned", _("Mentioned")
    STAFF = "staff", _("Staff member")
    BOARD = "board", _("Board member (pengurus)")
    ALLEGED = "alleged", _("Alleged person in a case")
    BARRED = "barred", _("Barred person")
    INTERMEDIARY = "intermediary", _("Intermediary in a family-care file")
    APPLICANT = "applicant", _("Applying family")
    REPORTED = "reported", _("Named in a concern")
    PLATFORM_TARGET = "platform_target", _("Account named in a request to a platform")
    IN_EVIDENCE = "in_evidence", _("Named in a case's evidence")


# Roles in which an identifier takes money for a home.
COLLECTING = (Role.COLLECTS, Role.WALLET, Role.QRIS)


class Occurrence(RegionScoped):
    """One identifier in one record (posts are summed per monitored account: a bank account repeated in
    5,000 posts of one account is one row with its count, first and last day, and the post to cite)."""

    home_field = "lksa"
    follows_home = True
    follows_home_when = Q(source__in=FOLLOWING_SOURCES)

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="occurrences")
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    source_id = models.BigIntegerField()
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    lksa = models.ForeignKey(
        "registry.Lksa", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    region_code = region_code_field(blank=True)
    # Case-bound sources are seen by whoever may open the case (accounts/access/network.py).
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    holder_kind = models.CharField(max_length=12, blank=True)  # "organisation" or "person" (accounts)
    display = models.CharField(_("as written"), max_length=200, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    count = models.PositiveIntegerField(_("times"), default=1)
    flagged = models.PositiveIntegerField(_("flagged"), default=0)
    first_seen = models.DateField(_("first seen"), null=True, blank=True)
    last_seen = models.DateField(_("last seen"), null=True, blank=True)
    cite_id = models.BigIntegerField(null=True, blank=True)  # the post to cite, for posts
    # A person keyed by name and birth date: the NIK hash the record had, if any. Two records with
    # different NIKs are two people however alike their names (signals check it).
    person_nik_hash = models.CharField(max_length=64, blank=True)

    objects = RegionScopedQuerySet["Occurrence"].as_manager()

    class Meta(RegionScoped.Meta):
        verbose_name = _("place found")
        verbose_name_plural = _("places found")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "source", "source_id", "role"], name="network_occurrence_unique"
            )
        ]
        indexes = [
            *RegionScoped.Meta.indexes,
            models.Index(fields=["source", "source_id"], name="network_occ_source_idx"),
            models.Index(fields=["lksa", "role"], name="network_occ_home_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.source} #{self.source_id} ({self.role})"


class SignalQuerySet(RegionScopedQuerySet["Signal"]):
    def active(self) -> SignalQuerySet:
        """Signals that still hold and were not set aside by a reviewer: what the visit plan counts."""
        return self.filter(holds=True).exclude(status=Signal.Status.DISMISSED)


class Signal(RegionScoped):
    """A link that matters, about one home. It explains itself, weighs on the visit plan and can open a
    concern; it decides nothing (a reviewer opens the concern or sets it aside with a reason)."""

    # The home's supervising office works it: it follows the home.
    home_field = "lksa"
    follows_home = True

    class Code(models.TextChoices):
        SHARED_ACCOUNT = "shared_account", _("One account collects for several homes")
        PERSONAL_ACCOUNT = "personal_account", _("Appeal paying into a personal account")
        PERSON_OF_CONCERN = "person_of_concern", _("Staff or board member alleged in a case or barred")
        INTERMEDIARY_CONTACT = "intermediary_contact", _("Appeal contact also an adoption intermediary")
        PAPER_ORPHANS = "paper_orphans", _("Appeals claim orphans; records show living parents")

    class Status(models.TextChoices):
        OPEN = "open", _("To review")
        CONCERN_OPENED = "concern", _("Concern opened")
        DISMISSED = "dismissed", _("Set aside")

    code = models.CharField(_("signal"), max_length=24, choices=Code.choices)
    lksa = models.ForeignKey(
        "registry.Lksa", verbose_name=_("LKSA"), on_delete=models.CASCADE, related_name="+"
    )
    entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.CASCADE, related_name="signals"
    )
    # What the explanation is made from: counts, home ids, occurrence ids (never a name).
    facts = models.JSONField(default=dict)
    holds = models.BooleanField(_("still holds"), default=True)
    raised_at = models.DateTimeField(_("raised"), auto_now_add=True)
    checked_at = models.DateTimeField(_("last checked"), auto_now=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    concern = models.ForeignKey(
        "cases.Concern", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = SignalQuerySet.as_manager()

    class Meta(RegionScoped.Meta):
        verbose_name = _("network signal")
        verbose_name_plural = _("network signals")
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "lksa", "entity"],
                condition=Q(entity__isnull=False),
                name="network_signal_entity_unique",
            ),
            models.UniqueConstraint(
                fields=["code", "lksa"], condition=Q(entity__isnull=True), name="network_signal_home_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} #{self.pk}"
