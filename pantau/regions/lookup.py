"""Places by name: turn what a person types ("Tigaraksa", "Kab. Tangerang", "kota medan", "36.03") into a
region, suggest regions while they type, and label region codes for lists ("Tigaraksa, Kab. Tangerang").

Names are compared without regard to case, dots or repeated spaces. A leading kind word narrows the match
and may be abbreviated: "Kab."/"Kabupaten", "Kota", "Kec."/"Kecamatan"/"Distrik", "Kel."/"Kelurahan"/
"Desa", "Prov."/"Provinsi". Words after a comma name an enclosing region ("Tigaraksa, Kab. Tangerang"), and
a code in brackets at the end ("Tigaraksa, Kab. Tangerang (36.03.03)", what the suggestions fill in) wins
over the name. When several regions share a name and one of them contains all the others (the kecamatan
Tigaraksa and its kelurahan Tigaraksa), that one is meant; otherwise the name is ambiguous and the error
lists the candidates.

Every function here costs a constant number of queries whatever the number of codes or candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from pantau.regions.models import Region, is_within, normalise_region_code

_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_BRACKETED_CODE = re.compile(r"\(\s*([\d.]+)\s*\)\s*$")
_SHOWN_CANDIDATES = 8
_Row = TypeVar("_Row")

# Leading words that say which kind of region is meant: (words, kinds, name prefixes as stored).
_KIND_WORDS: list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = [
    (("kabupaten", "kab"), ("kabupaten",), ("kabupaten ", "kabupaten administrasi ")),
    (("kota", "kot"), ("kota",), ("kota ", "kota administrasi ")),
    (("kecamatan", "kec", "distrik"), ("kecamatan", "distrik"), ("",)),
    (("kelurahan", "kel", "desa", "ds"), ("kelurahan", "desa", "desa_adat"), ("",)),
    (("provinsi", "propinsi", "prov"), ("provinsi",), ("",)),
]
# Common short forms of province names.
_ALIASES = {
    "dki jakarta": "daerah khusus ibukota jakarta",
    "dki": "daerah khusus ibukota jakarta",
    "jakarta": "daerah khusus ibukota jakarta",
    "diy": "daerah istimewa yogyakarta",
    "di yogyakarta": "daerah istimewa yogyakarta",
    "yogyakarta": "daerah istimewa yogyakarta",
}


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: int
    kind: str
    is_active: bool
    label: str  # "Tigaraksa, Kab. Tangerang"

    @property
    def kind_label(self) -> str:
        return str(Region.Kind(self.kind).label) if self.kind in Region.Kind.values else self.kind

    @property
    def choice(self) -> str:
        """What a suggestion fills in: the label and, in brackets, the code (read back exactly)."""
        return f"{self.label} ({self.code})"


class PlaceError(ValueError):
    """A typed place that names no region, or several. ``message`` is translated and says what to do."""

    code = "invalid"

    def __init__(self, message: str, candidates: list[Place] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.candidates = candidates or []


class UnknownPlace(PlaceError):
    code = "unknown"


class AmbiguousPlace(PlaceError):
    code = "ambiguous"


class InactivePlace(PlaceError):
    code = "inactive"


def key(text: str) -> str:
    """A name as compared: lower case, no dots, single spaces."""
    return " ".join(text.replace(".", " ").lower().split())


def looks_like_code(text: str) -> bool:
    return bool(_CODE.match(normalise_region_code(text)))


def _short(name: str) -> str:
    return "Kab. " + name[len("Kabupaten ") :] if name.startswith("Kabupaten ") else name


def _ancestor_codes(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]


def _label(region: Region, names: dict[str, str]) -> str:
    """Name, then the kecamatan and kab/kota it lies in; a kab/kota also names its province."""
    parts = [_short(region.name)]
    ancestors = _ancestor_codes(region.code)
    shown = ancestors[1:] if region.level >= 3 else ancestors
    for code in reversed(shown):
        if code in names:
            parts.append(_short(names[code]))
    return ", ".join(parts)


def _places(regions: Iterable[Region]) -> list[Place]:
    """Places with labels, for regions already loaded: one query for all their ancestors' names."""
    regions = list(regions)
    wanted = {a for r in regions for a in _ancestor_codes(r.code)}
    names = dict(Region.objects.filter(code__in=wanted).values_list("code", "name")) if wanted else {}
    return [
        Place(
            code=r.code,
            name=r.name,
            level=r.level,
            kind=r.kind,
            is_active=r.is_active,
            label=_label(r, names),
        )
        for r in regions
    ]


def place_labels(codes: Iterable[str | None]) -> dict[str, str]:
    """``{code: "Tigaraksa, Kab. Tangerang"}`` for every known code, in one query. Unknown codes are left out
    (callers show the code itself)."""
    wanted = {c for c in codes if c}
    if not wanted:
        return {}
    every = wanted | {a for c in wanted for a in _ancestor_codes(c)}
    rows = {r.code: r for r in Region.objects.filter(code__in=every).only("code", "name", "level")}
    names = {code: r.name for code, r in rows.items()}
    return {code: _label(rows[code], names) for code in wanted if code in rows}


