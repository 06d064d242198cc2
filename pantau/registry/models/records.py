"""The separate legal records of an LKSA. Each has its own number, issuer, dates and document.

They are kept apart on purpose: in the Medan 2023 case a foundation's Kemenkumham (AHU) number was
shown as if it were an operating licence. A legal entity is not a Dinas Sosial registration, which is
not an accreditation, which is not a fundraising (PUB) permit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pantau.lib.names import name_key as person_name_key
from pantau.lib.normalise import normalise_account_number, normalise_handle
from pantau.lib.storage import private_storage, random_upload_path
from pantau.registry.models.lksa import Lksa


class DatedRecord(models.Model):
    """A numbered document issued on a date and (usually) valid until another."""

    lksa = models.ForeignKey(Lksa, verbose_name=_("LKSA"), on_delete=models.CASCADE, related_name="+")
    number = models.CharField(_("number"), max_length=100)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    document = models.FileField(
        _("document"), storage=private_storage, upload_to=random_upload_path, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        if self.valid_until and self.issued_on and self.valid_until <= self.issued_on:
            raise ValidationError({"valid_until": _("The end date must be after the issue date.")})
        # The local (Jakarta) day: the server's UTC date refused a document issued "today" after 17:00 UTC.
        if self.issued_on and self.issued_on > timezone.localdate():
            raise ValidationError({"issued_on": _("The issue date cannot be in the future.")})

    def is_valid_on(self, day: date) -> bool:
        return self.issued_on <= day and (self.valid_until is None or day <= self.valid_until)


class LegalEntity(models.Model):
    """The foundation (yayasan) or association (perkumpulan) behind the home, as registered at
    Kemenkumham (AHU). Having one is *not* permission to operate."""

    class Form(models.TextChoices):
        YAYASAN = "yayasan", _("Foundation (yayasan)")
        PERKUMPULAN = "perkumpulan", _("Association (perkumpulan)")

    lksa = models.OneToOneField(
        Lksa, verbose_name=_("LKSA"), on_delete=models.CASCADE, related_name="legal_entity"
    )
    form = models.CharField(_("legal form"), max_length=20, choices=Form.choices)
    name = models.CharField(_("registered name"), max_length=200)
    deed_number = models.CharField(_("deed (akta) number"), max_length=100)
    deed_date = models.DateField(_("deed date"))
    notary = models.CharField(_("notary"), max_length=200, blank=True)
    ahu_number = models.CharField(_("Kemenkumham (AHU) decree number"), max_length=100, blank=True)
    ahu_date = models.DateField(_("AHU decree date"), null=True, blank=True)
    npwp = models.CharField(_("tax number (NPWP)"), max_length=25, blank=True)
    document = models.FileField(
        _("document"), storage=private_storage, upload_to=random_upload_path, blank=True
    )

    class Meta:
        verbose_name = _("legal entity")
        verbose_name_plural = _("legal entities")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        today = timezone.localdate()
        errors = {}
        if self.deed_date and self.deed_date > today:
            errors["deed_date"] = _("The deed date cannot be in the future.")
        if self.ahu_date and self.ahu_date > today:
            errors["ahu_date"] = _("The AHU decree date cannot be in the future.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_recognised(self) -> bool:
        """A legal entity counts once Kemenkumham has ratified it (SK AHU)."""
        return bool(self.ahu_number)


class Registration(DatedRecord):
    """Dinas Sosial registration (Tanda Daftar LKS / izin operasional): the permission to operate."""

    lksa = models.ForeignKey(
        Lksa, verbose_name=_("LKSA"), on_delete=models.CASCADE, related_name="registrations"
    )

    class Meta(DatedRecord.Meta):
        verbose_name = _("Dinas Sosial registration")
        verbose_name_plural = _("Dinas Sosial registrations")
        constraints = [models.UniqueConstraint(fields=["number"], name="registration_unique_number")]


class Accreditation(DatedRecord):
    class Grade(models.TextChoices):
        A = "A", "A"
        B = "B", "B"
        C = "C", "C"

    lksa = models.ForeignKey(
        Lksa, verbose_name=_("LKSA"), on_delete=models.CASCADE, related_name="accreditations"
    )
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices)

    class Meta(DatedRecord.Meta):
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")


class AdoptionLicence(DatedRecord):
    """The Minister's licence to process adoptions (PP 54/2007 Pasal 1 angka 5): rare."""

    lksa = models.ForeignKey(
        Lksa, verbose_name=_("LKSA"), on_delete=models.CASCADE, related_name="adoption_licences"
    )

    class Meta(DatedRecord.Meta):
        verbose_name = _("adoption licence")
        verbose_name_plural = _("adoption licences")


