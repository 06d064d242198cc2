from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from pantau.accounts.roles import (
    KIND_REGION_LEVELS,
    POLICE_KINDS,
    SUB_UNIT_KINDS,
    OrgKind,
    Role,
    roles_for_kind,
)
from pantau.regions.models import Region, is_within


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)

    def covering(self, region_code: str | None, *, kinds: Iterable[str]) -> OrganisationQuerySet:
        """Active organisations of ``kinds`` whose jurisdiction contains ``region_code``: the offices
        responsible for a place, most specific first (kabupaten/kota before province), national ones last.
        ``None`` or "" (no known place) is covered by the national offices only.

        Public directory data (who to contact, who to notify), not a scope: what a person may *see* is
        decided in ``pantau.accounts.access``."""
        # Region codes extend their parent's ("36" > "36.03" > "36.03.03"), so the regions containing a
        # place are the prefixes of its code: one IN list, no walk up the tree.
        parts = (region_code or "").split(".") if region_code else []
        ancestors = [".".join(parts[: i + 1]) for i in range(len(parts))]
        return (
            self.active()
            .filter(Q(region__isnull=True) | Q(region_id__in=ancestors), kind__in=list(kinds))
            .select_related("region")
            .order_by(F("region__level").desc(nulls_last=True), "name", "pk")
        )


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrgKind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("jurisdiction region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for a national organisation."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_units",
        help_text=_("For sub-units such as a Unit PPA or cyber unit inside a police command."),
    )
    # A TPPO task force (Gugus Tugas) brings agencies of its area together; it sees their aggregate.
    member_agencies = models.ManyToManyField(
        "self",
        verbose_name=_("member agencies"),
        symmetrical=False,
        blank=True,
        related_name="task_forces",
        help_text=_("For a TPPO task force: the agencies that sit on it."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        # Many homes share a name ("Panti Asuhan Al-Ikhlas"), but not within one village.
        constraints = [
            models.UniqueConstraint(
                fields=["name", "kind", "region"], name="organisation_unique_name_kind_region"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        level = self.region.level if self.region_id and self.region else None
        allowed = KIND_REGION_LEVELS.get(self.kind, frozenset())
        if self.kind and level not in allowed:
            if None in allowed and len(allowed) == 1:
                errors["region"] = _("A national organisation of this kind has no jurisdiction region.")
            elif level is None:
                errors["region"] = _("This kind of organisation needs a jurisdiction region.")
            else:
                errors["region"] = _("This kind of organisation cannot have a region at this level.")
        if self.kind in SUB_UNIT_KINDS:
            if self.parent is None or self.parent.kind not in POLICE_KINDS - SUB_UNIT_KINDS:
                errors["parent"] = _("A police unit must belong to a police command.")
            elif not is_within(self.region_id, self.parent.region_id):
                errors["region"] = _("A unit's region must lie inside its parent's region.")
        elif self.parent_id is not None:
            errors["parent"] = _("Only police units (Unit PPA, cyber unit) belong to a parent organisation.")
        if self.pk and self.kind:
            stranded = Membership.objects.filter(organisation=self, is_active=True).exclude(
                role__in=roles_for_kind(self.kind)
            )
            if stranded.exists():
                errors["kind"] = _(
                    "Some members hold roles this kind of organisation does not allow; "
                    "change their roles first."
                )
        if errors:
            raise ValidationError(errors)


class UserManager(BaseUserManager["User"]):
    def members_of(
        self, organisations: Organisation | QuerySet[Organisation], *, roles: Iterable[str]
    ) -> QuerySet[User]:
        """Active people holding one of ``roles`` in an active membership of ``organisations`` (one
        office, or a queryset of them): who works a queue, who is told, whom to contact."""
        where = (
            Q(memberships__organisation=organisations)
            if isinstance(organisations, Organisation)
            else Q(memberships__organisation__in=organisations.values("pk"))
        )
        return self.filter(
            where, is_active=True, memberships__is_active=True, memberships__role__in=list(roles)
        ).distinct()

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Set when an administrator creates the account or resets the password: the first thing the
    # person must do is choose their own password.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    # Empty until the person picks a language; then it follows them to every browser they sign in on.
    preferred_language = models.CharField(_("language"), max_length=8, blank=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @cached_property
    def active_membership(self) -> Membership | None:
        return (
            Membership.objects.select_related("organisation__region")
            .filter(user=self, is_active=True, organisation__is_active=True)
            .first()
        )

    @property
    def office(self) -> Organisation:
        """The organisation a staff member acts for (services call this after a permission check,
        which needs an active membership)."""
        membership = self.active_membership
        assert membership is not None  # noqa: S101
        return membership.organisation


class Membership(models.Model):
    """A person's place in an organisation: one active membership at a time, history kept."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(is_active=True), name="membership_one_active_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.organisation}"

    def clean(self) -> None:
        if self.organisation_id and self.role not in roles_for_kind(self.organisation.kind):
            raise ValidationError({"role": _("This role is not available in this kind of organisation.")})


class ApiToken(models.Model):
    """A bearer token for a machine client. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    token_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # Set when the token was rotated: it then works only until its (shortened) expiry and can be
    # neither rotated again nor used to rotate another token.
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