def place_label(code: str | None) -> str:
    """One code's label, or the code itself when unknown ("" for none)."""
    if not code:
        return ""
    return place_labels([code]).get(code, code)


def with_place_labels(rows: Iterable[_Row], field: str = "region_code", attr: str = "place") -> list[_Row]:
    """Set ``row.<attr>`` to the place label of ``row.<field>`` on each row (one query for all)."""
    rows = list(rows)
    labels = place_labels(getattr(row, field) for row in rows)
    for row in rows:
        code = getattr(row, field)
        setattr(row, attr, labels.get(code, code or ""))
    return rows


def _parse(part: str) -> tuple[str, tuple[str, ...] | None, tuple[str, ...]]:
    """("Kab. Tangerang") → ("tangerang", kinds or None, stored name prefixes). The rest keeps its own dots
    ("kep. siau …") because a few stored names have them."""
    text = " ".join(part.lower().split())
    text = _ALIASES.get(key(text), text)
    for words, kinds, prefixes in _KIND_WORDS:
        for word in words:
            matched = re.match(rf"^{word}(?:\.\s*|\s+)(\S.*)$", text)
            if matched:
                rest = matched.group(1)
                if kinds == ("provinsi",):
                    rest = _ALIASES.get(key(rest), rest)
                return rest, kinds, prefixes
    return text, None, ("", "kabupaten ", "kota ", "kabupaten administrasi ", "kota administrasi ")


def _name_q(rest: str, kinds: tuple[str, ...] | None, prefixes: tuple[str, ...]) -> Q:
    q = Q()
    for prefix in prefixes:
        for spelling in {rest, key(rest)}:
            q |= Q(name__iexact=prefix + spelling)
    if kinds is not None:
        q &= Q(kind__in=kinds)
    return q


def _ancestor_matches(region: Region, qualifiers: list[str], names: dict[str, str]) -> bool:
    """Every qualifier after a comma names one of the region's ancestors."""
    ancestor_keys = [key(names[a]) for a in _ancestor_codes(region.code) if a in names]
    for qualifier in qualifiers:
        rest, _kinds, prefixes = _parse(qualifier)
        if not any(k in {key(p + rest) for p in prefixes} for k in ancestor_keys):
            return False
    return True


def _levels_q(levels: Iterable[int] | None) -> Q:
    return Q(level__in=list(levels)) if levels is not None else Q()


def resolve_place(text: str, *, levels: Iterable[int] | None = None, allow_inactive: bool = False) -> Place:
    """The one region ``text`` means: a code ("36.03.03", "360303") or a name, as the module explains.

    ``levels`` limits the regions that may be meant (1 province … 4 village). Raises ``UnknownPlace``,
    ``AmbiguousPlace`` (with the candidates) or ``InactivePlace``; each carries a translated message.
    """
    levels = tuple(levels) if levels is not None else None
    text = " ".join(text.split())
    if not text:
        raise UnknownPlace(_("Type the name or the code of a place."))
    bracketed = _BRACKETED_CODE.search(text)
    if bracketed and looks_like_code(bracketed.group(1)):
        return resolve_code(bracketed.group(1), levels=levels, allow_inactive=allow_inactive)
    if looks_like_code(text):
        return resolve_code(text, levels=levels, allow_inactive=allow_inactive)
    if re.match(r"^\d{2}\.", text):  # a mistyped code ("36.03.03.2001x"); names like "10 Ulu" have no dot
        raise UnknownPlace(unknown_code_message(text))
    first, *qualifiers = [p.strip() for p in text.split(",") if p.strip()]
    rest, kinds, prefixes = _parse(first)
    found = list(Region.objects.filter(_name_q(rest, kinds, prefixes), _levels_q(levels), is_active=True))
    if qualifiers and found:
        wanted = {a for r in found for a in _ancestor_codes(r.code)}
        names = dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))
        found = [r for r in found if _ancestor_matches(r, qualifiers, names)]
    if not found and levels is not None:
        other = (
            Region.objects.filter(_name_q(rest, kinds, prefixes), is_active=True).order_by("level").first()
        )
        if other is not None and not qualifiers:
            resolve_code(other.code, levels=levels)  # raises: "Banten (36) is a Province; this field needs …"
    if not found:
        raise UnknownPlace(
            _('No place is called "%(text)s". Type part of the name and pick one of the suggestions.')
            % {"text": text}
        )
    found.sort(key=lambda r: (r.level, r.code))
    outermost = found[0]
    if all(is_within(r.code, outermost.code) for r in found):
        return _places([outermost])[0]
    candidates = _places(found)
    shown = "; ".join(p.choice for p in candidates[:_SHOWN_CANDIDATES])
    more = len(candidates) - _SHOWN_CANDIDATES
    message = _('"%(text)s" could be several places: %(candidates)s.') % {"text": text, "candidates": shown}
    if more > 0:
        message += " " + _("and %(count)s more.") % {"count": more}
    message += " " + _("Pick one of the suggestions, add the kabupaten/kota after a comma, or type the code.")
    raise AmbiguousPlace(message, candidates)


