"""Staff-vetting targets of the access matrix: in each scope ("in": the Kabupaten Tangerang home of the
personas' LKSA; "out": the Medan home) a staff member with a police clearance and a training recorded by
the home (pending Dinas Sosial's check, each with a file), and a pembinaan session of the scope's Dinas
Sosial inviting that home."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.base import ContentFile

from pantau.accounts.models import Organisation, User
from pantau.conftest import World
from pantau.registry.models import Lksa, StaffMember
from pantau.staffing.models import PoliceClearance, Training, TrainingSession

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
DAY = date(2026, 1, 10)


def _targets(home: Lksa, office: Organisation, by: User) -> dict[str, int]:
    staff = StaffMember.objects.create(lksa=home, full_name="Pengasuh Uji", position="Pengasuh")
    clearance = PoliceClearance(
        staff=staff,
        number="SKCK/1",
        issued_on=DAY,
        valid_until=date(2026, 7, 10),
        validity_months=6,
        recorded_by=by,
    )
    clearance.document.save("skck.png", ContentFile(PNG), save=False)
    clearance.save()
    training = Training(staff=staff, kind="other", title="-", provider="-", held_on=DAY, recorded_by=by)
    training.certificate.save("sertifikat.png", ContentFile(PNG), save=False)
    training.save()
    session = TrainingSession.objects.create(
        organisation=office,
        region_code=office.region_id or "",
        held_on=DAY,
        place="-",
        topic="Pembinaan",
        created_by=by,
    )
    session.homes.add(home)
    return {
        "staff": staff.pk,
        "clearance": clearance.pk,
        "training": training.pk,
        "session": session.pk,
    }


def add_staffing_targets(w: World, scopes: dict[str, dict[str, Any]]) -> None:
    for scope, office, by in (
        ("in", w.dinsos, w.user("lksa_operator")),
        ("out", w.dinsos_medan, w.user("outsider")),
    ):
        home = Lksa.objects.get(pk=scopes[scope]["lksa"])
        scopes[scope].update(_targets(home, office, by))
