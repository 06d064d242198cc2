"""What a person may learn about a possible duplicate that lies outside their scope.

The check and the review queue search and pair children nationally; who may see which child of a pair
is decided in ``accounts.access.online`` (``pair_children_shown``). A child the person may not see is
described here by what an officer needs to act and nothing that identifies it: the region (regency and
province), the Dinas Sosial responsible for it and whom to contact there, and a likelihood band computed
without the NIK. Field-by-field agreement is not shown for it: the viewer knows their own child's values,
so "same date of birth" or "same mother" would disclose the other child's date or mother, and NIK
agreement would confirm a NIK.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pantau.accounts.access import UserLike, duplicate_contacts
from pantau.accounts.models import Organisation, User
from pantau.children.models import Child
from pantau.linkage import compare, engine
from pantau.linkage import model as m
from pantau.linkage.keys import raw_record
from pantau.linkage.models import CandidatePair
from pantau.linkage.registration import RecordedScoring, dinas_sosial_for
from pantau.linkage.selectors import pair_children_shown
from pantau.regions.models import Region
from pantau.registry.selectors import lksa_visible_to

# Likelihood bands for a child the person may not see: coarse on purpose, so that retyping a field
# does not read out the other record through the score.
BANDS: tuple[tuple[float, str, Promise], ...] = (
    (0.95, "very_likely", _("very likely")),
    (0.8, "likely", _("likely")),
    (0.0, "possible", _("possible")),
)


# Where the two children are, in words (the queue used to say "different homes" of every pair).
HOMES: dict[str, Promise] = {
    "same_home": _("Same home"),
    "different_homes": _("Different homes"),
    "one_left": _("One has left care"),
    "both_left": _("Both have left care"),
}
# What the pair more likely is, said beside the score (model.family_relation).
RELATIONS: dict[str, Promise] = {
    m.SIBLINGS: _("Likely siblings: same parents, born more than a year apart"),
    m.TWINS: _("Likely twins: same parents and birth date, different names"),
}


def homes_of(a: Child, b: Child, *, shown_a: bool = True, shown_b: bool = True, homes: set[int]) -> str:
    """ "same_home", "different_homes", "one_left" or "both_left"; "" when the reader cannot know. A
    masked child's home is named only if it is in the reader's registry, and its leaving care is not
    told; one home in the reader's registry and the other not are two homes."""
    left = sum(1 for c, shown in ((a, shown_a), (b, shown_b)) if shown and c.status == Child.Status.LEFT)
    if left:
        return "both_left" if left == 2 else "one_left"
    if (shown_a or a.lksa_id in homes) and (shown_b or b.lksa_id in homes):
        return "same_home" if a.lksa_id == b.lksa_id else "different_homes"
    if (a.lksa_id in homes) != (b.lksa_id in homes):
        return "different_homes"
    return ""


def relation_of(a: Child, b: Child) -> str:
    """model.family_relation of two children both shown to the reader (no NIK is read)."""
    left, right = (engine.keys(raw_record_without_nik(c)) for c in (a, b))
    return m.family_relation(left, right)


def raw_record_without_nik(child: Child) -> engine.RawRecord:
    return engine.RawRecord(
        id=child.pk,
        full_name=child.full_name,
        sex=child.sex,
        birth_date=child.birth_date,
        birth_place=child.birth_place,
        mother_name=child.mother_name,
        father_name=child.father_name,
    )


def band(probability: float) -> str:
    return next(code for floor, code, _label in BANDS if probability >= floor)


def band_label(code: str) -> Promise:
    return next(label for _floor, c, label in BANDS if c == code)


def blind_records(a: Child, b: Child) -> tuple[m.Record, m.Record]:
    """The two records with both NIKs left out (for a pair one of whose children is masked)."""
    left, right = (engine.keys(replace(raw_record(c), nik="")) for c in (a, b))
    return left, right


def blind_score(a: Child, b: Child) -> m.Score:
    left, right = blind_records(a, b)
    return RecordedScoring([(left, right)]).score(left, right)


