"""The rules of recording meetings, recommendations, assignments and progress: bad input is refused with
a clear message (Indonesian by default) and nothing is written; only the responsible organisation's
members report progress."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from pantau.audit.models import AuditEvent
from pantau.coordination import services
from pantau.coordination.models import Assignment, Meeting, ProgressReport, Recommendation, ReportEvidence
from pantau.coordination.tests.conftest import Rakor

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def test_the_meeting_keeps_its_participants_and_the_bodies_not_in_pantau(rakor: Rakor) -> None:
    meeting = rakor.meeting
    assert sorted(o.name for o in meeting.participants.all()) == [
        "Dinas Sosial Kabupaten Tangerang",
        "LKSA Kasih Bunda",
    ]
    assert meeting.other_participant_list == ["LKKNU", "Nasyiatul Aisyiyah"]
    assert (
        AuditEvent.objects.filter(action="coordination.meeting_recorded", target_id=str(meeting.pk)).count()
        == 1
    )


def test_a_due_date_before_the_meeting_is_refused_in_indonesian(rakor: Rakor) -> None:
    before = Assignment.objects.count()
    with translation.override("id"), pytest.raises(ValidationError) as error:
        services.assignment_add(
            actor=rakor.user("system_admin"),
            recommendation=rakor.recommendation,
            organisation=rakor.world.uptd,
            actions="-",
            due_on=date(2026, 3, 9),
        )
    assert _messages(error) == {"due_on": ["Tenggat tidak boleh sebelum tanggal rapat (10-03-2026)."]}
    assert Assignment.objects.count() == before


def test_an_empty_recommendation_and_a_duplicate_number_are_refused(rakor: Rakor) -> None:
    with translation.override("id"), pytest.raises(ValidationError) as error:
        services.recommendation_add(
            actor=rakor.user("system_admin"), meeting=rakor.meeting, number=5, text="  "
        )
    assert _messages(error) == {
        "text": ["Tuliskan rekomendasi sebagaimana disepakati."],
        "number": ["Rapat ini sudah memiliki rekomendasi dengan nomor ini."],
    }
    assert Recommendation.objects.count() == 1


def test_a_meeting_in_the_future_or_without_place_is_refused(rakor: Rakor) -> None:
    with translation.override("id"), pytest.raises(ValidationError) as error:
        services.meeting_record(
            actor=rakor.user("system_admin"),
            title="",
            held_on=date(2099, 1, 1),
            place="",
            organiser=rakor.world.kpai,
        )
    assert set(_messages(error)) == {"title", "held_on", "place"}
    assert Meeting.objects.count() == 1


def test_an_office_records_only_its_own_meetings(rakor: Rakor) -> None:
    with pytest.raises(ValidationError) as error:
        services.meeting_record(
            actor=rakor.user("supervisor"),
            title="Rakor",
            held_on=date(2026, 3, 1),
            place="-",
            organiser=rakor.world.kpai,
        )
    assert list(_messages(error)) == ["organiser"]
    # ...and adds recommendations only to meetings it organised.
    with pytest.raises(PermissionDenied):
        services.recommendation_add(actor=rakor.user("supervisor"), meeting=rakor.meeting, number=6, text="x")
    assert Recommendation.objects.count() == 1


def test_progress_by_a_member_sets_the_status_and_keeps_the_history(rakor: Rakor) -> None:
    operator = rakor.user("lksa_operator")
    services.progress_report(
        actor=operator,
        assignment=rakor.home,
        reported_on=date(2026, 4, 1),
        narrative="Data diperbarui.",
        status="in_progress",
        files=[SimpleUploadedFile("a.png", PNG)],
    )
    services.progress_report(
        actor=operator,
        assignment=rakor.home,
        reported_on=date(2026, 4, 20),
        narrative="Tertunda.",
        status="blocked",
        blocked_reason="Menunggu tanda daftar.",
    )
    # A report dated before the latest adds history without turning the status back.
    services.progress_report(
        actor=operator,
        assignment=rakor.home,
        reported_on=date(2026, 3, 20),
        narrative="Mulai.",
        status="in_progress",
    )
    rakor.home.refresh_from_db()
    assert (rakor.home.status, rakor.home.blocked_reason, rakor.home.status_on) == (
        "blocked",
        "Menunggu tanda daftar.",
        date(2026, 4, 20),
    )
    assert [r.reported_on for r in rakor.home.reports.all()] == [
        date(2026, 4, 20),
        date(2026, 4, 1),
        date(2026, 3, 20),
    ]
    assert ReportEvidence.objects.get().content_type == "image/png"


@pytest.mark.parametrize("persona", ["supervisor", "case_worker", "investigator", "outsider", "system_admin"])
def test_only_members_of_the_responsible_organisation_report(rakor: Rakor, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        services.progress_report(
            actor=rakor.user(persona),
            assignment=rakor.home,
            reported_on=date(2026, 4, 1),
            narrative="x",
            status="done",
        )
    assert ProgressReport.objects.count() == 0
    assert AuditEvent.objects.filter(action="access.denied", changes__reason="not_responsible").count() == 1


def test_bad_progress_is_refused_whole_and_writes_nothing(rakor: Rakor) -> None:
    with translation.override("id"), pytest.raises(ValidationError) as error:
        services.progress_report(
            actor=rakor.user("supervisor"),
            assignment=rakor.office,
            reported_on=date(2026, 3, 1),
            narrative=" ",
            status="blocked",
            files=[
                SimpleUploadedFile("a.png", PNG),
                SimpleUploadedFile("b.exe", b"MZ\x90\x00 not a document"),
            ],
        )
    assert _messages(error) == {
        "reported_on": ["Laporan tidak boleh bertanggal sebelum rapat."],
        "narrative": ["Uraikan apa yang sudah dilakukan."],
        "blocked_reason": ["Sebutkan mengapa pekerjaan terhambat."],
        "evidence": [
            "Hanya dokumen PDF, JPEG, atau PNG yang diterima, dan berkas ini bukan salah satunya "
            "(apa pun nama berkasnya)."
        ],
    }
    assert ProgressReport.objects.count() == 0
    assert ReportEvidence.objects.count() == 0
    rakor.office.refresh_from_db()
    assert rakor.office.status == "not_started"
