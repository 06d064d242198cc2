"""One connected picture of a home: what every app knows about an LKSA, each part read through that app's
scoped selectors, so a reader sees only what their rights allow (the rules stay in accounts/access).

The registry's LKSA page sits below the other apps, so it does not import this module: its template
loads the ``lksa_overview`` tag library (core/templatetags), and the API serves the same picture at
``/api/v1/lksa/{id}/overview`` (core/api.py). Each part is bounded: the first ``TOP`` rows, the total and
a link to the full list filtered by the home. The number of queries does not depend on the home's size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from pantau.accounts.access import Perm, UserLike, has_perm, may_read_incidents, may_use_network
from pantau.cases.models import Case, Concern
from pantau.cases.selectors import cases_visible_to, concerns_for_triage
from pantau.children.models import CarePlan, Child
from pantau.children.selectors import children_for_figures, children_visible_to
from pantau.incidents.selectors import LATE_WINDOW_DAYS, incidents_visible_to
from pantau.linkage.models import CandidatePair
from pantau.linkage.selectors import candidate_pairs_visible_to, pair_children_shown
from pantau.monitoring.models import TIER_RANK, Tier
from pantau.monitoring.selectors import monitored_accounts_visible_to, posts_visible_to
from pantau.network.selectors import signals_visible_to
from pantau.registry.models import BankAccount, Lksa, SocialAccount
from pantau.registry.selectors import lksa_visible_to
from pantau.supervision import risk
from pantau.supervision.selectors import findings_visible_to, visits_visible_to

TOP = 5  # rows shown per part; the total and a link lead to the rest
DUE_SOON_DAYS = 30  # care plans whose review falls within this many days are "due soon"
FLAGGED_RANK = TIER_RANK[Tier.TINJAU]
SHARED_ROWS = 100  # other homes read per kind of identifier (a page shows TOP per identifier)


def _list_url(name: str, lksa: Lksa, **params: str) -> str:
    query: dict[str, str | int] = {**params, "lksa": lksa.pk}
    return f"{reverse(name)}?{urlencode(query)}"


@dataclass
class Part:
    """One bounded part of the picture: the first rows, how many there are, and where the rest are."""

    rows: list[Any] = field(default_factory=list)
    total: int = 0
    more_url: str = ""

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


@dataclass
class Overview:
    lksa: Lksa
    today: date
    fundraising: dict[str, Any]
    children: dict[str, int] | None = None  # counts; None: not for this reader
    children_named: Part | None = None  # names: only for those who may see the children
    care_plans: dict[str, int] | None = None
    care_plans_named: Part | None = None
    visits: Part | None = None
    findings: Part | None = None
    findings_overdue: int = 0
    concerns: Part | None = None
    cases: Part | None = None
    late_incidents: Part | None = None  # incident reports the home sent late, last 12 months
    accounts: Part | None = None
    flagged_posts: Part | None = None
    pairs: Part | None = None
    shared: list[dict[str, Any]] | None = None
    network: Part | None = None  # the home's signals of links across records (for readers of the network)
    risk: risk.PlanRow | None = None
    # The page loads the risk from here after itself (the API computes it in place).
    risk_url: str = ""

    @property
    def sections(self) -> list[tuple[str, Any]]:
        """(anchor, title) of the parts this reader gets, in page order (the page's table of contents)."""
        shown = [
            ("children", _("Children"), self.children is not None),
            ("care-plans", _("Care plans due"), self.care_plans is not None),
            ("supervision", _("Visits and findings"), self.visits is not None or self.findings is not None),
            ("risk", _("Visit plan risk"), self.risk is not None or bool(self.risk_url)),
            ("concerns-cases", _("Concerns and cases"), self.concerns is not None or self.cases is not None),
            ("incidents-late", _("Incidents reported late"), self.late_incidents is not None),
            ("monitoring", _("Online monitoring"), self.accounts is not None),
            ("duplicates", _("Possible duplicates"), self.pairs is not None),
            ("shared", _("Shared with other homes"), self.shared is not None),
            ("links", _("Links across records"), self.network is not None),
        ]
        return [(anchor, title) for anchor, title, present in shown if present]


def _part(records: QuerySet[Any], more_url: str) -> Part:
    """The first ``TOP`` of ``records`` (ordered) and how many there are, in one query: the total rides
    along on every row as a window count."""
    rows = list(records.annotate(total_rows=Window(Count("pk")))[:TOP])
    return Part(rows, rows[0].total_rows if rows else 0, more_url)


def lksa_overview(
    user: UserLike, lksa: Lksa, *, today: date | None = None, risk_inline: bool = True
) -> Overview:
    """The picture of ``lksa`` for ``user``, who the caller has checked may see the home. With
    ``risk_inline`` False the visit plan's risk is left to ``risk_url`` (the page fetches it after
    itself: its reads cost a third of the page)."""
    today = today or timezone.localdate()
    overview = Overview(lksa=lksa, today=today, fundraising=_fundraising(lksa))
    if has_perm(user, Perm.REGISTRY_VIEW):
        _children(overview, user)
        overview.shared = shared_identifiers(user, lksa)
    if has_perm(user, Perm.SUPERVISION_VIEW) or has_perm(user, Perm.FINDING_VIEW):
        _supervision(overview, user)
    if has_perm(user, Perm.SUPERVISION_VIEW) and not risk_inline:
        overview.risk_url = reverse("supervision:plan_home", args=[lksa.pk])
    elif has_perm(user, Perm.SUPERVISION_VIEW):
        rows = risk.visit_plan(Lksa.objects.filter(pk=lksa.pk), today, region=lksa.region_code)
        overview.risk = rows[0] if rows else None
    if has_perm(user, Perm.CONCERN_TRIAGE):
        concerns = concerns_for_triage(user).filter(lksa=lksa).exclude(status=Concern.Status.CLOSED)
        overview.concerns = _part(
            concerns.order_by("-created_at", "-pk"), reverse("cases:triage") + f"?lksa={lksa.pk}"
        )
    if has_perm(user, Perm.CASE_WORK):
        cases = cases_visible_to(user).filter(lksa=lksa, status=Case.Status.OPEN)
        overview.cases = _part(
            cases.select_related("owner").order_by("-opened_at", "-pk"),
            _list_url("cases:case_list", lksa, status="open"),
        )
    if may_read_incidents(user):
        since = timezone.now() - timedelta(days=LATE_WINDOW_DAYS)
        late = incidents_visible_to(user).late().filter(lksa=lksa, reported_at__gte=since)
        part = _part(
            late.order_by("-reported_at", "-pk"), reverse("incidents:list") + f"?lksa={lksa.pk}&late=on"
        )
        # Shown only when there is something to say: a home that reported on time gets no empty section.
        overview.late_incidents = part if part.total else None
    if has_perm(user, Perm.MONITORING_WORK):
        _monitoring(overview, user, today)
    if has_perm(user, Perm.LINKAGE_REVIEW):
        _pairs(overview, user)
    if may_use_network(user):
        signals = signals_visible_to(user).filter(lksa=lksa, holds=True).select_related("entity")
        overview.network = _part(
            signals.order_by("status", "-raised_at", "-pk"), _list_url("network:index", lksa)
        )
    return overview


def _fundraising(lksa: Lksa) -> dict[str, Any]:
    """What the home declared and what was seen, kept apart."""
    observer = lksa.donations_observed_by
    return {
        "declared": lksa.solicits_donations,
        "observed_at": lksa.donations_observed_at,
        "observed_by": observer.full_name if observer else "",
        "observed_post": _post_id(lksa.donations_observed_source),
    }


def _post_id(source: str) -> int | None:
    kind, _sep, pk = source.partition(":")
    return int(pk) if kind == "monitoring.post" and pk.isdigit() else None


def _children(overview: Overview, user: UserLike) -> None:
    lksa, today = overview.lksa, overview.today
    current_plan = CarePlan.objects.filter(child=OuterRef("pk"), next_review_on__gte=today)
    soon = CarePlan.objects.filter(
        child=OuterRef("pk"), next_review_on__gte=today, next_review_on__lte=today + timedelta(DUE_SOON_DAYS)
    )
    in_care = Q(status=Child.Status.IN_CARE)
    counts = (
        children_for_figures(user)
        .filter(lksa=lksa)
        .annotate(current=Exists(current_plan), soon=Exists(soon))
        .aggregate(
            in_care=Count("pk", filter=in_care),
            left=Count("pk", filter=Q(status=Child.Status.LEFT)),
            emergency=Count("pk", filter=in_care & Q(gatekeeping__isnull=True)),
            overdue=Count("pk", filter=in_care & Q(current=False)),
            due_soon=Count("pk", filter=in_care & Q(current=True, soon=True)),
        )
    )
    overview.children = {key: counts[key] or 0 for key in ("in_care", "left", "emergency")}
    overview.care_plans = {key: counts[key] or 0 for key in ("overdue", "due_soon")}
    if not has_perm(user, Perm.CHILD_VIEW):
        return
    named = children_visible_to(user).filter(lksa=lksa).in_care()
    overview.children_named = Part(
        list(named.order_by("full_name", "pk").only("pk", "full_name", "admitted_on")[:TOP]),
        overview.children["in_care"],
        # The children list picks its home by name or number (children/homes.py).
        f"{reverse('children:child_list')}?{urlencode({'status': 'in_care', 'home': str(lksa.pk)})}",
    )
    due = (
        named.annotate(current=Exists(current_plan), review_due=Max("care_plans__next_review_on"))
        .filter(current=False)
        .only("pk", "full_name")
        .order_by(F("review_due").asc(nulls_last=True), "full_name", "pk")
    )
    overview.care_plans_named = Part(
        list(due[:TOP]), overview.care_plans["overdue"], _list_url("children:reviews_due", lksa)
    )


def _supervision(overview: Overview, user: UserLike) -> None:
    lksa = overview.lksa
    visits = visits_visible_to(user).filter(lksa=lksa)
    overview.visits = _part(
        visits.select_related("organisation").order_by("-planned_on", "-pk"),
        _list_url("supervision:visit_list", lksa),
    )
    findings = findings_visible_to(user).filter(lksa=lksa).open()
    counts = findings.aggregate(n=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=overview.today)))
    overview.findings = Part(
        list(findings.select_related("item").order_by("due_on", "pk")[:TOP]),
        counts["n"],
        _list_url("supervision:finding_list", lksa, show="open"),
    )
    overview.findings_overdue = counts["overdue"]