class Places:
    """Region names and responsible offices, looked up once per regency for a page of rows."""

    def __init__(self, user: UserLike) -> None:
        self.user = user
        self._names: dict[str, str] = {}
        self._offices: dict[str, Organisation | None] = {}
        self._contacts: dict[int, list[User]] = {}

    def load(self, codes: Iterable[str]) -> None:
        wanted = {c for code in codes for c in (code[:5], code[:2])} - set(self._names)
        self._names.update(Region.objects.filter(code__in=wanted).values_list("code", "name"))

    def region(self, code: str) -> str:
        """ "Kota Medan, Sumatera Utara": the regency and province, never the village of a home."""
        self.load([code])
        names = [self._names.get(c, "") for c in dict.fromkeys([code[:5], code[:2]])]
        return ", ".join(n for n in names if n) or code[:5]

    def office(self, code: str) -> Organisation | None:
        key = code[:5]
        if key not in self._offices:
            self._offices[key] = dinas_sosial_for(code)
        return self._offices[key]

    def contacts(self, office: Organisation | None) -> list[User]:
        if office is None:
            return []
        if office.pk not in self._contacts:
            self._contacts[office.pk] = duplicate_contacts(self.user, office)
        return self._contacts[office.pk]


@dataclass(frozen=True)
class Masked:
    """A child the person may not see: where, whom to ask, and the home only if in their registry."""

    child_id: int
    region: str
    office: Organisation | None
    contacts: list[User] = field(default_factory=list)
    home: str = ""

    def as_api(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "office": self.office.name if self.office else None,
            "contacts": [contact_api(u) for u in self.contacts],
        }


def contact_api(user: User) -> dict[str, str]:
    return {"name": user.full_name, "email": user.email, "phone": user.phone}


def masked(places: Places, child: Child, *, homes: set[int] | None = None) -> Masked:
    office = places.office(child.region_code)
    home = child.lksa.name if homes is not None and child.lksa_id in homes else ""
    return Masked(child.pk, places.region(child.region_code), office, places.contacts(office), home)


@dataclass(frozen=True)
class PairView:
    """One pair as ``user`` may see it: both records side by side, or their own beside a masked one."""

    pair: CandidatePair
    shown_a: bool
    shown_b: bool
    comparison: compare.Comparison | None  # both shown: every field, as before
    rows: tuple[compare.Row, ...]  # what the side-by-side table shows
    likelihood: str  # a band when a side is masked
    masked_a: Masked | None = None
    masked_b: Masked | None = None
    homes: str = ""  # see HOMES
    relation: str = ""  # see RELATIONS; only when both children are shown

    @property
    def full(self) -> bool:
        return self.shown_a and self.shown_b

    @property
    def percent(self) -> int | None:
        return self.comparison.percent if self.comparison else None

    @property
    def likelihood_label(self) -> Promise:
        return band_label(self.likelihood)

    @property
    def homes_label(self) -> Promise | str:
        return HOMES.get(self.homes, "")

    @property
    def relation_label(self) -> Promise | str:
        return RELATIONS.get(self.relation, "")


HIDDEN = _("not shown")


def _one_side_rows(child: Child, *, left: bool) -> tuple[compare.Row, ...]:
    """The visible child's fields on its side, "not shown" on the other, no comparison column."""
    own = compare.compare(child, child).rows
    hidden = str(HIDDEN)
    return tuple(
        compare.Row(r.label, r.left if left else hidden, hidden if left else r.left, "") for r in own
    )