class BankAccount(models.Model):
    class Holder(models.TextChoices):
        FOUNDATION = "foundation", _("The foundation (yayasan/perkumpulan)")
        PERSON = "person", _("A person")

    lksa = models.ForeignKey(
        Lksa, verbose_name=_("LKSA"), on_delete=models.CASCADE, related_name="bank_accounts"
    )
    bank = models.CharField(_("bank"), max_length=100)
    number = models.CharField(_("account number"), max_length=40)
    number_digits = models.CharField(max_length=40, db_index=True, editable=False)
    holder_name = models.CharField(_("account holder"), max_length=200)
    holder_kind = models.CharField(_("holder is"), max_length=12, choices=Holder.choices)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")

    def __str__(self) -> str:
        return f"{self.bank} {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.number_digits = normalise_account_number(self.number)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if len(normalise_account_number(self.number)) < 6:
            raise ValidationError({"number": _("An account number has at least 6 digits.")})


class FundraisingPermit(DatedRecord):
    """A public fundraising permit (izin PUB, Permensos 8/2021): at most 3 months, extendable by 1."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("Minister of Social Affairs (national)")
        PROVINCE = "province", _("Governor (one province)")
        REGENCY = "regency", _("Regent / mayor (one kabupaten/kota)")

    MAX_DAYS = 31 * 4  # 3 months + 1 month extension

    lksa = models.ForeignKey(
        Lksa, verbose_name=_("LKSA"), on_delete=models.CASCADE, related_name="fundraising_permits"
    )
    level = models.CharField(_("issuer level"), max_length=10, choices=Level.choices)
    area = models.CharField(_("area"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    bank_account = models.ForeignKey(
        BankAccount,
        verbose_name=_("permitted bank account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="permits",
    )

    class Meta(DatedRecord.Meta):
        verbose_name = _("fundraising permit")
        verbose_name_plural = _("fundraising permits")

    def clean(self) -> None:
        super().clean()
        if self.valid_until is None:
            raise ValidationError({"valid_until": _("A fundraising permit always has an end date.")})
        if self.bank_account is not None and self.bank_account.holder_kind != BankAccount.Holder.FOUNDATION:
            raise ValidationError(
                {"bank_account": _("A fundraising permit can only cover an account held by the foundation.")}
            )
        if self.issued_on and (self.valid_until - self.issued_on).days > self.MAX_DAYS:
            raise ValidationError(
                {"valid_until": _("A fundraising permit runs at most 3 months, plus 1 month extension.")}
            )


class SocialAccount(models.Model):
    class Platform(models.TextChoices):
        TIKTOK = "tiktok", "TikTok"
        INSTAGRAM = "instagram", "Instagram"
        FACEBOOK = "facebook", "Facebook"
        YOUTUBE = "youtube", "YouTube"
        X = "x", "X / Twitter"
        WHATSAPP = "whatsapp", "WhatsApp"
        OTHER = "other", _("Other")

    lksa = models.ForeignKey(
        Lksa, verbose_name=_("LKSA"), on_delete=models.CASCADE, related_name="social_accounts"
    )
    platform = models.CharField(_("platform"), max_length=12, choices=Platform.choices)
    handle = models.CharField(_("handle"), max_length=200)
    handle_normalised = models.CharField(max_length=200, db_index=True, editable=False)
    url = models.URLField(_("address (URL)"), blank=True)

    class Meta:
        verbose_name = _("social-media account")
        verbose_name_plural = _("social-media accounts")

    def __str__(self) -> str:
        return f"{self.get_platform_display()} @{self.handle_normalised}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.handle_normalised = normalise_handle(self.handle)
        super().save(*args, **kwargs)


class StaffMember(models.Model):
    """Staff (SDM): adults, not children; screening and training matter for SNPA items D22 and D23."""

    lksa = models.ForeignKey(Lksa, verbose_name=_("LKSA"), on_delete=models.CASCADE, related_name="staff")
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=100)
    police_clearance_on = models.DateField(_("police clearance (SKCK) date"), null=True, blank=True)
    # Until when the latest verified clearance counts (its issue date plus the validity the home's Dinas
    # Sosial sets): kept here by pantau.staffing so that the legality rules read it without that app.
    police_clearance_until = models.DateField(_("police clearance (SKCK) valid until"), null=True, blank=True)
    protection_training_on = models.DateField(_("child-protection training date"), null=True, blank=True)
    is_social_worker = models.BooleanField(_("qualified social worker (peksos)"), default=False)
    # The foundation's board (pengurus yayasan) answers for the home as much as its staff.
    is_board = models.BooleanField(_("member of the foundation's board (pengurus)"), default=False)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    # The NIK encrypted, with its keyed hash: the same person alleged in a case is found by it.
    nik_cipher = models.TextField(blank=True)
    nik_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # The name normalised for matching (pantau.lib.names.name_key), filled on save.
    name_key = models.CharField(max_length=150, blank=True, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)

    # The column's own encryption context; the keyed hash is shared with other adults (lib/persons.py).
    NIK_CONTEXT = "registry.staffmember.nik"

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = person_name_key(self.full_name)[:150]
        if kwargs.get("update_fields") is not None and "full_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)