def _monitoring(overview: Overview, user: UserLike, today: date) -> None:
    lksa = overview.lksa
    accounts = monitored_accounts_visible_to(user).filter(lksa=lksa)
    overview.accounts = _part(
        accounts.order_by("platform", "handle_normalised"), _list_url("monitoring:account_list", lksa)
    )
    since = timezone.now() - timedelta(days=risk.FLAG_DAYS)
    flagged = posts_visible_to(user).filter(
        account__lksa=lksa, tier_rank__gte=FLAGGED_RANK, captured_at__gte=since
    )
    overview.flagged_posts = _part(
        flagged.select_related("account").order_by("-captured_at", "-pk"),
        _list_url("monitoring:queue", lksa, view="review"),
    )


def _pairs(overview: Overview, user: UserLike) -> None:
    lksa = overview.lksa
    # The home's children first (a few hundred at most): "child_a IN (ids) OR child_b IN (ids)" then uses
    # both pair indexes, where the same with a subquery made PostgreSQL read every pending pair.
    children = list(Child.objects.filter(lksa=lksa).values_list("pk", flat=True))
    pairs = (
        candidate_pairs_visible_to(user)
        .filter(Q(child_a__in=children) | Q(child_b__in=children))
        .filter(status=CandidatePair.Status.PENDING)
    )
    part = _part(pairs.select_related("child_a", "child_b").order_by("-match_probability", "pk"), "")
    top = part.rows
    shown = pair_children_shown(user, top)
    rows = []
    for pair in top:
        sides = []
        for child in (pair.child_a, pair.child_b):
            sides.append(
                {
                    "id": child.pk,
                    "here": child.lksa_id == lksa.pk,
                    "name": child.full_name if (pair.pk, child.pk) in shown else "",
                }
            )
        rows.append(
            {"pair": pair, "children": sides, "same_home": pair.child_a.lksa_id == pair.child_b.lksa_id}
        )
    overview.pairs = Part(rows, part.total, _list_url("linkage:pair_list", lksa, status="pending"))


