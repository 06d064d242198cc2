"""Indicators that compute themselves from Pantau's own data, for the assignments whose indicator is one
of them (``Assignment.computed_indicator``).

Each is a value with its numerator and denominator, the area it covers and a link to the Pantau page the
numbers come from. A zero denominator gives no value (shown "—"), never 0 %. Counts of children are
aggregates; for a viewer without the right to see children (``Perm.CHILD_VIEW``) counts under 5 are
shown as "< 5" and the share is then withheld, like the other figures of Pantau.

Definitions (area: a region code and everything inside it; None: the nation):

* ``polsek_ppa`` — active Polsek organisations in the area that have an active Unit PPA as a sub-unit
  (``Organisation.parent``), over all active Polsek in the area;
* ``lksa_legality`` — operating homes in the area whose legality status is "registered" (complete, no
  problem: registry/legality.py), over all operating homes; plus the duplicate-child pairs still to review
  that involve a child of the area;
* ``family_care`` — children of the area's homes currently in family-based care (an open placement of a
  family-based kind: reunification, kinship, foster, guardianship, adoption), over those children plus
  the children in care in a home;
* ``supervisors`` — operating homes in the area per supervisor (active supervisor memberships of Dinas
  Sosial offices whose jurisdiction lies in the area).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from pantau.accounts.access import OWN_WORK_ONLY_KINDS, Perm, UserLike, has_perm
from pantau.accounts.models import Membership, Organisation
from pantau.accounts.roles import OrgKind, Role
from pantau.children.models import Child, Placement
from pantau.coordination.models import Assignment, ComputedIndicator
from pantau.linkage.models import CandidatePair
from pantau.regions.models import Region, region_q
from pantau.registry.models import Lksa
from pantau.registry.models.lksa import LegalityStatus

SMALL = 5  # counts of children under this are withheld from roles that may not see children
DASH = "—"


@dataclass
class Indicator:
    key: str
    label: str
    numerator: int
    denominator: int
    area: str | None  # region code; None: national
    area_name: str
    url: str
    perm: str = ""  # what opening ``url`` needs: the link is shown only to those who have it
    per: bool = False  # a ratio ("x per supervisor") rather than a share in percent
    withheld: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def value(self) -> float | None:
        """The share in percent (or the ratio), rounded to one decimal; None when there is nothing to
        divide by or the counts are withheld."""
        if self.withheld or not self.denominator:
            return None
        if self.per:
            return round(self.numerator / self.denominator, 1)
        return round(100 * self.numerator / self.denominator, 1)

    @property
    def display(self) -> str:
        value = self.value
        if value is None:
            return DASH
        text = number_format(value, 1)
        return text if self.per else f"{text} %"

    def shown(self, count: int) -> str:
        return _("< 5") if self.withheld and 0 < count < SMALL else str(count)

    @property
    def numerator_shown(self) -> str:
        return self.shown(self.numerator)

    @property
    def denominator_shown(self) -> str:
        return self.shown(self.denominator)


def _area_name(area: str | None) -> str:
    if area is None:
        return str(_("Indonesia (national)"))
    region = Region.objects.filter(code=area).only("name").first()
    return region.name if region else area


def _with_region(url: str, area: str | None) -> str:
    return f"{url}?region={area}" if area else url


def polsek_ppa(area: str | None) -> Indicator:
    polsek = Organisation.objects.active().filter(region_q("region__code", area), kind=OrgKind.POLSEK)
    counts = polsek.aggregate(
        total=Count("pk", distinct=True),
        with_unit=Count(
            "pk",
            distinct=True,
            filter=Q(sub_units__kind=OrgKind.POLICE_PPA_UNIT, sub_units__is_active=True),
        ),
    )
    return Indicator(
        key=ComputedIndicator.POLSEK_PPA,
        label=str(ComputedIndicator.POLSEK_PPA.label),
        numerator=counts["with_unit"],
        denominator=counts["total"],
        area=area,
        area_name=_area_name(area),
        url=reverse("accounts:organisation_list") + "?kind=polsek",
        perm=Perm.ORG_VIEW,
    )


def lksa_legality(area: str | None) -> Indicator:
    homes = (
        Lksa.objects.public()
        .in_region(area)
        .aggregate(
            total=Count("pk"), complete=Count("pk", filter=Q(legality_status=LegalityStatus.REGISTERED))
        )
    )
    children = Child.objects.in_region(area).values("pk")
    open_pairs = (
        CandidatePair.objects.pending().filter(Q(child_a__in=children) | Q(child_b__in=children)).count()
    )
    return Indicator(
        key=ComputedIndicator.LKSA_LEGALITY,
        label=str(ComputedIndicator.LKSA_LEGALITY.label),
        numerator=homes["complete"],
        denominator=homes["total"],
        area=area,
        area_name=_area_name(area),
        url=_with_region(reverse("registry:lksa_list"), area),
        perm=Perm.REGISTRY_VIEW,
        extra={"open_pairs": open_pairs, "pairs_url": reverse("linkage:pair_list")},
    )


def family_care(area: str | None, *, suppress: bool) -> Indicator:
    family = Q(placements__kind__in=Placement.FAMILY_BASED, placements__ended_on__isnull=True)
    counts = Child.objects.in_region(area).aggregate(
        family=Count("pk", distinct=True, filter=family),
        counted=Count("pk", distinct=True, filter=family | Q(status=Child.Status.IN_CARE)),
    )
    numerator, denominator = counts["family"], counts["counted"]
    withheld = suppress and (0 < numerator < SMALL or 0 < denominator - numerator < SMALL)
    return Indicator(
        key=ComputedIndicator.FAMILY_CARE,
        label=str(ComputedIndicator.FAMILY_CARE.label),
        numerator=numerator,
        denominator=denominator,
        area=area,
        area_name=_area_name(area),
        url=_with_region(reverse("children:figures"), area),
        perm=Perm.REGISTRY_VIEW,
        withheld=withheld,
    )


def supervisors(area: str | None) -> Indicator:
    homes = Lksa.objects.public().in_region(area).count()
    people = (
        Membership.objects.filter(
            region_q("organisation__region__code", area),
            is_active=True,
            user__is_active=True,
            role=Role.SUPERVISOR,
            organisation__is_active=True,
            organisation__kind__in=[OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY],
        )
        .values("user_id")
        .distinct()
        .count()
    )
    return Indicator(
        key=ComputedIndicator.SUPERVISORS,
        label=str(ComputedIndicator.SUPERVISORS.label),
        numerator=homes,
        denominator=people,
        area=area,
        area_name=_area_name(area),
        url=_with_region(reverse("supervision:workload"), area),
        perm=Perm.SUPERVISION_VIEW,
        per=True,
    )


def compute(key: str, area: str | None, *, user: UserLike | None = None) -> Indicator | None:
    """The indicator ``key`` for ``area``; children's counts withheld unless ``user`` may see children."""
    if key == ComputedIndicator.POLSEK_PPA:
        return polsek_ppa(area)
    if key == ComputedIndicator.LKSA_LEGALITY:
        return lksa_legality(area)
    if key == ComputedIndicator.FAMILY_CARE:
        return family_care(area, suppress=not has_perm(user, Perm.CHILD_VIEW))
    if key == ComputedIndicator.SUPERVISORS:
        return supervisors(area)
    return None


def area_of(assignment: Assignment) -> str | None:
    """Where an assignment's indicator is measured: the responsible office's own jurisdiction when it has
    one, else (national offices, homes, civil society) the area the meeting concerns."""
    organisation = assignment.organisation
    if organisation.region_id and organisation.kind not in OWN_WORK_ONLY_KINDS:
        return organisation.region_id
    return assignment.recommendation.meeting.region_id


def for_assignment(assignment: Assignment, *, user: UserLike | None = None) -> Indicator | None:
    if not assignment.computed_indicator:
        return None
    return compute(assignment.computed_indicator, area_of(assignment), user=user)
