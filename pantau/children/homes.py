"""Homes picked by name: the children list's home filter and the receiving home of a transfer.

A person types part of a home's name; the suggestions (``home_options``) read "Panti Asuhan Kasih Bunda,
Tigaraksa, Kab. Tangerang (12)", and the number in brackets at the end, what a suggestion fills in, wins
over the name. Without a suggestion the words typed must all occur in the name, in any order; several
matches are an error that lists them (and the page offers them as suggestions, which works without
JavaScript). A bare number is taken as the home's Pantau number, as before. Each function costs a
constant number of queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from pantau.regions.lookup import place_labels
from pantau.registry.models import Lksa, LksaQuerySet

_NUMBER_AT_END = re.compile(r"\(\s*(\d+)\s*\)\s*$")
_SHOWN = 8
_WORDS = 6


@dataclass(frozen=True)
class HomeOption:
    pk: int
    name: str
    label: str  # what the field is filled with: "Name, Place (12)"


def _matching(homes: LksaQuerySet, text: str) -> LksaQuerySet:
    words = text.split()[:_WORDS]
    query = Q()
    for word in words:
        query &= Q(name__icontains=word)
    return homes.filter(query) if words else homes.none()


def home_options(homes: LksaQuerySet, text: str, *, limit: int = 20) -> list[HomeOption]:
    """Suggestions for what was typed (two characters at least), by name: two queries."""
    text = text.strip()
    if len(text) < 2:
        return []
    found = list(_matching(homes, text).order_by("name", "pk").only("pk", "name", "region_code")[:limit])
    return _labelled(found)


def _labelled(found: list[Lksa]) -> list[HomeOption]:
    places = place_labels(home.region_code[:8] for home in found)
    return [
        HomeOption(
            pk=home.pk,
            name=home.name,
            label=f"{home.name}, {places.get(home.region_code[:8], home.region_code)} ({home.pk})",
        )
        for home in found
    ]


def resolve_home(homes: LksaQuerySet, text: str) -> Lksa:
    """The one home of ``homes`` that ``text`` names, or a ValidationError in plain words
    (``AmbiguousHome``, with the candidates, when several fit)."""
    text = " ".join(text.split())
    number = _NUMBER_AT_END.search(text)
    if number or text.isdigit():
        pk = int(number.group(1) if number else text)
        home = homes.filter(pk=pk).first()
        if home is None:
            raise ValidationError(_("No home with this number among the homes you may choose here."))
        return home
    if len(text) < 2:
        raise ValidationError(_("Type at least two letters of the home's name."))
    found = list(_matching(homes, text).order_by("name", "pk")[: _SHOWN + 1])
    exact = [home for home in found if home.name.casefold() == text.casefold()]
    if len(exact) == 1:
        return exact[0]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValidationError(
            _("No home called “%(name)s” among the homes you may choose here.") % {"name": text}
        )
    raise AmbiguousHome(_labelled(found[:_SHOWN]), more=len(found) > _SHOWN, text=text)


class AmbiguousHome(ValidationError):
    """Several homes fit what was typed; ``candidates`` (the first few) are offered as suggestions."""

    def __init__(self, candidates: list[HomeOption], *, more: bool, text: str) -> None:
        if more:
            message = _(
                "Many homes are called “%(name)s”: type more of the name, or pick one from the suggestions."
            ) % {"name": text}
        else:
            message = _("Several homes are called “%(name)s”: pick one from the suggestions.") % {
                "name": text
            }
        super().__init__(message)
        self.candidates = candidates
        self.more = more
