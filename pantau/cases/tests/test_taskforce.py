"""The TPPO task force: its member agencies, and the aggregate picture of its area (exact figures, small
ones withheld from its viewers, constant queries), on the page, the home page and the API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.audit.models import AuditEvent
from pantau.cases.models import (
    Case,
    CaseChild,
    FollowUp,
    Investigation,
    Referral,
    Reintegration,
    Restitution,
    RestitutionPayment,
    TppoAssessment,
)
from pantau.cases.taskforce import task_force_picture
from pantau.cases.tests.test_simfoni import make_case
from pantau.conftest import World, make_user

TODAY = timezone.localdate()


@pytest.fixture
def task_force(world: World) -> Organisation:
    organisation = Organisation.objects.create(
        name="Gugus Tugas PP-TPPO Kabupaten Tangerang", kind=OrgKind.TASK_FORCE, region_id="36.03"
    )
    organisation.member_agencies.set([world.dinsos, world.uptd, world.ppa_unit])
    make_user("gugus@tppo.test.id", organisation, Role.VIEWER)
    return organisation


def _referral(
    case: Case, to: Organisation, purpose: str, due: int, by: User, status: str = "pending"
) -> None:
    Referral.objects.create(
        case=case,
        from_org=case.owner,
        to_org=to,
        purpose=purpose,
        due_on=TODAY + timedelta(days=due),
        status=status,
        sent_by=by,
    )


def _reintegration(child: CaseChild, region: str, org: Organisation, by: User, **extra: Any) -> Reintegration:
    return Reintegration.objects.create(
        case_child=child,
        placed_with="parents",
        region_code=region,
        follow_up_org=org,
        returned_on=TODAY - timedelta(days=30),
        recorded_by=by,
        **extra,
    )


@pytest.fixture
def area(world: World, task_force: Organisation) -> dict[str, Any]:
    """Five open exploitation cases (Dinas Sosial), one closed sexual-violence case from a police report
    (Unit PPA), and a case in Kota Medan whose child returns to Kabupaten Tangerang."""
    by = world.user("supervisor")
    open_cases = [make_case(world) for _ in range(5)]
    closed = make_case(
        world, world.ppa_unit, form="seksual", status="closed", intake="police_report", region_code="36.03"
    )
    medan = make_case(world, world.dinsos_medan, region_code="12.71.02")
    kids = [CaseChild.objects.create(case=case, name="Anak", age=10) for case in [*open_cases, closed, medan]]
    for case in (open_cases[0], open_cases[1], closed):
        TppoAssessment.objects.create(case=case, assessed_by=by)
    investigator = world.user("investigator")
    for case, stages in ((open_cases[0], ["report", "inquiry"]), (open_cases[1], ["report"])):
        for days, stage in enumerate(stages):
            Investigation.objects.create(
                case=case,
                organisation=world.ppa_unit,
                stage=stage,
                happened_on=TODAY - timedelta(days=10 - days),
                recorded_by=investigator,
            )
    for days, stage in enumerate(["report", "suspect", "p21"]):
        Investigation.objects.create(
            case=closed,
            organisation=world.ppa_unit,
            stage=stage,
            happened_on=TODAY - timedelta(days=10 - days),
            recorded_by=investigator,
        )
    _referral(open_cases[0], world.uptd, "psychosocial", -1, by)  # overdue
    _referral(open_cases[1], world.uptd, "psychosocial", 3, by)
    _referral(open_cases[2], world.dinsos_medan, "return", 3, by)  # to another province
    _referral(open_cases[3], world.ppa_unit, "investigation", 3, by, status="accepted")
    _referral(medan, world.uptd, "return", -2, world.user("outsider"))  # into the area, overdue
    _referral(medan, world.dinsos_medan, "psychosocial", -2, world.user("outsider"))  # not the area's
    late = _reintegration(kids[0], "36.03.03", world.uptd, by)
    FollowUp.objects.create(reintegration=late, due_on=TODAY - timedelta(days=1))
    FollowUp.objects.create(reintegration=late, due_on=TODAY - timedelta(days=20), done_on=TODAY)
    on_time = _reintegration(kids[1], "12.71.02", world.dinsos_medan, by)  # from the area, lives in Medan
    FollowUp.objects.create(reintegration=on_time, due_on=TODAY + timedelta(days=5))
    _reintegration(kids[6], "36.03.03", world.uptd, by)  # from Medan, lives in the area
    _reintegration(kids[2], "36.03.03", world.uptd, by, status="completed")
    claim = Restitution.objects.create(
        case_child=kids[0],
        basis="tppo",
        claimed_amount=10_000_000,
        claimed_on=TODAY,
        ordered_amount=8_000_000,
        ordered_on=TODAY,
        recorded_by=by,
    )
    for amount in (3_000_000, 2_000_000):
        RestitutionPayment.objects.create(restitution=claim, paid_on=TODAY, amount=amount, recorded_by=by)
    Restitution.objects.create(
        case_child=kids[5], basis="tpks", claimed_amount=5_000_000, claimed_on=TODAY, recorded_by=by
    )
    Restitution.objects.create(
        case_child=kids[6], basis="tppo", claimed_amount=1_000_000, claimed_on=TODAY, recorded_by=by
    )
    return {"open": open_cases, "closed": closed, "medan": medan}


def _rows(rows: list[Any], *attributes: str) -> dict[str, tuple[Any, ...]]:
    return {row.code: tuple(getattr(row, a) for a in attributes) for row in rows}


def test_every_figure_of_the_area(
    task_force: Organisation, area: dict[str, Any], django_assert_num_queries: Any
) -> None:
    organisation = Organisation.objects.select_related("region").get(pk=task_force.pk)
    with django_assert_num_queries(10):
        picture = task_force_picture(organisation, withheld=False, today=TODAY)
    assert picture.area == "Kabupaten Tangerang" and not picture.withheld
    assert (picture.cases_open, picture.cases_closed) == (5, 1)
    assert (picture.tppo_assessed, picture.tppo_open) == (3, 2)
    forms = _rows(picture.by_form, "open", "closed")
    assert forms["eksploitasi"] == (5, 0) and forms["seksual"] == (0, 1) and forms["fisik"] == (0, 0)
    intakes = _rows(picture.by_intake, "open", "closed")
    assert intakes["triage"] == (5, 0) and intakes["police_report"] == (0, 1) and intakes["walk_in"] == (0, 0)
    stages = _rows(picture.stages, "cases")
    assert stages == {
        "report": (1,),
        "inquiry": (1,),
        "investigation": (0,),
        "suspect": (0,),
        "p21": (1,),
        "sp3": (0,),
        "verdict": (0,),
    }
    referrals = _rows(picture.referrals, "pending", "overdue", "cross_province")
    assert referrals["psychosocial"] == (2, 1, 0)
    assert referrals["return"] == (2, 1, 2)
    assert referrals["investigation"] == (0, 0, 0) and referrals["repatriation"] == (0, 0, 0)
    assert (picture.reintegrations_followed, picture.reintegrations_overdue) == (3, 1)
    restitution = picture.restitution
    assert (restitution.claimed, restitution.claimed_rp) == (2, 15_000_000)
    assert (restitution.ordered, restitution.ordered_rp) == (1, 8_000_000)
    assert (restitution.paid, restitution.paid_rp) == (1, 5_000_000)
    members = [
        (m.name, m.cases_open, m.cases_led, m.referrals_received, m.referrals_pending)
        for m in picture.members
    ]
    assert members == [
        ("Dinas Sosial Kabupaten Tangerang", 5, 5, 0, 0),
        ("UPTD PPA Kabupaten Tangerang", 0, 0, 3, 3),
        ("Unit PPA Polresta Tangerang", 0, 1, 1, 0),
    ]


def test_query_count_does_not_grow_with_the_area(
    world: World, task_force: Organisation, area: dict[str, Any], django_assert_num_queries: Any
) -> None:
    for _ in range(3):
        case = make_case(world)
        CaseChild.objects.create(case=case, name="Anak", age=9)
        TppoAssessment.objects.create(case=case, assessed_by=world.user("supervisor"))
    organisation = Organisation.objects.select_related("region").get(pk=task_force.pk)
    with django_assert_num_queries(10):
        picture = task_force_picture(organisation, withheld=False, today=TODAY)
    assert (picture.cases_open, picture.tppo_assessed) == (8, 6)


def test_the_viewer_sees_the_page_with_small_figures_withheld(
    world: World, task_force: Organisation, area: dict[str, Any], login: Callable[..., Client]
) -> None:
    viewer = User.objects.get(email="gugus@tppo.test.id")
    client = login(viewer)
    home = client.get("/").content.decode()
    assert 'href="/cases/task-force/"' in home
    page = client.get("/cases/task-force/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<strong data-figure="cases_open">5</strong>' in html
    assert 'data-figure="cases_closed"><span class="withheld"' in html  # one closed case: withheld
    assert '<tr data-row="form-eksploitasi"><th scope="row">Exploitation (eksploitasi)</th><td>5</td>' in html
    assert "Rp 15" not in html  # two claims: the sums are withheld too, said in words (not "< Rp 5")
    assert (
        '<span data-figure="restitution_claimed_rp"><span class="withheld">withheld (fewer than five '
        "restitutions)</span></span>" in html
    )
    assert "<5" not in html and "&lt;5" in html
    assert "Anak" not in html and "Ringkasan" not in html and "SIM-" not in html


def test_the_picture_is_the_viewers_own_area(
    world: World, task_force: Organisation, area: dict[str, Any], login: Callable[..., Client]
) -> None:
    medan = Organisation.objects.create(
        name="Gugus Tugas PP-TPPO Kota Medan", kind=OrgKind.TASK_FORCE, region_id="12.71"
    )
    make_user("gugus@medan.test.id", medan, Role.VIEWER)
    picture = login(User.objects.get(email="gugus@medan.test.id")).get("/api/v1/cases/task-force").json()
    assert picture["area"] == "Kota Medan"
    assert picture["cases_open"] is None and picture["cases_closed"] == 0  # one open case in Medan
    assert picture["members"] == []


@pytest.mark.parametrize("persona", ["supervisor", "viewer", "system_admin", "case_worker", "lksa_operator"])
def test_nobody_else_sees_a_task_force_picture(
    world: World, task_force: Organisation, persona: str, login: Callable[..., Client]
) -> None:
    client = login(world.user(persona))
    assert client.get("/cases/task-force/").status_code == 403
    assert client.get("/api/v1/cases/task-force").status_code == 403
    assert 'href="/cases/task-force/"' not in client.get("/").content.decode()
    assert AuditEvent.objects.filter(action="access.denied", target_label="/cases/task-force/").exists()


def test_the_api_gives_the_same_figures(
    task_force: Organisation, area: dict[str, Any], login: Callable[..., Client]
) -> None:
    body = login(User.objects.get(email="gugus@tppo.test.id")).get("/api/v1/cases/task-force").json()
    assert (body["cases_open"], body["cases_closed"], body["withheld"]) == (5, None, True)
    assert {"code": "eksploitasi", "label": "Exploitation (eksploitasi)", "open": 5, "closed": 0} in body[
        "by_form"
    ]
    assert body["restitution"] == {
        "claimed": None,
        "claimed_rp": None,
        "ordered": None,
        "ordered_rp": None,
        "paid": None,
        "paid_rp": None,
    }
    assert body["members"][0] == {
        "name": "Dinas Sosial Kabupaten Tangerang",
        "kind": "Regency/City Social Affairs Office (Dinas Sosial)",
        "cases_open": 5,
        "cases_led": 5,
        "referrals_received": 0,
        "referrals_pending": 0,
    }


# --- Member agencies on the organisation form --------------------------------------------------------


def _form(organisation: Organisation, members: list[Organisation], **extra: Any) -> dict[str, Any]:
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "region": organisation.region_id or "",
        "is_active": "on",
        "member_agencies": [m.pk for m in members],
        **extra,
    }


def test_a_system_admin_sets_the_member_agencies(
    world: World, task_force: Organisation, login: Callable[..., Client]
) -> None:
    client = login(world.user("system_admin"))
    url = f"/organisations/{task_force.pk}/edit/"
    form = client.get(url).content.decode()
    assert "Polresta Tangerang" in form and "Dinas Sosial Kota Medan" not in form  # its area only
    response = client.post(url, _form(task_force, [world.dinsos, world.polres]))
    assert response.status_code == 302
    assert set(task_force.member_agencies.all()) == {world.dinsos, world.polres}
    event = AuditEvent.objects.filter(action="organisation.updated", target_id=str(task_force.pk)).get()
    assert event.changes["member_agencies"] == [
        sorted([world.dinsos.pk, world.uptd.pk, world.ppa_unit.pk]),
        sorted([world.dinsos.pk, world.polres.pk]),
    ]
    assert world.dinsos.pk in [
        o.pk for o in Organisation.objects.filter(task_forces=task_force)
    ]  # the reverse relation
    detail = client.get(f"/organisations/{task_force.pk}/").content.decode()
    assert "Member agencies" in detail and "Polresta Tangerang" in detail


def test_members_outside_the_area_or_of_another_kind_are_refused(
    world: World, task_force: Organisation, login: Callable[..., Client]
) -> None:
    client = login(world.user("system_admin"))
    before = set(task_force.member_agencies.all())
    created = client.post(
        "/organisations/new/",
        _form(
            Organisation(name="Gugus Tugas Kab. Tangerang 2", kind=OrgKind.TASK_FORCE, region_id="36.03"),
            [world.dinsos_medan],
        ),
    )
    assert created.status_code == 400
    assert "Dinas Sosial Kota Medan works outside the task force&#x27;s area." in created.content.decode()
    assert not Organisation.objects.filter(name="Gugus Tugas Kab. Tangerang 2").exists()
    itself = client.post(f"/organisations/{task_force.pk}/edit/", _form(task_force, [task_force]))
    assert itself.status_code == 400
    not_a_task_force = client.post(
        f"/organisations/{world.dinsos.pk}/edit/", _form(world.dinsos, [world.uptd])
    )
    assert not_a_task_force.status_code == 400
    assert "Only a TPPO task force has member agencies." in not_a_task_force.content.decode()
    assert set(task_force.member_agencies.all()) == before and not world.dinsos.member_agencies.exists()
    # An organisation administrator manages no organisation at all.
    assert login(world.user("org_admin"), Client()).post(
        f"/organisations/{task_force.pk}/edit/", _form(task_force, [])
    ).status_code in (403, 404)