def phone_forms(phone: str) -> list[str]:
    """The ways one Indonesian number is written once separators are gone: 0812..., 62812..., 812..."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) < 7:
        return []
    national = digits[2:] if digits.startswith("62") else digits.removeprefix("0")
    return [f"0{national}", f"62{national}", national]


def shared_identifiers(user: UserLike, lksa: Lksa) -> list[dict[str, Any]]:
    """Other homes the reader sees that give the same phone number, bank account or social-media handle
    (the registry's records, and the handles monitoring watches for the home). At most ``TOP`` homes
    per identifier; a home outside the reader's registry scope is never named."""
    others = lksa_visible_to(user).exclude(pk=lksa.pk)
    found: list[dict[str, Any]] = []
    if forms := phone_forms(lksa.phone):
        homes = others.filter(phone_digits__in=forms)
        found.append(_shared("phone", lksa.phone, homes))
    # The registry page has the home's bank accounts prefetched already.
    accounts = [(account.number, account.number_digits) for account in lksa.bank_accounts.all()]
    by_digits = {digits: number for number, digits in accounts if digits}
    if by_digits:
        rows = (
            BankAccount.objects.filter(number_digits__in=by_digits, lksa__in=others.values("pk"))
            .values_list("number_digits", "lksa_id", "lksa__name")
            .order_by("number_digits", "lksa__name")[:SHARED_ROWS]
        )
        found.extend(_grouped("bank", by_digits, rows))
    handles = dict(
        SocialAccount.objects.filter(lksa=lksa).values_list("handle_normalised", "platform").order_by("pk")
    )
    handles.update(
        monitored_accounts_visible_to(user)
        .filter(lksa=lksa)
        .values_list("handle_normalised", "platform")
        .order_by("pk")
    )
    if handles:
        social = SocialAccount.objects.filter(
            handle_normalised__in=handles, lksa__in=others.values("pk")
        ).values_list("handle_normalised", "lksa_id", "lksa__name")[:SHARED_ROWS]
        watched = (
            monitored_accounts_visible_to(user)
            .filter(handle_normalised__in=handles, lksa__in=others.values("pk"))
            .values_list("handle_normalised", "lksa_id", "lksa__name")[:SHARED_ROWS]
        )
        same = sorted(set(social) | set(watched), key=lambda row: (row[0], row[2], row[1]))
        found.extend(_grouped("handle", {h: f"@{h}" for h in handles}, same))
    return [row for row in found if row["homes"]]


def _shared(kind: str, value: str, homes: Any) -> dict[str, Any]:
    rows = list(homes.order_by("name", "pk").values("pk", "name")[: TOP + 1])
    return {"kind": kind, "value": value, "homes": rows[:TOP], "more": len(rows) > TOP}


def _grouped(kind: str, values: dict[str, str], rows: Any) -> list[dict[str, Any]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for key, pk, name in rows:
        homes = grouped.setdefault(key, [])
        if all(home["pk"] != pk for home in homes):
            homes.append({"pk": pk, "name": name})
    return [
        {"kind": kind, "value": values[key], "homes": homes[:TOP], "more": len(homes) > TOP}
        for key, homes in grouped.items()
    ]
