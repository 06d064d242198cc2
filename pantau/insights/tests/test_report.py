"""The periodic report (PDF): a real PDF whose pages carry the dashboard's sections with the same
suppression, the recommendations' follow-up, the map with its credit, and no child's name; audited."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from pypdf import PdfReader

from pantau.accounts.models import User
from pantau.audit.models import AuditEvent
from pantau.children.models import Child
from pantau.conftest import World
from pantau.coordination import services
from pantau.insights.tests.dataset import Dataset, build
from pantau.regions.models import Region

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]


@pytest.fixture
def data(world: World) -> Dataset:
    dataset = build(world)
    kpai = world.user("system_admin")
    meeting = services.meeting_record(
        actor=kpai,
        title="Rakor TPPO di LKSA",
        held_on=date(2024, 4, 24),
        place="Gedung Dinas Sosial Kabupaten Tangerang",
        organiser=world.kpai,
        participants=[world.dinsos],
        other_participants="",
        region=Region.objects.get(code="36.03"),
        minutes="",
    )
    recommendation = services.recommendation_add(
        actor=kpai,
        meeting=meeting,
        number=2,
        text="Dinsos Tangerang meningkatkan koordinasi.",
        published=True,
    )
    services.assignment_add(
        actor=kpai,
        recommendation=recommendation,
        organisation=world.dinsos,
        actions="Survei operasional LKSA",
        due_on=date(2024, 12, 31),  # long past: overdue
    )
    return dataset


def _pages(response: object) -> list[str]:
    reader = PdfReader(io.BytesIO(response.content))  # type: ignore[attr-defined]
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def test_the_national_report_is_a_pdf_with_every_section_the_follow_up_and_the_map(
    data: Dataset, login: Login
) -> None:
    response = login(data.kpai).get("/insights/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="pantau-report-ID-')
    pages = _pages(response)
    text = " ".join(pages)
    assert len(pages) >= 3
    assert all("Indonesia" in page for page in pages)  # every page is headed with the region
    assert f"Page {len(pages)} / {len(pages)}" in pages[-1]  # numbered "n / N"
    assert "Periodic child-protection report: Indonesia" in text
    for title in ("LKSA by legality status", "Rakor recommendations: follow-up by status", "By area"):
        assert title in text
    # The follow-up: one assignment, overdue, with its recommendation and organisation.
    assert "2. Dinsos Tangerang meningkatkan koordinasi." in text
    assert "Dinas Sosial Kabupaten Tangerang" in text and "overdue" in text
    # The map's credit (CC BY 4.0) and the small cells withheld for KPAI (no child-level access).
    assert "CC BY 4.0" in text and "< 5" in text
    for name in Child.objects.values_list("full_name", flat=True):
        assert name not in text
    event = AuditEvent.objects.get(action="insights.report")
    assert (event.actor_id, event.changes["region"]) == (data.kpai.pk, "")


def test_a_kabupaten_report_counts_only_its_area_and_shows_no_map(data: Dataset, login: Login) -> None:
    response = login(data.user("supervisor")).get("/insights/report.pdf")
    assert response.status_code == 200
    text = " ".join(_pages(response))
    assert "Periodic child-protection report: Kabupaten Tangerang" in text
    assert "CC BY 4.0" not in text  # the map of provinces is the national report's
    assert "Kasih Bunda" in text and "Harapan" not in text  # Medan's home is not in Tangerang's report
    # The supervisor may see the children: nothing is withheld from the counts.
    assert "shown as “< 5”" not in text


def test_the_report_speaks_the_readers_language(data: Dataset, login: Login) -> None:
    client = login(data.kpai)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    text = " ".join(_pages(client.get("/insights/report.pdf")))
    assert "Laporan berkala perlindungan anak: Indonesia" in text
    assert "Halaman" in text


def test_a_region_outside_the_jurisdiction_is_not_found_and_audited(data: Dataset, login: Login) -> None:
    response = login(data.user("supervisor")).get("/insights/report.pdf?region=12")
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="access.denied").exists()
    assert not AuditEvent.objects.filter(action="insights.report").exists()


def test_the_recommendations_section_counts_the_assignments_each_reader_may_see(data: Dataset) -> None:
    from pantau.insights.dashboard import dashboard_for

    def counts(user: User, region: str = "") -> dict[str, str]:
        section = dashboard_for(user, region=region, today=data.today).section("recommendations")
        assert section is not None and section.total is not None
        return {**{row.key: row.text for row in section.rows}, "total": section.total.text}

    expected = {"not_started": "1", "in_progress": "0", "done": "0", "blocked": "0", "overdue": "1"}
    assert counts(data.kpai) == {**expected, "total": "1"}
    assert counts(data.user("supervisor")) == {**expected, "total": "1"}  # its own office's assignment
    nothing = dict.fromkeys(expected, "0")
    assert counts(data.kpai, "12") == {**nothing, "total": "0"}  # the rakor was about Kab. Tangerang
    assert counts(data.user("outsider")) == {**nothing, "total": "0"}  # Medan: not its meeting or work
