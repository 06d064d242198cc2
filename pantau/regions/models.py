"""The Kemendagri region hierarchy (provinsi → kabupaten/kota → kecamatan → kelurahan/desa).

Codes are the dotted Kemendagri codes ("32", "32.76", "32.76.01", "32.76.01.1006"). Because every level
extends its parent's code, "is region A inside region B" is a string-prefix test: no query, no walk
up the tree. Jurisdiction filters on other tables use the same property (``region_q``).
"""

from __future__ import annotations

from typing import Any, ClassVar, Self, TypeVar

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def normalise_region_code(value: str) -> str:
    """Accept "3603032002" as well as "36.03.03.2002" (spreadsheets drop the dots)."""
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


def region_code_field(**overrides: Any) -> models.CharField[str, str]:
    """The region code column of a region-scoped table (``RegionScoped``); overrides for tables where it may
    be empty."""
    options: dict[str, Any] = {"verbose_name": _("region code"), "max_length": 13, "db_index": True}
    return models.CharField(**{**options, **overrides})


_Scoped = TypeVar("_Scoped", bound="RegionScoped")


class RegionScopedQuerySet(models.QuerySet[_Scoped]):
    def in_region(self, code: str | None) -> Self:
        """Rows whose region lies inside ``code`` (None: the whole nation); one indexed LIKE 'code.%'."""
        return self.filter(region_q("region_code", code))


class RegionScoped(models.Model):
    """A table whose rows carry the Kemendagri code of the region they belong to, so that jurisdiction
    filters are one indexed prefix test with no join. Each subclass's manager comes from
    ``RegionScopedQuerySet`` (or a subclass adding its own reads), which gives it ``in_region``.

    Each subclass also states what happens to its rows when the home (LKSA) they are about moves to
    another region (``pantau.registry.relocation.lksa_move_region``, which finds the subclasses through
    the app registry, so that the registry need not import the apps that keep such rows):

    * ``home_field``: the lookup path from a row to its LKSA ("lksa", "account__lksa"); None when the
      row's region is its own (the home itself, a linkage run over a region).
    * ``follows_home``: whether rows take the home's new region; ``follows_home_when`` narrows that to
      some rows (say, concerns not yet triaged). The reason belongs in a comment at the subclass.
    """

    region_code = region_code_field()

    home_field: ClassVar[str | None] = None
    follows_home: ClassVar[bool] = False
    follows_home_when: ClassVar[Q] = Q()

    class Meta:
        abstract = True
        indexes = [
            # LIKE 'prefix%' needs the pattern operator class on PostgreSQL (ignored on SQLite). Subclasses
            # with indexes of their own list these first: indexes = [*RegionScoped.Meta.indexes, ...].
            # The class name is cut to 12 letters to keep within PostgreSQL's 30-character index names.
            models.Index(
                fields=["region_code"],
                name="%(class).12s_region_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            )
        ]


def region_scoped_models() -> list[type[RegionScoped]]:
    """Every concrete region-scoped model of the installed apps."""
    return [m for m in apps.get_models() if issubclass(m, RegionScoped)]


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
