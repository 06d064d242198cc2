"""Relationship guards of supervision: only the visit's team conducts it, only the visiting office decides
on its findings. Each refusal is a 403 on the page and the API and an ``access.denied`` audit event; the
services refuse too, so no path can skip the rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.test import Client
from django.utils import timezone

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.audit.models import AuditEvent
from pantau.cases.models import Concern
from pantau.conftest import make_user
from pantau.registry.tests.conftest import RegistryWorld
from pantau.supervision.models import Answer, Evidence, Finding, Visit
from pantau.supervision.selectors import workload_scope
from pantau.supervision.services import (
    answer_save,
    evidence_add,
    finding_decide,
    finding_open_concern,
    finding_respond,
    visit_cancel,
    visit_conclude,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def denials(reason: str, target: Model) -> int:
    return AuditEvent.objects.filter(
        action="access.denied",
        changes__reason=reason,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
    ).count()


@pytest.fixture
def stranger(registry: RegistryWorld) -> User:
    """A supervisor of the visiting office who is not on the visit's team."""
    return make_user("ketiga@dinsos.test.id", registry.world.dinsos, Role.SUPERVISOR)


def png() -> SimpleUploadedFile:
    return SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")


def test_only_the_team_answers_a_visit_on_the_page_and_the_api(
    visit: Visit, stranger: User, login: Callable[..., Client]
) -> None:
    item = visit.template.items.get(code="H45")
    client = login(stranger)
    page = f"/supervision/visits/{visit.pk}/answers/{item.pk}/"
    assert client.post(page, {f"i{item.pk}-value": "no", f"i{item.pk}-note": ""}).status_code == 403
    # Refused before the input is read: the same answer whatever was sent.
    assert client.post(page, {f"i{item.pk}-value": "maybe"}).status_code == 403
    assert denials("not_on_visit_team", visit) == 2
    api = client.put(
        f"/api/v1/supervision/visits/{visit.pk}/answers/h45", {"value": "no"}, content_type="application/json"
    )
    assert api.status_code == 403 and api.json() == {"detail": "You do not have permission for this."}
    # Refused before the item is looked up: no probing of the checklist by whoever is not on the team.
    unknown = client.put(
        f"/api/v1/supervision/visits/{visit.pk}/answers/zz99",
        {"value": "no"},
        content_type="application/json",
    )
    assert unknown.status_code == 403
    assert denials("not_on_visit_team", visit) == 4
    assert not Answer.objects.exists()
    # A team member other than the lead answers.
    member = login(visit.team.exclude(pk=visit.lead_id).get(), Client())
    saved = member.put(
        f"/api/v1/supervision/visits/{visit.pk}/answers/h45", {"value": "no"}, content_type="application/json"
    )
    assert saved.status_code == 200 and Answer.objects.get().value == "no"


def test_the_services_refuse_whoever_is_not_on_the_team(visit: Visit, stranger: User) -> None:
    item = visit.template.items.get(code="A1")
    with pytest.raises(PermissionDenied):
        answer_save(actor=stranger, visit=visit, item=item, value="yes", note="")
    with pytest.raises(PermissionDenied):
        visit_conclude(actor=stranger, visit=visit, expected_version=visit.version, summary="x", findings=[])
    with pytest.raises(PermissionDenied):
        visit_cancel(actor=stranger, visit=visit, reason="Banjir")
    with pytest.raises(PermissionDenied):
        evidence_add(actor=stranger, visit=visit, upload=png(), item=item)
    assert denials("not_on_visit_team", visit) == 4
    visit.refresh_from_db()
    assert (visit.status, visit.version) == ("planned", 1)
    assert not Answer.objects.exists() and not Evidence.objects.exists()


def test_conclude_evidence_and_cancel_pages_refuse_outside_the_team(
    visit: Visit, stranger: User, login: Callable[..., Client]
) -> None:
    client = login(stranger)
    item = visit.template.items.get(code="H45")
    assert client.get(f"/supervision/visits/{visit.pk}/conclude/").status_code == 403
    concluded = client.post(
        f"/supervision/visits/{visit.pk}/conclude/",
        {"version": visit.version, "summary": "Baik", "f-TOTAL_FORMS": "0", "f-INITIAL_FORMS": "0"},
    )
    assert concluded.status_code == 403
    # No file at all is still a refusal, not a message about the missing file.
    assert client.post(f"/supervision/visits/{visit.pk}/evidence/", {"item": item.pk}).status_code == 403
    sent = client.post(f"/supervision/visits/{visit.pk}/evidence/", {"item": item.pk, "file": png()})
    assert sent.status_code == 403
    assert client.post(f"/supervision/visits/{visit.pk}/cancel/", {"reason": "Banjir"}).status_code == 403
    assert denials("not_on_visit_team", visit) == 5
    visit.refresh_from_db()
    assert visit.status == "planned" and not Evidence.objects.exists()


