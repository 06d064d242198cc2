"""The stored children's figures (pantau.children.summary): exact after a full refresh, kept exact by the
incremental catch-up after each change, and the same as the live computation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from pantau.accounts.models import User
from pantau.accounts.roles import Role
from pantau.children import indicators, summary
from pantau.children.models import CarePlan, Child, FiguresRow, FiguresState, Placement
from pantau.children.services import placement_end
from pantau.children.tests.test_admission import admit
from pantau.conftest import make_user
from pantau.registry.models import Lksa
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db
LEVELS = ("lksa", "regency", "province")


def live(user: User, level: str, region: str = "") -> list[indicators.Figures]:
    """The figures computed from the records, as before the summary's first refresh."""
    state = list(FiguresState.objects.all())
    FiguresState.objects.all().delete()
    try:
        return indicators.figures_for(user, level=level, region=region, today=timezone.localdate())[1]
    finally:
        FiguresState.objects.bulk_create(state)


def stored(user: User, level: str, region: str = "") -> list[indicators.Figures]:
    assert summary.active() is not None
    return indicators.figures_for(user, level=level, region=region, today=timezone.localdate())[1]


def dataset(registry: RegistryWorld) -> list[Child]:
    today = timezone.localdate()
    Lksa.objects.filter(pk=registry.home.pk).update(capacity=10)
    kids = [
        admit(
            registry, full_name=f"Anak {i}", admitted_on=today - timedelta(days=days), mother_status=mother
        ).child
        for i, (days, mother) in enumerate(
            [(100, "alive"), (300, "deceased"), (200, "alive"), (40, "unknown")]
        )
    ]
    kids += [admit(registry, home=registry.medan, full_name=f"Medan {i}").child for i in range(6)]
    CarePlan.objects.create(
        child=kids[0], made_on=today, next_review_on=today + timedelta(days=100), goals="x", made_by="y"
    )
    placement_end(
        actor=registry.world.user("lksa_operator"), child=kids[3], kind="reunification", started_on=today
    )
    return kids


def test_refresh_gives_exact_figures_and_agrees_with_live(registry: RegistryWorld) -> None:
    dataset(registry)
    kpai = make_user("pengawas9@kpai.test.id", registry.world.kpai, Role.SUPERVISOR)
    before = {level: live(kpai, level) for level in LEVELS}
    assert summary.refresh_all() == 6  # two homes, two kabupaten/kota, two provinces
    for level in LEVELS:
        assert stored(kpai, level) == before[level], level
    today = timezone.localdate()
    # Three children stay in Kasih Bunda (100, 300, 200 days); the fourth went home today.
    for level, code in ((2, "36"), (5, "36.03")):
        row = FiguresRow.objects.get(level=level, region_code=code)
        assert (row.in_care, row.living_parent, row.gatekeeping, row.current_care_plan) == (3, 2, 3, 1)
        assert row.family_exits_12m == 1 and summary.stay_days(row.median_day, today) == 200
    banten = {r.key: r for r in stored(kpai, "province")}["36"]
    assert (banten.label, banten.withheld, banten.in_care, banten.capacity) == ("Banten", True, 0, 10)  # < 5
    medan = {r.key: r for r in stored(kpai, "province")}["12"]
    assert (medan.in_care, medan.median_stay_days, medan.living_parent, medan.withheld) == (6, 0, 6, False)


def test_incremental_change_is_exact_before_the_next_refresh(registry: RegistryWorld) -> None:
    kids = dataset(registry)
    summary.refresh_all()
    kpai = make_user("pengawas9@kpai.test.id", registry.world.kpai, Role.SUPERVISOR)
    today = timezone.localdate()
    admit(registry, full_name="Baru", admitted_on=today - timedelta(days=10))
    admit(registry, full_name="Baru 2", admitted_on=today - timedelta(days=20), mother_status="deceased")
    placement_end(  # to Medan: both homes change
        actor=registry.world.user("lksa_operator"),
        child=kids[1],
        kind="transfer",
        started_on=today,
        receiving=registry.medan,
    )
    assert FiguresRow.objects.filter(dirty=True).count() == 2
    stored(kpai, "province")  # the read catches up
    banten = FiguresRow.objects.get(level=2, region_code="36")
    # Kasih Bunda: 100, 200, 10, 20 days (the 300-day child moved): median (20 + 100) / 2 = 60.
    assert (banten.in_care, banten.living_parent, summary.stay_days(banten.median_day, today)) == (4, 3, 60)
    medan = {r.key: r for r in stored(kpai, "province")}["12"]
    assert (medan.in_care, medan.median_stay_days) == (7, 0)
    assert not FiguresRow.objects.filter(dirty=True).exists()
    for level in LEVELS:
        assert stored(kpai, level) == live(kpai, level), level
    # The region rows themselves moved: the next full refresh writes the same values.
    before = {
        (r.level, r.region_code, r.lksa_id): (r.in_care, r.median_day) for r in FiguresRow.objects.all()
    }
    summary.refresh_all()
    after = {(r.level, r.region_code, r.lksa_id): (r.in_care, r.median_day) for r in FiguresRow.objects.all()}
    assert after == before


