"""The pages: KPAI's overview (overdue first, counts exact, constant queries), the public page (no
personal data), a report through the page with an evidence file served audited."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pantau.audit.models import AuditEvent
from pantau.coordination import services
from pantau.coordination.models import Assignment, Recommendation
from pantau.coordination.selectors import progress_counts
from pantau.coordination.tests.conftest import Rakor

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def _more(rakor: Rakor, n: int) -> None:
    kpai = rakor.user("system_admin")
    for i in range(n):
        r = services.recommendation_add(actor=kpai, meeting=rakor.meeting, number=10 + i, text=f"R{i}")
        services.assignment_add(
            actor=kpai, recommendation=r, organisation=rakor.world.uptd, actions="-", due_on=date(2027, 1, 1)
        )


def test_progress_counts_exactly(rakor: Rakor) -> None:
    services.progress_report(
        actor=rakor.user("lksa_operator"),
        assignment=rakor.home,
        reported_on=date(2026, 4, 1),
        narrative="x",
        status="done",
    )
    _more(rakor, 2)
    today = date(2026, 7, 1)  # the office's assignment is past due and open; the home's is done
    kpai = progress_counts(rakor.user("system_admin"), today=today)
    assert kpai.__dict__ == {
        "total": 4,
        "not_started": 3,
        "in_progress": 0,
        "done": 1,
        "blocked": 0,
        "overdue": 1,
    }
    assert progress_counts(rakor.user("lksa_operator"), today=today).__dict__ == {
        "total": 1,
        "not_started": 0,
        "in_progress": 0,
        "done": 1,
        "blocked": 0,
        "overdue": 0,
    }
    assert progress_counts(rakor.user("outsider"), today=today).total == 0
    assert progress_counts(rakor.user("system_admin"), "12", today=today).total == 0
    assert progress_counts(rakor.user("system_admin"), "36", today=today).total == 4


def test_the_overview_lists_overdue_first_in_constant_queries(
    rakor: Rakor, login: Any, django_assert_num_queries: Any
) -> None:
    client = login(rakor.user("system_admin"), Client())
    with django_assert_num_queries(11):
        body = client.get("/coordination/").content.decode()
    _more(rakor, 5)
    with django_assert_num_queries(11):
        body = client.get("/coordination/").content.decode()
    # Both Tangerang assignments are overdue today; the five new ones due in 2027 come after.
    first = body.index(f"/coordination/assignments/{rakor.home.pk}/")
    assert first < body.index(f"/coordination/assignments/{Assignment.objects.order_by('-pk').first().pk}/")
    assert 'data-testid="counts"' in body and "<strong>7</strong>" in body


def test_a_report_with_evidence_through_the_page(rakor: Rakor, login: Any) -> None:
    client = login(rakor.user("lksa_operator"), Client())
    url = f"/coordination/assignments/{rakor.home.pk}/"
    answer = client.post(
        url + "report/",
        {
            "reported_on": "2026-04-02",
            "status": "in_progress",
            "narrative": "Data diperbarui.",
            "evidence": [SimpleUploadedFile("foto.png", PNG, content_type="image/png")],
        },
    )
    assert answer.status_code == 302
    page = client.get(url).content.decode()
    assert "Data diperbarui." in page
    evidence = rakor.home.reports.get().evidence.get()
    opened = client.get(f"/coordination/evidence/{evidence.pk}/")
    assert opened.status_code == 200 and opened["Content-Type"] == "image/png"
    assert opened["Cache-Control"] == "private, no-store"
    assert (
        AuditEvent.objects.filter(action="coordination.file_opened", target_id=str(evidence.pk)).count() == 1
    )
    # An empty narrative comes back with the reason, nothing written.
    bad = client.post(url + "report/", {"reported_on": "2026-04-03", "status": "done", "narrative": ""})
    assert bad.status_code == 400 and "Describe what was done." in bad.content.decode()
    assert rakor.home.reports.count() == 1


def test_the_public_page_shows_status_and_no_personal_data(rakor: Rakor) -> None:
    services.progress_report(
        actor=rakor.user("lksa_operator"),
        assignment=rakor.home,
        reported_on=date(2026, 4, 1),
        narrative="Kunjungan ke rumah Anak Budi Santoso",
        status="blocked",
        blocked_reason="Wali Ibu Sari belum hadir",
        files=[SimpleUploadedFile("foto.png", PNG)],
    )
    Recommendation.objects.create(
        meeting=rakor.meeting, number=6, text="Rahasia belum terbit", published=False
    )
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get("/coordination/public/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "LKSA mengoptimalkan akurasi data." in body
    assert "LKSA Kasih Bunda" in body and "Dinas Sosial Kabupaten Tangerang" in body
    assert body.count('data-testid="status"') == 2 and "Blocked" in body
    for private in ("Budi", "Sari", "Operator", "/coordination/evidence/", "Rahasia", "Notulen"):
        assert private not in body, private
    api = Client().get("/api/v1/coordination/public").json()
    assert [a["status"] for a in api[0]["assignments"]] == ["not_started", "blocked"]
    assert "Budi" not in str(api) and "Sari" not in str(api)
    # Linked from the public pages.
    assert 'href="/coordination/public/"' in Client().get("/check/").content.decode()


def test_the_api_reads_and_reports(rakor: Rakor, login: Any) -> None:
    kpai = login(rakor.user("system_admin"), Client())
    meeting = kpai.get(f"/api/v1/coordination/meetings/{rakor.meeting.pk}").json()
    assert meeting["other_participants"] == ["LKKNU", "Nasyiatul Aisyiyah"]
    assert [a["organisation_name"] for a in meeting["recommendations"][0]["assignments"]] == [
        "Dinas Sosial Kabupaten Tangerang",
        "LKSA Kasih Bunda",
    ]
    operator = login(rakor.user("lksa_operator"), Client())
    url = f"/api/v1/coordination/assignments/{rakor.home.pk}"
    answer = operator.post(
        url + "/reports",
        {"reported_on": "2026-04-01", "narrative": "Data diperbarui.", "status": "done"},
        content_type="application/json",
    )
    assert answer.status_code == 201
    body = answer.json()
    assert (body["status"], body["recommendation_number"], body["overdue"]) == ("done", 5, False)
    assert [r["narrative"] for r in body["reports"]] == ["Data diperbarui."]
    assert kpai.get("/api/v1/coordination/progress").json() == {
        "total": 2,
        "not_started": 1,
        "in_progress": 0,
        "done": 1,
        "blocked": 0,
        "overdue": 1,
    }