def pair_view(user: UserLike, pair: CandidatePair) -> PairView:
    """``pair`` (children and homes loaded) as ``user`` may see it."""
    shown = pair_children_shown(user, [pair])
    shown_a, shown_b = (pair.pk, pair.child_a_id) in shown, (pair.pk, pair.child_b_id) in shown
    homes = set(
        lksa_visible_to(user)
        .filter(pk__in=[pair.child_a.lksa_id, pair.child_b.lksa_id])
        .values_list("pk", flat=True)
    )
    where = homes_of(pair.child_a, pair.child_b, shown_a=shown_a, shown_b=shown_b, homes=homes)
    if shown_a and shown_b:
        comparison = compare.compare(pair.child_a, pair.child_b)
        return PairView(
            pair,
            True,
            True,
            comparison,
            comparison.rows,
            band(comparison.score.match_probability),
            homes=where,
            relation=relation_of(pair.child_a, pair.child_b),
        )
    places = Places(user)
    places.load([pair.child_a.region_code, pair.child_b.region_code])
    likelihood = band(blind_score(pair.child_a, pair.child_b).match_probability)
    if shown_a:
        rows = _one_side_rows(pair.child_a, left=True)
    elif shown_b:
        rows = _one_side_rows(pair.child_b, left=False)
    else:
        rows = ()
    return PairView(
        pair,
        shown_a,
        shown_b,
        None,
        rows,
        likelihood,
        masked_a=None if shown_a else masked(places, pair.child_a, homes=homes),
        masked_b=None if shown_b else masked(places, pair.child_b, homes=homes),
        homes=where,
    )


@dataclass(frozen=True)
class PairRow:
    """One line of a list of pairs: each child's name and home, or its region when masked."""

    pair: CandidatePair
    a: str
    home_a: str
    b: str
    home_b: str
    likelihood: str
    percent: int | None  # only when both children are shown
    masked_a: Masked | None = None
    masked_b: Masked | None = None
    homes: str = ""  # see HOMES
    relation: str = ""  # see RELATIONS; only when both children are shown

    @property
    def shown_a(self) -> bool:
        return self.masked_a is None

    @property
    def shown_b(self) -> bool:
        return self.masked_b is None

    @property
    def likelihood_label(self) -> Promise:
        return band_label(self.likelihood)

    @property
    def homes_label(self) -> Promise | str:
        return HOMES.get(self.homes, "")

    @property
    def relation_label(self) -> Promise | str:
        return RELATIONS.get(self.relation, "")


def pair_rows(user: UserLike, pairs: Iterable[CandidatePair]) -> list[PairRow]:
    """Lines for a page of pairs (children and homes loaded): a fixed number of queries per page, plus
    one per regency of a masked child (its office and contacts)."""
    pairs = list(pairs)
    shown = pair_children_shown(user, pairs)
    places = Places(user)
    places.load([c.region_code for p in pairs for c in (p.child_a, p.child_b)])
    homes = set(
        lksa_visible_to(user)
        .filter(pk__in={c.lksa_id for p in pairs for c in (p.child_a, p.child_b)})
        .values_list("pk", flat=True)
    )
    masked_pairs = {
        p.pk: blind_records(p.child_a, p.child_b)
        for p in pairs
        if (p.pk, p.child_a.pk) not in shown or (p.pk, p.child_b.pk) not in shown
    }
    scoring = RecordedScoring(masked_pairs.values()) if masked_pairs else None
    rows = []
    for pair in pairs:
        cells: list[str] = []
        hidden: list[Masked | None] = []
        for child in (pair.child_a, pair.child_b):
            if (pair.pk, child.pk) in shown:
                cells += [child.full_name, child.lksa.name if child.lksa_id else ""]
                hidden.append(None)
            else:
                other = masked(places, child, homes=homes)
                cells += [str(_("A child in %(region)s") % {"region": other.region}), other.home]
                hidden.append(other)
        full = hidden == [None, None]
        probability = (
            pair.match_probability if full else scoring.score(*masked_pairs[pair.pk]).match_probability  # type: ignore[union-attr]
        )
        rows.append(
            PairRow(
                pair,
                a=cells[0],
                home_a=cells[1],
                b=cells[2],
                home_b=cells[3],
                likelihood=band(probability),
                percent=round(probability * 100) if full else None,
                masked_a=hidden[0],
                masked_b=hidden[1],
                homes=homes_of(
                    pair.child_a,
                    pair.child_b,
                    shown_a=hidden[0] is None,
                    shown_b=hidden[1] is None,
                    homes=homes,
                ),
                relation=relation_of(pair.child_a, pair.child_b) if full else "",
            )
        )
    return rows