def test_narrow_scopes_and_suppression_from_the_summary(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    dataset(registry)
    for i in range(3):
        admit(registry, full_name=f"Lagi {i}")
    call_command("figures_refresh", stdout=open("/dev/null", "w"))  # noqa: SIM115
    officer = registry.world.user("supervisor")  # Kabupaten Tangerang: whole provinces are not theirs
    operator = registry.world.user("lksa_operator")
    for user in (officer, operator, registry.world.user("outsider")):
        for level in LEVELS:
            assert stored(user, level) == live(user, level), (user, level)
            assert stored(user, level, "36.03") == live(user, level, "36.03"), (user, level)
    (row,) = stored(officer, "province")
    assert (row.key, row.in_care, row.median_stay_days) == ("36", 6, 50)  # 0, 0, 0, 100, 200, 300 days
    # KPAI may not see children individually: six children are shown, fewer would be withheld.
    kpai = make_user("pengawas9@kpai.test.id", registry.world.kpai, Role.SUPERVISOR)
    response = login(kpai).get("/children/figures/", {"level": "province"})
    rows = {r.key: r for r in response.context["rows"]}
    assert rows["36"].in_care == 6 and not rows["36"].withheld
    assert response.context["as_of"] == FiguresState.objects.get().refreshed_at
    assert 'data-testid="as-of"' in response.content.decode()
    Child.objects.filter(lksa=registry.home).exclude(full_name__startswith="Lagi").delete()
    rows = {r.key: r for r in login(kpai).get("/children/figures/", {"level": "province"}).context["rows"]}
    assert rows["36"].withheld and rows["36"].in_care == 0  # 3 left: "< 5"


def test_before_the_first_refresh_figures_are_live(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    admit(registry)
    assert summary.active() is None and not FiguresRow.objects.exists()  # signals write nothing yet
    response = login(registry.world.user("supervisor")).get("/children/figures/", {"level": "province"})
    assert response.context["as_of"] is None
    assert [(r.key, r.in_care) for r in response.context["rows"]] == [("36", 1)]


def care_sections(user: User, region: str) -> dict[str, list[tuple[str, int | float | None, bool]]]:
    """The dashboard's two sections fed by family-based placements, as (key, value, withheld) rows."""
    from pantau.insights.dashboard import dashboard_for

    board = dashboard_for(user, region=region, today=timezone.localdate())
    return {
        s.key: [(r.key, r.value, r.withheld) for r in [*s.rows, s.total] if r is not None]
        for s in board.sections
        if s.key in ("care_types", "exits")
    }


def live_care_sections(user: User, region: str) -> dict[str, list[tuple[str, int | float | None, bool]]]:
    state = list(FiguresState.objects.all())
    FiguresState.objects.all().delete()
    try:
        return care_sections(user, region)
    finally:
        FiguresState.objects.bulk_create(state)


def test_family_placements_per_kind_stored_agree_with_live(registry: RegistryWorld) -> None:
    """The dashboard's care types and exits read the summary's per-kind placements: the same rows as
    counted live, areas withheld from the reader left out alike, and kept exact by the catch-up."""
    kids = dataset(registry)
    today = timezone.localdate()
    medan = [kid for kid in kids if kid.lksa_id == registry.medan.pk]
    for kid, kind, started, ended in (
        (medan[0], "foster", 30, None),  # current and an exit
        (medan[1], "kinship", 400, None),  # current, not an exit (older than 12 months)
        (medan[2], "adoption", 100, 50),  # an exit, ended
        (medan[3], "guardianship", 500, 450),  # neither
        (medan[4], "transfer", 10, None),  # not family-based
        (medan[5], "foster", -5, None),  # not started yet
    ):
        Placement.objects.create(
            child=kid,
            kind=kind,
            lksa=registry.medan,
            started_on=today - timedelta(days=started),
            ended_on=None if ended is None else today - timedelta(days=ended),
        )
    kpai = make_user("pengawas9@kpai.test.id", registry.world.kpai, Role.SUPERVISOR)
    officer = registry.world.user("supervisor")
    views = [(kpai, r) for r in ("", "12", "36", "36.03", registry.medan.region_code[:5])]
    views += [(officer, ""), (officer, "36.03")]  # Kabupaten Tangerang's officer
    before = {(u.pk, r): live_care_sections(u, r) for u, r in views}
    summary.refresh_all()
    medan_row = FiguresRow.objects.get(level=2, region_code="12")
    assert medan_row.family_kinds == {"adoption": [0, 1], "foster": [1, 1], "kinship": [1, 0]}
    assert FiguresRow.objects.get(level=2, region_code="36").family_kinds == {"reunification": [1, 1]}
    for (pk, region), expected in before.items():
        assert care_sections(User.objects.get(pk=pk), region) == expected, (pk, region)
    # KPAI nationally: Banten (3 in care) is withheld, so its reunification is left out too.
    board = care_sections(kpai, "")
    assert board["exits"] == [
        ("reunification", 0, False),
        ("kinship", 0, False),
        ("foster", None, True),  # 1: "< 5"
        ("guardianship", 0, False),
        ("adoption", None, True),
        ("total", None, True),
    ]
    # Kabupaten Tangerang's officer may see the children: its one reunification is shown as it is.
    assert care_sections(officer, "")["exits"][0] == ("reunification", 1, False)
    # A change moves through the catch-up: the kinship placement ends today (still not an exit).
    Placement.objects.filter(child=medan[1], kind="kinship").update(ended_on=today)
    summary.mark_dirty([registry.medan.pk])
    care_sections(kpai, "")
    assert FiguresRow.objects.get(level=2, region_code="12").family_kinds == {
        "adoption": [0, 1],
        "foster": [1, 1],
    }
    for user, region in views:
        assert care_sections(user, region) == live_care_sections(user, region), region
