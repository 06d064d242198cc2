"""The public search: find a home by the words of its name in any order, by the place it stands, or both.

How a search reads what a donor typed (``q``):

* It is split into words (letters and digits; "Al-Ikhlas" is "al" and "ikhlas"), case and order ignored.
  A home matches when **every** remaining word is found, each either in the home's name or as a word of
  the name of the province, kabupaten/kota or kecamatan it stands in ("kasih tangerang": homes with
  "kasih" in their name in Kabupaten Tangerang, Kota Tangerang, Kota Tangerang Selatan or the kecamatan
  Tangerang). Villages are left out of this: thousands share names such as "Sukamaju" or "Jaya", which
  would make almost any word match somewhere. A place word must be three letters or more.
* Generic words (``GENERIC_WORDS``) are ignored: they name the *kind* of institution, and the same home is
  written "Panti Asuhan Kasih Bunda", "LKSA Kasih Bunda", "Yayasan Kasih Bunda" or "PA Kasih Bunda" by the
  registry, an appeal and a donor, so requiring them hides the home. Words that are often the
  distinguishing part of a name are kept: "anak", "yatim", "piatu", "pondok", "pesantren", "rumah",
  "al", "nur"... ("Pondok Kasih" is not "Kasih Bunda"; "Rumah Yatim" is a name). When a search holds only
  generic words ("panti asuhan"), they are used as typed, so the count is still honest. The kind words of
  places ("kab", "kabupaten", "kec", "kecamatan", "prov", "provinsi") are dropped the same way ("kab
  tangerang" is "tangerang"); "kota" is kept, since "Kota Tangerang" is not "Kabupaten Tangerang".

The place box (``place``) takes a Kemendagri code or a place name as the places resolver reads it
("Tigaraksa", "Kab. Tangerang", "Tangerang, Banten"). A name several places share ("Tangerang": the
kabupaten, the kota and a kecamatan) searches all of them, and the page says which.

Every search costs a constant number of queries: at most one for the place words, the place box's own
(two or three), one count and the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from pantau.public.selectors import PublicLksa, public_lksa_queryset, to_public
from pantau.regions.lookup import AmbiguousPlace, Place, UnknownPlace, looks_like_code, resolve_place
from pantau.regions.models import Region
from pantau.registry.models import LksaQuerySet

GENERIC_WORDS = frozenset(
    {
        "panti",
        "asuhan",
        "pa",  # "PA Kasih Bunda": panti asuhan
        "psaa",  # panti sosial asuhan anak
        "lksa",
        "lks",
        "yayasan",
        "yys",
        "yay",
        # The kind of a place, in "kab tangerang" or "kecamatan tigaraksa": the name after it is what counts.
        "kab",
        "kabupaten",
        "kec",
        "kecamatan",
        "prov",
        "provinsi",
    }
)
PAGE_SIZE = 20
PLACE_LEVELS = (1, 2, 3)  # province, kabupaten/kota, kecamatan
MIN_PLACE_WORD = 3
# Substr(region_code, 1, n) of a home's code is the code of its province (2), kab/kota (5), kecamatan (8).
_LEVEL_DIGITS = {1: 2, 2: 5, 3: 8}
_WORD = re.compile(r"\w+")


def words_of(text: str) -> list[str]:
    """The words a search uses: generic ones dropped unless nothing else is left; each once, in order."""
    words = list(dict.fromkeys(_WORD.findall(text.casefold())))
    specific = [w for w in words if w not in GENERIC_WORDS]
    return specific or words


@dataclass
class SearchResult:
    page: Page  # of the matching homes, for the page's numbering
    items: list[PublicLksa]  # the page's homes as the public sees them
    words: list[str]  # the words searched for, after dropping generic ones
    ignored: list[str]  # the generic words left out
    places: list[Place] = field(default_factory=list)  # what the place box was read as

    @property
    def count(self) -> int:
        return self.page.paginator.count


def _place_word_codes(words: list[str]) -> dict[str, dict[int, list[str]]]:
    """For each word, the codes (by level) of provinces, kabupaten/kota and kecamatan that have it as a
    word of their name. One query for all the words."""
    candidates = [w for w in words if len(w) >= MIN_PLACE_WORD and not w.isdigit()]
    if not candidates:
        return {}
    q = Q()
    for word in candidates:
        q |= Q(name__icontains=word)
    found: dict[str, dict[int, list[str]]] = {}
    for code, name, level in Region.objects.filter(q, level__in=PLACE_LEVELS).values_list(
        "code", "name", "level"
    ):
        name_words = set(_WORD.findall(name.casefold()))
        for word in candidates:
            if word in name_words:
                found.setdefault(word, {}).setdefault(level, []).append(code)
    return found


def _in_places(codes_by_level: dict[int, list[str]]) -> Q:
    q = Q()
    for level, codes in codes_by_level.items():
        q |= Q(**{f"_place{level}__in": codes})
    return q


def _with_place_columns(homes: LksaQuerySet) -> LksaQuerySet:
    return homes.annotate(
        **{f"_place{level}": Substr("region_code", 1, digits) for level, digits in _LEVEL_DIGITS.items()}
    )


def read_place(text: str) -> list[Place]:
    """The place(s) the place box names; raises the resolver's ``PlaceError`` (translated) when none."""
    try:
        return [resolve_place(text, levels=(1, 2, 3, 4))]
    except AmbiguousPlace as several:
        return several.candidates
    except UnknownPlace as unknown:
        if looks_like_code(text):
            raise
        # The resolver's own message points to suggestions, which the public form does not offer.
        raise UnknownPlace(
            _(
                'No place is called "%(text)s". Check the spelling, or type the name of its kabupaten/kota '
                "or kecamatan."
            )
            % {"text": " ".join(text.split())}
        ) from unknown


def search_homes(
    *,
    day: date,
    q: str = "",
    places: list[Place] | None = None,
    page: int | str | None = 1,
    page_size: int = PAGE_SIZE,
) -> SearchResult:
    typed = list(dict.fromkeys(_WORD.findall(q.casefold())))
    words = words_of(q)
    homes = public_lksa_queryset(day)
    place_codes = _place_word_codes(words)
    if place_codes:
        homes = _with_place_columns(homes)
    for word in words:
        by_name = Q(name__icontains=word)
        homes = homes.filter(by_name | _in_places(place_codes[word]) if word in place_codes else by_name)
    if places:
        within = Q()
        for place in places:
            within |= Q(region_code=place.code) | Q(region_code__startswith=place.code + ".")
        homes = homes.filter(within)
    paginator = Paginator(homes.order_by("name", "pk"), page_size)
    current = paginator.get_page(page)
    return SearchResult(
        page=current,
        items=to_public(list(current.object_list), day),
        words=words,
        ignored=[w for w in typed if w not in words],
        places=places or [],
    )
