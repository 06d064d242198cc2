"""Awareness activities: recorded by an organisation for its own area, seen by the agencies of the
jurisdiction, hidden (404) from outsiders; bad input refused with nothing written; the API; the
dashboard's section and drill-down with exact figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.audit.models import AuditEvent
from pantau.awareness.models import ActivityMaterial, AwarenessActivity
from pantau.awareness.services import activity_record
from pantau.conftest import World, make_user
from pantau.insights.dashboard import dashboard_for
from pantau.insights.report import report_for

pytestmark = pytest.mark.django_db
Login = Callable[..., Client]
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def _record(
    user: User, region: str, audiences: list[str], attendance: int, days_ago: int = 10
) -> AwarenessActivity:
    return activity_record(
        actor=user,
        activity=AwarenessActivity(
            title=f"Sosialisasi {region}",
            held_on=timezone.localdate() - timedelta(days=days_ago),
            region_code=region,
            venue="Aula",
            topics=["check"],
            attendance=attendance,
        ),
        audiences=audiences,
    )


def _form(**extra: Any) -> dict[str, Any]:
    return {
        "title": "Sosialisasi literasi digital",
        "held_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
        "region": "36.03.03",
        "venue": "Aula Kecamatan Tigaraksa",
        "audiences": ["parents", "schools"],
        "topics": ["digital", "report"],
        "attendance": "80",
        "attendance_women": "50",
        "attendance_men": "30",
        **extra,
    }


def test_the_owner_records_with_materials_the_colleague_edits_the_outsider_gets_404(
    world: World, login: Login
) -> None:
    owner = login(world.user("supervisor"))
    upload = SimpleUploadedFile("hadir.png", PNG, content_type="image/png")
    response = owner.post("/awareness/activities/new/", {**_form(), "materials": [upload]})
    activity = AwarenessActivity.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/awareness/activities/{activity.pk}/"
    assert activity.organisation == world.dinsos and activity.region_code == "36.03.03"
    assert sorted(activity.audiences.values_list("kind", flat=True)) == ["parents", "schools"]
    assert activity.topics == ["digital", "report"] and activity.attendance_women == 50
    material = ActivityMaterial.objects.get()
    assert material.content_type == "image/png" and material.original_name == "hadir.png"
    assert AuditEvent.objects.filter(
        action="awareness.activity_recorded", target_id=str(activity.pk)
    ).exists()

    colleague = login(world.user("colleague"), Client())
    page = colleague.get(f"/awareness/activities/{activity.pk}/").content.decode()
    assert "Aula Kecamatan Tigaraksa" in page and "Parents and carers, Schools and teachers" in page
    assert "80 (women 50, men 30)" in page
    changed = colleague.post(
        f"/awareness/activities/{activity.pk}/edit/", _form(attendance="90", audiences=["children"])
    )
    assert changed.status_code == 302
    activity.refresh_from_db()
    assert activity.attendance == 90 and list(activity.audiences.values_list("kind", flat=True)) == [
        "children"
    ]
    opened = colleague.get(f"/awareness/materials/{material.pk}/")
    assert opened.status_code == 200 and opened["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(action="awareness.material_opened").count() == 1

    outsider = login(world.user("outsider"), Client())
    for url in (
        f"/awareness/activities/{activity.pk}/",
        f"/awareness/activities/{activity.pk}/edit/",
        f"/awareness/materials/{material.pk}/",
    ):
        assert outsider.get(url).status_code == 404, url
    assert "Sosialisasi literasi" not in outsider.get("/awareness/activities/").content.decode()
    # The UPTD PPA in the same kabupaten reads it (an agency of the jurisdiction) but records nothing.
    uptd = login(world.user("case_worker"), Client())
    assert uptd.get(f"/awareness/activities/{activity.pk}/").status_code == 200
    assert uptd.get("/awareness/activities/new/").status_code == 403
    assert login(world.user("lksa_operator"), Client()).get("/awareness/activities/").status_code == 403


@pytest.mark.parametrize(
    ("change", "field_message"),
    [
        ({"held_on": "2999-01-01"}, "the date is in the future"),
        ({"attendance_women": "60"}, "more than the total attendance"),
        ({"region": "12.71"}, "outside your organisation"),
        ({"region": "36"}, "this field needs a regency/city"),
        ({"audiences": []}, "This field is required"),
        ({"attendance": "100001"}, "less than or equal to 100000"),
        ({"topics": ["other"]}, "Name the other topic"),
        ({"title": "x" * 201}, "at most 200 characters"),
        (
            {"materials": [SimpleUploadedFile("a.pdf", b"MZ not a pdf", content_type="application/pdf")]},
            "none of them",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_written(
    world: World, login: Login, change: dict[str, Any], field_message: str
) -> None:
    client = login(world.user("supervisor"))
    response = client.post("/awareness/activities/new/", _form(**change))
    assert response.status_code == 400 and field_message in response.content.decode()
    assert not AwarenessActivity.objects.exists() and not ActivityMaterial.objects.exists()


def test_a_civil_society_partner_sees_only_its_own(world: World, login: Login) -> None:
    lpai = Organisation.objects.create(name="LPAI", kind=OrgKind.CSO)
    admin = make_user("admin@lpai.test.id", lpai, Role.ORG_ADMIN)
    ours = _record(admin, "36.03", ["religious"], 40)
    theirs = _record(world.user("supervisor"), "36.03", ["parents"], 30)
    client = login(admin)
    listing = client.get("/awareness/activities/").content.decode()
    assert (
        f"/awareness/activities/{ours.pk}/" in listing
        and f"/awareness/activities/{theirs.pk}/" not in listing
    )
    assert client.get(f"/awareness/activities/{theirs.pk}/").status_code == 404
    # Dinas Sosial sees the partner's activity in its kabupaten (and may not change it).
    office = login(world.user("supervisor"), Client())
    assert office.get(f"/awareness/activities/{ours.pk}/").status_code == 200
    assert office.get(f"/awareness/activities/{ours.pk}/edit/").status_code == 404


def test_list_filters_export_and_constant_queries(
    world: World, login: Login, django_assert_num_queries: Any
) -> None:
    supervisor = world.user("supervisor")
    _record(supervisor, "36.03.03", ["parents", "schools"], 80)
    _record(supervisor, "36.03", ["lksa_staff"], 25)
    client = login(supervisor)
    client.get("/awareness/activities/")
    with django_assert_num_queries(9):
        page = client.get("/awareness/activities/")
    assert "2 activities, 105 people reached." in page.content.decode()
    _record(supervisor, "36.03", ["children"], 5)
    with django_assert_num_queries(9):
        client.get("/awareness/activities/")
    filtered = client.get("/awareness/activities/", {"audience": "schools"}).content.decode()
    assert "1 activities, 80 people reached." in filtered
    by_place = client.get("/awareness/activities/", {"region": "36.03.03"}).content.decode()
    assert "1 activities, 80 people reached." in by_place
    assert "3 activities" in client.get("/awareness/activities/", {"topic": "check"}).content.decode()
    csv = client.get("/awareness/activities/export.csv", {"audience": "parents"}).content.decode("utf-8-sig")
    lines = csv.strip().splitlines()
    assert len(lines) == 2 and "Parents and carers; Schools and teachers" in lines[1] and ",80," in lines[1]


def test_api_lists_and_creates_with_declared_errors(world: World, login: Login) -> None:
    client = login(world.user("supervisor"))
    payload = {
        "title": "Sosialisasi",
        "held_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "region_code": "36.03",
        "venue": "Balai Desa",
        "audiences": ["community"],
        "topics": ["check"],
        "attendance": 33,
    }
    created = client.post("/api/v1/awareness/activities", payload, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["audiences"] == ["community"] and body["organisation_name"] == world.dinsos.name
    refused = client.post(
        "/api/v1/awareness/activities", {**payload, "region_code": "12.71"}, content_type="application/json"
    )
    assert refused.status_code == 422 and AwarenessActivity.objects.count() == 1
    listed = client.get("/api/v1/awareness/activities").json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    outsider = login(world.user("outsider"), Client())
    assert outsider.get("/api/v1/awareness/activities").json()["items"] == []
    viewer = login(world.user("viewer"), Client())
    assert (
        viewer.post("/api/v1/awareness/activities", payload, content_type="application/json").status_code
        == 403
    )


def test_the_dashboard_counts_activities_and_people_per_audience(world: World) -> None:
    supervisor, outsider = world.user("supervisor"), world.user("outsider")
    _record(supervisor, "36.03.03", ["parents", "schools"], 80)
    _record(supervisor, "36.03", ["parents"], 25)
    _record(supervisor, "36.03", ["religious"], 40, days_ago=400)  # older than 12 months: not counted
    _record(outsider, "12.71", ["parents", "children"], 30)
    kpai = world.user("system_admin")
    today = timezone.localdate()
    board = dashboard_for(kpai, region="", today=today)
    held, reached = board.section("awareness"), board.section("awareness_reached")
    assert held is not None and reached is not None
    assert {row.key: row.value for row in held.rows} == {
        "parents": 3,
        "lksa_staff": 0,
        "schools": 1,
        "religious": 0,
        "children": 1,
        "community": 0,
    }
    assert held.total is not None and held.total.value == 3
    assert {row.key: row.value for row in reached.rows} == {
        "parents": 135,
        "lksa_staff": 0,
        "schools": 80,
        "religious": 0,
        "children": 30,
        "community": 0,
    }
    assert reached.total is not None and reached.total.value == 135
    # A national agency other than the system administrator (KPAI's officer) counts the same.
    kpai_officer = make_user("pengawas@kpai.test.id", world.kpai, Role.SUPERVISOR)
    officer_board = dashboard_for(kpai_officer, region="", today=today).section("awareness")
    assert officer_board is not None and officer_board.total is not None and officer_board.total.value == 3
    board = dashboard_for(kpai, region="36", today=today)
    cells = {row.label: {k: c.value for k, c in row.cells.items()} for row in board.breakdown.rows}
    assert (cells["Kabupaten Tangerang"]["awareness"], cells["Kabupaten Tangerang"]["reached"]) == (2, 105)
    assert (cells["Kota Tangerang"]["awareness"], cells["Kota Tangerang"]["reached"]) == (0, 0)
    assert (board.breakdown.total["awareness"].value, board.breakdown.total["reached"].value) == (2, 105)
    # The Dinas Sosial supervisor's own kabupaten: Medan's activity is not in it.
    own = dashboard_for(supervisor, region="36.03", today=today).section("awareness")
    assert own is not None and own.total is not None and own.total.value == 2


def test_the_report_pdf_includes_the_section(world: World, login: Login) -> None:
    _record(world.user("supervisor"), "36.03", ["parents"], 25)
    report = report_for(world.user("system_admin"), region="36", today=timezone.localdate())
    keys = [printed.section.key for printed in report.sections]
    assert "awareness" in keys and "awareness_reached" in keys