def test_a_concluded_visit_is_no_longer_conducted_even_by_its_team(
    visit: Visit, login: Callable[..., Client]
) -> None:
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.CONCLUDED)
    lead = login(visit.lead)
    assert lead.get(f"/supervision/visits/{visit.pk}/conclude/").status_code == 403
    answered = lead.put(
        f"/api/v1/supervision/visits/{visit.pk}/answers/h45", {"value": "no"}, content_type="application/json"
    )
    assert answered.status_code == 403
    assert denials("visit_closed", visit) == 2 and not Answer.objects.exists()


@pytest.fixture
def finding(registry: RegistryWorld, visit: Visit) -> Finding:
    Visit.objects.filter(pk=visit.pk).update(status="concluded", visited_on=TODAY() - timedelta(days=30))
    record = Finding.objects.create(
        visit=visit,
        lksa=visit.lksa,
        region_code=visit.region_code,
        item=visit.template.items.get(code="H45"),
        severity="critical",
        description="Siaran langsung anak",
        corrective_action="Hentikan siaran",
        due_on=TODAY() + timedelta(days=14),
    )
    finding_respond(actor=registry.world.user("lksa_operator"), finding=record, text="Sudah dihentikan")
    return record


@pytest.fixture
def national(registry: RegistryWorld) -> User:
    """A supervisor of another office that sees the finding (national) but did not make the visit."""
    office = Organisation.objects.create(name="KPAI Lain", kind=OrgKind.KPAI)
    return make_user("pengawas@kpai-lain.test.id", office, Role.SUPERVISOR)


def test_only_the_visiting_office_decides_and_opens_a_concern_on_the_pages(
    finding: Finding, national: User, login: Callable[..., Client]
) -> None:
    client = login(national)
    assert client.get(f"/supervision/findings/{finding.pk}/").status_code == 200  # sees it
    decide = f"/supervision/findings/{finding.pk}/decide/"
    assert client.post(decide, {"decision": "accept", "note": ""}).status_code == 403
    assert client.post(decide, {}).status_code == 403  # refused before the form is read
    assert client.post(f"/supervision/findings/{finding.pk}/concern/").status_code == 403
    assert denials("not_visiting_office", finding) == 3
    finding.refresh_from_db()
    assert finding.status == "responded" and finding.concern is None and not Concern.objects.exists()


def test_the_finding_services_refuse_another_office(
    registry: RegistryWorld, finding: Finding, national: User
) -> None:
    with pytest.raises(PermissionDenied):
        finding_decide(actor=national, finding=finding, accept=True)
    with pytest.raises(PermissionDenied):
        finding_open_concern(actor=national, finding=finding)
    assert denials("not_visiting_office", finding) == 2
    # The visiting office's supervisor may; the concern is created once, by the one concern service.
    concern = finding_open_concern(actor=registry.world.user("colleague"), finding=finding)
    assert (concern.source, concern.lksa, concern.region_code) == ("finding", finding.lksa, "36.03.03.2001")
    event = AuditEvent.objects.get(action="concern.created")
    assert event.changes == {
        "source": [None, "finding"],
        "category": [None, "livestream"],  # H45's category (snpa.CONCERN_CATEGORY), not "other"
        "lksa": [None, finding.lksa_id],
        "finding": [None, finding.pk],
    }
    assert (event.target_id, event.target_region_code) == (str(concern.pk), "36.03.03.2001")


def test_workload_counts_only_the_jurisdiction(registry: RegistryWorld) -> None:
    world = registry.world
    medan = workload_scope(world.user("outsider"))
    assert list(medan.homes) == [registry.medan] and not medan.national
    assert set(medan.supervisors.values_list("user__email", flat=True)) == {"pengawas@medan.test.id"}
    tangerang = workload_scope(world.user("supervisor"))
    assert list(tangerang.homes) == [registry.home]
    assert set(tangerang.supervisors.values_list("user__email", flat=True)) == {
        "pengawas@dinsos.test.id",
        "rekan@dinsos.test.id",
    }
    assert workload_scope(world.user("system_admin")).national
    # No supervision permission (an LKSA's operator, a police investigator): nothing at all.
    for persona in ("lksa_operator", "investigator"):
        scope = workload_scope(world.user(persona))
        assert not scope.homes.exists() and not scope.supervisors.exists() and not scope.visits.exists()