def resolve_code(code: str, *, levels: Iterable[int] | None = None, allow_inactive: bool = False) -> Place:
    """The region with this Kemendagri code; an unknown code's error suggests places near it."""
    code = normalise_region_code(code)
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise UnknownPlace(unknown_code_message(code))
    place = _places([region])[0]
    if not region.is_active and not allow_inactive:
        raise InactivePlace(
            _("The region code %(code)s (%(place)s) is no longer in use. Pick the place it became.")
            % {"code": code, "place": place.label}
        )
    if levels is not None and region.level not in tuple(levels):
        raise UnknownPlace(
            _("%(place)s (%(code)s) is a %(kind)s; this field needs a %(needed)s.")
            % {
                "place": place.label,
                "code": code,
                "kind": region.get_kind_display(),
                "needed": " / ".join(str(Region.Level(level).label).lower() for level in sorted(levels)),
            }
        )
    return place


def unknown_code_message(code: str) -> str:
    """ "No region has the code …", naming the nearest known enclosing place and a few places in it."""
    code = normalise_region_code(code)
    if not looks_like_code(code):
        return _(
            '"%(code)s" is not a region code (they look like 36.03.03.1001). Type the name of the place.'
        ) % {"code": code}
    known = {
        r.code: r for r in Region.objects.filter(code__in=_ancestor_codes(code)).only("code", "name", "level")
    }
    parent_code = next((a for a in reversed(_ancestor_codes(code)) if a in known), None)
    if parent_code is None:
        return _("No region has the code %(code)s. Type the name of the place instead.") % {"code": code}
    parent = _places([known[parent_code]])[0]
    nearby = _places(Region.objects.filter(parent_id=parent_code, is_active=True).order_by("code")[:5])
    return _("No region has the code %(code)s. In %(parent)s there are, for example: %(nearby)s.") % {
        "code": code,
        "parent": parent.label,
        "nearby": "; ".join(f"{p.name} ({p.code})" for p in nearby),
    }


def search_places(text: str, *, limit: int = 20, levels: Iterable[int] | None = None) -> list[Place]:
    """Suggestions while a person types: by code prefix, or by name: names that are the text, then names
    that start with it (larger regions first); names that merely contain it only when fewer than five
    start with it, because that needs a read of every name while the prefix uses an index (PostgreSQL,
    migration 0002). Two to four queries."""
    text = " ".join(text.split())
    levels = tuple(levels) if levels is not None else None
    bracketed = _BRACKETED_CODE.search(text)
    if bracketed:
        text = bracketed.group(1)
    if len(text.replace(".", "")) < 2:
        return []
    active = Region.objects.filter(_levels_q(levels), is_active=True)
    if text.replace(".", "").isdigit():
        code = normalise_region_code(text)
        return _places(active.filter(code__startswith=code).order_by("level", "code")[:limit])
    first, *qualifiers = [p.strip() for p in text.split(",") if p.strip()]
    rest, kinds, prefixes = _parse(first)
    kind_q = Q(kind__in=kinds) if kinds is not None else Q()
    exact, starts = Q(), Q()
    for prefix in prefixes:
        exact |= Q(name__iexact=prefix + rest)
        starts |= Q(name__istartswith=prefix + rest)
    wanted = limit * 10 if qualifiers else limit
    rank = Case(When(exact, then=Value(0)), default=Value(1), output_field=IntegerField())
    rows: list[Region] = list(
        active.filter(kind_q, starts).annotate(rank=rank).order_by("rank", "level", "name", "code")[:wanted]
    )
    if len(rows) < min(5, wanted):
        inside = active.filter(kind_q, name__icontains=rest).exclude(starts)
        rows += list(inside.order_by("level", "name", "code")[: wanted - len(rows)])
    if not qualifiers:
        return _places(rows)
    ancestors = {a for r in rows for a in _ancestor_codes(r.code)}
    names = dict(Region.objects.filter(code__in=ancestors).values_list("code", "name")) if ancestors else {}
    kept = [r for r in rows if _ancestor_prefix_matches(r, qualifiers, names)]
    return _places(kept[:limit])


def _ancestor_prefix_matches(region: Region, qualifiers: list[str], names: dict[str, str]) -> bool:
    """While typing, a qualifier may be the start of an ancestor's name ("Tigaraksa, Kab. Tang")."""
    ancestor_keys = [key(names[a]) for a in _ancestor_codes(region.code) if a in names]
    for qualifier in qualifiers:
        rest, _kinds, prefixes = _parse(qualifier)
        if not any(k.startswith(key(p + rest)) for k in ancestor_keys for p in prefixes):
            return False
    return True


def region_param(text: str, *, field: str = "region", levels: Iterable[int] | None = None) -> str:
    """An API's region parameter read as a code or a place name: the code ("" when empty). A name that is
    unknown or ambiguous raises Django's ValidationError on ``field`` (the API answers 422 with it)."""
    if not text.strip():
        return ""
    try:
        return resolve_place(text, levels=levels, allow_inactive=True).code
    except PlaceError as error:
        raise ValidationError({field: [error.message]}) from error
