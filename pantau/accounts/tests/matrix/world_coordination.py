"""Coordination targets of the access matrix: a rakor about Kabupaten Tangerang organised by the personas'
Dinas Sosial ("in"), with one recommendation assigned to that office and to the world's LKSA, a report
with an evidence file and the minutes as a file; and a rakor about Kota Medan organised by Medan's office
("out"), its recommendation assigned to Medan's office."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile

from pantau.accounts.models import Organisation, User
from pantau.conftest import World
from pantau.coordination.models import Assignment, Meeting, ProgressReport, Recommendation, ReportEvidence

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def _meeting(
    organiser: Organisation, region: str, by: User, *, responsible: list[Organisation]
) -> dict[str, int]:
    meeting = Meeting(
        title=f"Rakor {region}",
        held_on=date(2026, 1, 15),
        place="-",
        organiser=organiser,
        region_id=region,
        created_by=by,
    )
    meeting.minutes_file.save("notulen.png", ContentFile(PNG), save=False)
    meeting.save()
    recommendation = Recommendation.objects.create(meeting=meeting, number=1, text="-", published=True)
    assignments = [
        Assignment.objects.create(
            recommendation=recommendation,
            organisation=org,
            actions="-",
            due_on=date(2026, 1, 15) + timedelta(days=90),
        )
        for org in responsible
    ]
    report = ProgressReport.objects.create(
        assignment=assignments[0],
        reported_on=date(2026, 2, 1),
        narrative="-",
        status="in_progress",
        reported_by=by,
    )
    evidence = ReportEvidence(report=report, content_type="image/png", size=len(PNG))
    evidence.file.save("bukti.png", ContentFile(PNG), save=False)
    evidence.save()
    return {
        "coord_meeting": meeting.pk,
        "coord_recommendation": recommendation.pk,
        "coord_assignment": assignments[0].pk,
        "coord_evidence": evidence.pk,
    }


def add_coordination_targets(w: World, scopes: dict[str, dict[str, Any]]) -> None:
    scopes["in"].update(_meeting(w.dinsos, "36.03", w.user("supervisor"), responsible=[w.dinsos, w.lksa]))
    scopes["out"].update(_meeting(w.dinsos_medan, "12.71", w.user("outsider"), responsible=[w.dinsos_medan]))
