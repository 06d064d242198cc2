"""Demo data: a national linkage run over the demo children, and a few pairs already decided."""

from __future__ import annotations

from django.db.models import Case, When

from pantau.accounts.models import User
from pantau.accounts.roles import OrgKind, Role
from pantau.lib.seeding import SeedContext, seeder
from pantau.linkage import services
from pantau.linkage.models import CandidatePair
from pantau.linkage.selectors import candidate_pairs_visible_to
from pantau.regions.models import region_q

DEMO_OFFICER = "pengawas@dinsos-kabtangerang.pantau.test"


@seeder(order=60)
def seed_linkage(ctx: SeedContext) -> None:
    # The demo's Kabupaten Tangerang officer decides a few pairs of the region.
    officer = (
        User.objects.filter(
            memberships__organisation__kind__in=[OrgKind.DINSOS_REGENCY, OrgKind.DINSOS_PROVINCE],
            memberships__role=Role.SUPERVISOR,
        )
        .order_by(Case(When(email=DEMO_OFFICER, then=0), default=1), "pk")
        .first()
    )
    run = services.run_queue(actor=officer, region_code="")
    # Fewer sampled pairs than a national run: the demo has tens of thousands of children, not 500,000.
    run = services.run_execute(run, u_pairs=300_000)
    ctx.log(f"  linkage: {run.records:,} children, {run.pairs:,} candidate pairs, {run.clusters:,} clusters")
    if officer is None:
        return
    # A few decisions so the review page shows every state: the likeliest pairs are the same child, and
    # one unlikely pair was looked at and judged two children.
    queue = candidate_pairs_visible_to(officer).pending()
    # "Same child" is final only where the officer's office holds both records; across offices it
    # confirms their side and waits for the other office (see services.pair_decide).
    scope = officer.active_membership.organisation.region_id if officer.active_membership else None
    inside = queue.filter(region_q("child_a__region_code", scope), region_q("child_b__region_code", scope))
    pending = list(inside.order_by("-match_probability")[:2]) or list(
        queue.order_by("-match_probability")[:2]
    )
    for pair in pending:
        services.pair_decide(
            actor=officer,
            pair=pair,
            status=CandidatePair.Status.SAME,
            note="Demo",
            expected_version=pair.version,
        )
    weakest = queue.order_by("match_probability").first()
    if weakest is not None:
        services.pair_decide(
            actor=officer,
            pair=weakest,
            status=CandidatePair.Status.DIFFERENT,
            note="Demo",
            expected_version=weakest.version,
        )
