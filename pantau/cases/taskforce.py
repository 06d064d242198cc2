"""The TPPO task force's picture of its area: counts only, nobody named, in a constant number of queries
whatever the number of cases.

The Gugus Tugas PP-TPPO is formed by the government and by regional governments under UU 21/2007 Pasal 58
and Perpres 69/2008 (Pasal 12 province, Pasal 13 kabupaten/kota), amended by Perpres 22/2021 and again by
Perpres 49/2023. These citations are checked only against secondary sources; see docs/law-review-cases.md
"## figures". Its members in Pantau are the agencies of its area that are set on the organisation form.
Pantau's own organisations are the only members it can hold. The statute's own list of members is
unverified here.

The area is the task force's region (a kabupaten/kota, a province, or the nation). What is counted:

* cases opened in the area, open and closed, by form of violence and by intake; TPPO-assessed cases;
* cases by the stage of their last police milestone;
* referrals waiting for an answer (and past their answer date) by purpose, those of the area's cases and
  those sent to agencies in the area, with how many cross a provincial border (returns to a home province);
* children returned to a family who are being followed up (living in the area or from its cases), and
  how many of them have a follow-up visit overdue;
* restitution claimed, ordered and paid (sums in rupiah);
* per member agency: the cases it leads, the referrals it received and those it has not answered.

Small numbers are withheld from whoever may not see the children themselves (a task force's viewers):
a figure from 1 to 4 becomes ``None`` ("<5" on the page, ``null`` in the API), and a rupiah sum is
withheld when fewer than five restitutions stand behind it (``pantau.children.indicators.Figures``
follows the same rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Substr

from pantau.accounts.models import Organisation
from pantau.cases.models import (
    Case,
    FollowUp,
    FormOfViolence,
    Intake,
    Investigation,
    Referral,
    Reintegration,
    Restitution,
    RestitutionPayment,
    TppoAssessment,
)
from pantau.regions.models import region_q

THRESHOLD = 5
Figure = int | None  # None: withheld (a group of one to four)


@dataclass
class Split:
    code: str
    label: str
    open: Figure = 0
    closed: Figure = 0


@dataclass
class StageCount:
    code: str
    label: str
    cases: Figure = 0


@dataclass
class ReferralCount:
    code: str
    label: str
    pending: Figure = 0
    overdue: Figure = 0
    cross_province: Figure = 0  # of the pending ones


@dataclass
class MemberCount:
    name: str
    kind: str
    cases_open: Figure = 0
    cases_led: Figure = 0
    referrals_received: Figure = 0
    referrals_pending: Figure = 0


@dataclass
class Restitutions:
    claimed: Figure = 0
    claimed_rp: Figure = 0
    ordered: Figure = 0
    ordered_rp: Figure = 0
    paid: Figure = 0  # restitutions with at least one payment
    paid_rp: Figure = 0


@dataclass
class Picture:
    area: str
    withheld: bool  # small figures were withheld for this reader
    cases_open: Figure = 0
    cases_closed: Figure = 0
    tppo_assessed: Figure = 0
    tppo_open: Figure = 0
    by_form: list[Split] = field(default_factory=list)
    by_intake: list[Split] = field(default_factory=list)
    stages: list[StageCount] = field(default_factory=list)
    referrals: list[ReferralCount] = field(default_factory=list)
    reintegrations_followed: Figure = 0
    reintegrations_overdue: Figure = 0
    restitution: Restitutions = field(default_factory=Restitutions)
    members: list[MemberCount] = field(default_factory=list)


def _withhold(value: Figure, *, basis: int | None = None) -> Figure:
    """``value`` unless the group behind it (``basis``, default the value itself) has one to four."""
    size = value if basis is None else basis
    return None if size is not None and 0 < size < THRESHOLD else value


def _withhold_counts(record: Any) -> Any:
    """A copy of a row dataclass with every integer field withheld when small."""
    return replace(
        record, **{f.name: _withhold(getattr(record, f.name)) for f in fields(record) if f.type == "Figure"}
    )


def _case_splits(cases: QuerySet[Case]) -> tuple[dict[str, Split], dict[str, Split]]:
    by_form = {code: Split(code, str(label)) for code, label in FormOfViolence.choices}
    by_intake = {code: Split(code, str(label)) for code, label in Intake.choices}
    for row in cases.values("form_of_violence", "intake", "status").annotate(n=Count("pk")).order_by():
        status = "open" if row["status"] == Case.Status.OPEN else "closed"
        for table, key in ((by_form, row["form_of_violence"]), (by_intake, row["intake"])):
            if key in table:
                setattr(table[key], status, getattr(table[key], status) + row["n"])
    return by_form, by_intake


def _stages(cases: QuerySet[Case]) -> list[StageCount]:
    last = (
        Investigation.objects.filter(case=OuterRef("pk")).order_by("-happened_on", "-pk").values("stage")[:1]
    )
    counts = dict(
        cases.annotate(last_stage=Subquery(last))
        .filter(last_stage__isnull=False)
        .values("last_stage")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("last_stage", "n")
    )
    return [StageCount(code, str(label), counts.get(code, 0)) for code, label in Investigation.Stage.choices]


def _referrals(area: str | None, cases: QuerySet[Case], today: date) -> list[ReferralCount]:
    concerned = Referral.objects.filter(
        Q(case__in=cases) | region_q("to_org__region__code", area) if area else Q()
    )
    pending = Q(status=Referral.Status.PENDING)
    crossing = pending & Q(to_org__region__isnull=False) & ~Q(to_province=F("case_province"))
    rows = {
        row["purpose"]: row
        for row in concerned.annotate(
            to_province=Substr("to_org__region_id", 1, 2), case_province=Substr("case__region_code", 1, 2)
        )
        .values("purpose")
        .annotate(
            pending=Count("pk", filter=pending),
            overdue=Count("pk", filter=pending & Q(due_on__lt=today)),
            cross_province=Count("pk", filter=crossing),
        )
        .order_by()
    }
    return [
        ReferralCount(
            code,
            str(label),
            rows.get(code, {}).get("pending", 0),
            rows.get(code, {}).get("overdue", 0),
            rows.get(code, {}).get("cross_province", 0),
        )
        for code, label in Referral.Purpose.choices
    ]


def _reintegrations(area: str | None, cases: QuerySet[Case], today: date) -> tuple[int, int]:
    overdue = FollowUp.objects.filter(reintegration=OuterRef("pk"), done_on__isnull=True, due_on__lt=today)
    followed = Reintegration.objects.filter(status=Reintegration.Status.FOLLOWING)
    if area:
        followed = followed.filter(region_q("region_code", area) | Q(case_child__case__in=cases))
    totals = followed.annotate(late=Exists(overdue)).aggregate(
        followed=Count("pk"), overdue=Count("pk", filter=Q(late=True))
    )
    return totals["followed"], totals["overdue"]


def _restitution(cases: QuerySet[Case], withheld: bool) -> Restitutions:
    claims = Restitution.objects.filter(case_child__case__in=cases).aggregate(
        claimed=Count("pk"),
        claimed_rp=Sum("claimed_amount", default=0),
        ordered=Count("pk", filter=Q(ordered_amount__isnull=False)),
        ordered_rp=Sum("ordered_amount", default=0),
    )
    paid = RestitutionPayment.objects.filter(restitution__case_child__case__in=cases).aggregate(
        paid=Count("restitution", distinct=True), paid_rp=Sum("amount", default=0)
    )
    result = Restitutions(**claims, **paid)
    if not withheld:
        return result
    return Restitutions(
        claimed=_withhold(result.claimed),
        claimed_rp=_withhold(result.claimed_rp, basis=result.claimed),
        ordered=_withhold(result.ordered),
        ordered_rp=_withhold(result.ordered_rp, basis=result.ordered),
        paid=_withhold(result.paid),
        paid_rp=_withhold(result.paid_rp, basis=result.paid),
    )


def _members(task_force: Organisation) -> list[MemberCount]:
    members = list(task_force.member_agencies.order_by("name", "pk").values_list("pk", "name", "kind"))
    ids = [pk for pk, _name, _kind in members]
    led = {
        row["owner"]: row
        for row in Case.objects.filter(owner__in=ids)
        .values("owner")
        .annotate(total=Count("pk"), open=Count("pk", filter=Q(status=Case.Status.OPEN)))
        .order_by()
    }
    received = {
        row["to_org"]: row
        for row in Referral.objects.filter(to_org__in=ids)
        .values("to_org")
        .annotate(total=Count("pk"), pending=Count("pk", filter=Q(status=Referral.Status.PENDING)))
        .order_by()
    }
    kinds = dict(Organisation._meta.get_field("kind").choices or [])
    return [
        MemberCount(
            name,
            str(kinds.get(kind, kind)),
            led.get(pk, {}).get("open", 0),
            led.get(pk, {}).get("total", 0),
            received.get(pk, {}).get("total", 0),
            received.get(pk, {}).get("pending", 0),
        )
        for pk, name, kind in members
    ]


def task_force_picture(task_force: Organisation, *, withheld: bool, today: date) -> Picture:
    """The aggregate picture of ``task_force``'s area (nine queries whatever the size of the area)."""
    area = task_force.region_id
    cases = Case.objects.in_region(area)
    by_form, by_intake = _case_splits(cases)
    tppo = TppoAssessment.objects.filter(case__in=cases).aggregate(
        total=Count("pk"), open=Count("pk", filter=Q(case__status=Case.Status.OPEN))
    )
    followed, overdue = _reintegrations(area, cases, today)
    picture = Picture(
        area=task_force.region.name if task_force.region else "",
        withheld=withheld,
        cases_open=sum(int(split.open or 0) for split in by_form.values()),
        cases_closed=sum(int(split.closed or 0) for split in by_form.values()),
        tppo_assessed=tppo["total"],
        tppo_open=tppo["open"],
        by_form=list(by_form.values()),
        by_intake=list(by_intake.values()),
        stages=_stages(cases),
        referrals=_referrals(area, cases, today),
        reintegrations_followed=followed,
        reintegrations_overdue=overdue,
        restitution=_restitution(cases, withheld),
        members=_members(task_force),
    )
    if not withheld:
        return picture
    return replace(
        _withhold_counts(picture),
        by_form=[_withhold_counts(row) for row in picture.by_form],
        by_intake=[_withhold_counts(row) for row in picture.by_intake],
        stages=[_withhold_counts(row) for row in picture.stages],
        referrals=[_withhold_counts(row) for row in picture.referrals],
        members=[_withhold_counts(row) for row in picture.members],
    )
