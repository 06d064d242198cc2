"""Reads of the network, each through the access rules (``accounts/access/network.py``): the places a
reader may see, one identifier with them (the others counted, not shown), its neighbourhood, the
signals. Every page built from them makes a fixed number of queries, whatever the identifier's size."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.urls import reverse

from pantau.accounts.access import (
    SOURCE_GROUPS,
    UserLike,
    network_signal_scope,
    not_found,
    occurrence_scope,
)
from pantau.accounts.access.policy import Perm
from pantau.cases.selectors import cases_visible_to
from pantau.lib.names import name_key as person_name_key
from pantau.lib.persons import clean_nik, nik_hash
from pantau.linkage.normalise import parse_birth_date
from pantau.monitoring.selectors import posts_visible_to
from pantau.network import keys
from pantau.network.models import Entity, Kind, Occurrence, Signal, Source

GROUP_OF = {source: group for group, sources in SOURCE_GROUPS.items() for source in sources}
PLACES_SHOWN = 200  # an identifier in more places than this: the most recent, and the count


def occurrences_visible_to(user: UserLike) -> QuerySet[Occurrence]:
    return occurrence_scope(user, Occurrence.objects.all(), visible_cases=cases_visible_to(user))


def signals_visible_to(user: UserLike) -> QuerySet[Signal]:
    return network_signal_scope(user, Signal.objects.all())


def get_entity_for(user: UserLike, pk: int | str) -> Entity:
    """The identifier, if the reader may see at least one place it was found in; 404 (audited) else."""
    try:
        entity = Entity.objects.get(pk=pk)
    except (Entity.DoesNotExist, ValueError, TypeError):
        raise not_found(user, f"network.entity:{pk}", Perm.NETWORK_VIEW) from None
    if not occurrences_visible_to(user).filter(entity=entity).exists():
        raise not_found(user, f"network.entity:{pk}", Perm.NETWORK_VIEW)
    return entity


def find_entity(user: UserLike, kind: str, value: str) -> Entity | None:
    """The identifier typed in a search box (a phone, an account "BCA 123...", a handle, a QRIS NMID),
    if it is indexed and the reader may see a place of it."""
    key = _key_of(kind, value)
    if key is None:
        return None
    entity = Entity.objects.filter(kind=key.kind, digest=key.digest).first()
    if entity is None or not occurrences_visible_to(user).filter(entity=entity).exists():
        return None
    return entity


def _key_of(kind: str, value: str) -> keys.Key | None:
    value = (value or "").strip()
    if kind == Kind.PHONE:
        return keys.phone(value)
    if kind == Kind.BANK:
        # The bank's name, then the number however it is spaced: "BCA 701 2334 455", "Bank DKI 1234-56".
        match = re.match(r"(\D+?)[\s:]*(\d[\d\s.\-]*)$", value)
        return keys.bank(match.group(1), match.group(2)) if match else None
    if kind == Kind.QRIS:
        return keys.qris(value)
    if kind == Kind.HANDLE:
        return keys.handle(value)
    if kind == Kind.PERSON:
        return _person_key(value)
    return None


def _person_key(value: str) -> keys.Key | None:
    """A person by NIK (16 digits), or by "name, date of birth"; a name alone finds no one (namesakes)."""
    try:
        digits = clean_nik(value)
    except ValidationError:
        digits = ""
    if digits:
        found = keys.persons(name="", name_key="", birth_date=None, nik_hash=nik_hash(digits))
    else:
        name, _, written = value.rpartition(",")
        born, _problem = parse_birth_date(written)
        if not name.strip() or born is None:
            return None
        found = keys.persons(name=name, name_key=person_name_key(name)[:150], birth_date=born, nik_hash="")
    return found[0] if found else None


def link_of(place: Occurrence) -> str:
    """Where the record an identifier was found in opens (the reader may open it: the place is shown
    to them by that record's own rule)."""
    source = place.source
    if source in (Source.HOME, Source.BANK_ACCOUNT, Source.SOCIAL_ACCOUNT, Source.STAFF):
        return reverse("registry:lksa_detail", args=[place.lksa_id])
    if source == Source.POSTS and place.cite_id:
        return reverse("monitoring:post_detail", args=[place.cite_id])
    if source == Source.MONITORED_ACCOUNT and place.lksa_id:
        return reverse("registry:lksa_detail", args=[place.lksa_id])
    if source == Source.CONCERN:
        return reverse("cases:concern_detail", args=[place.source_id])
    if source in (Source.CASE_SUBJECT, Source.PLATFORM_REQUEST, Source.CASE_EVIDENCE) and place.case_id:
        return reverse("cases:case_detail", args=[place.case_id])
    if source == Source.CARE_FILE:
        return reverse("familycare:file_detail", args=[place.source_id])
    if source == Source.FAMILY:
        return reverse("familycare:family_detail", args=[place.source_id])
    if source == Source.BAR:
        return reverse("staffing:bar_list")
    return ""


@dataclass
class EntityPicture:
    entity: Entity
    places: list[Occurrence]
    withheld: dict[str, int]  # source group -> places the reader may not see
    signals: list[Signal]
    more_places: int = 0  # visible, beyond PLACES_SHOWN
    homes: list[Any] = field(default_factory=list)

    @property
    def first_seen(self) -> date | None:
        return min((p.first_seen for p in self.places if p.first_seen), default=None)

    @property
    def last_seen(self) -> date | None:
        return max((p.last_seen for p in self.places if p.last_seen), default=None)

    @property
    def withheld_total(self) -> int:
        return sum(self.withheld.values())


def entity_picture(user: UserLike, entity: Entity) -> EntityPicture:
    """The identifier with the places the reader may see (newest first), the others counted by group,
    and its signals the reader may see. Four queries."""
    visible = occurrences_visible_to(user).filter(entity=entity)
    places = list(visible.select_related("lksa", "case").order_by("-last_seen", "-pk")[: PLACES_SHOWN + 1])
    by_source = Counter(
        dict(
            Occurrence.objects.filter(entity=entity)
            .values("source")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("source", "n")
        )
    )
    seen = Counter(p.source for p in places[:PLACES_SHOWN])
    more = max(0, len(places) - PLACES_SHOWN)
    withheld: Counter[str] = Counter()
    if more:  # only then does the shown list not hold every visible place: count them properly
        seen = Counter(
            dict(visible.values("source").annotate(n=Count("pk")).order_by().values_list("source", "n"))
        )
    for source, n in by_source.items():
        if hidden := n - seen.get(source, 0):
            withheld[GROUP_OF.get(source, "other")] += hidden
    signals = list(
        signals_visible_to(user)
        .filter(entity=entity)
        .select_related("lksa", "entity")
        .order_by("code", "lksa__name")
    )
    places = places[:PLACES_SHOWN]
    homes = sorted({p.lksa for p in places if p.lksa is not None}, key=lambda h: h.name)
    return EntityPicture(entity, places, dict(sorted(withheld.items())), signals, more, homes)


@dataclass
class SignalEvidence:
    places: list[Occurrence]  # the cited places the reader may see
    posts: list[Any]  # for paper orphans: the posts making the claim the reader may see
    withheld: int  # the cited places and posts the reader may not see


def signal_evidence(user: UserLike, signal: Signal) -> SignalEvidence:
    """What a signal cites, by the reader's rights: its places, and for paper orphans the posts making the
    claim (the children behind it are counts, not places). Two queries at most."""
    cited = signal.facts.get("occurrences", [])
    places = list(
        occurrences_visible_to(user)
        .filter(pk__in=cited)
        .select_related("lksa", "entity", "case")
        .order_by("pk")
    )
    claimed = signal.facts.get("claim_posts", [])
    posts = (
        list(posts_visible_to(user).filter(pk__in=claimed).select_related("account").order_by("-pk"))
        if claimed
        else []
    )
    return SignalEvidence(places, posts, len(cited) - len(places) + len(claimed) - len(posts))
