"""The Kemendagri region hierarchy (provinsi → kabupaten/kota → kecamatan → kelurahan/desa).

Codes are the dotted Kemendagri codes ("32", "32.76", "32.76.01", "32.76.01.1001"). Because every level
extends its parent's code, "is region A inside region B" is a string-prefix test: no query, no walk
up the tree. Jurisdiction filters on other tables use the same property (``region_q``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def normalise_region_code(value: str) -> str:
    """Accept "3603032001" as well as "36.03.03.2001" (spreadsheets drop the dots)."""
    code = value.strip()
    if "." not in code and code.isdigit():
        code = ".".join(part for part in (code[0:2], code[2:4], code[4:6], code[6:10]) if part)
    return code


def is_within(inner: str | None, outer: str | None) -> bool:
    """True when region ``inner`` lies inside (or is) region ``outer``. ``outer=None`` means the nation."""
    if outer is None:
        return True
    if inner is None:
        return False
    return inner == outer or inner.startswith(outer + ".")


def region_q(field: str, outer: str | None) -> Q:
    """A filter for rows whose region ``field`` lies inside ``outer`` (None: the whole nation)."""
    if outer is None:
        return Q()
    return Q(**{field: outer}) | Q(**{f"{field}__startswith": outer + "."})


class Region(models.Model):
    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province")
        REGENCY_CITY = 2, _("Regency/city")
        DISTRICT = 3, _("District")
        VILLAGE = 4, _("Village")

    class Kind(models.TextChoices):
        PROVINSI = "provinsi", _("Province")
        KABUPATEN = "kabupaten", _("Regency")
        KOTA = "kota", _("City")
        KECAMATAN = "kecamatan", _("District (kecamatan)")
        DISTRIK = "distrik", _("District (distrik)")
        KELURAHAN = "kelurahan", _("Urban village (kelurahan)")
        DESA = "desa", _("Village (desa)")
        DESA_ADAT = "desa_adat", _("Customary village (desa adat)")

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    # Codes retired by a later decree (pemekaran, mergers) stay so that old records still resolve.
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [
            # LIKE 'prefix%' needs the pattern operator class on PostgreSQL (ignored on SQLite).
            models.Index(fields=["code"], name="region_code_prefix_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level", "name"], name="region_level_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.code})"

    @property
    def display_name(self) -> str:
        # Kemendagri names of kabupaten/kota already carry their kind ("Kabupaten Tangerang").
        return self.name

    def contains(self, other_code: str | None) -> bool:
        return is_within(other_code, self.code)

    @property
    def province_code(self) -> str:
        return self.code[:2]
