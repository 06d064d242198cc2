"""The lead agency's guard (closing a case, referring it onward) and the one service that creates every
concern, whatever its source."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from pantau.audit.models import AuditEvent
from pantau.cases.models import Case, Concern, Referral
from pantau.cases.services import case_close, concern_create, referral_decide, referral_send
from pantau.cases.sharing import ALL_SECTIONS
from pantau.cases.tests.test_case_path import concern, open_case
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def denials(reason: str, case: Case) -> int:
    return AuditEvent.objects.filter(
        action="access.denied", changes__reason=reason, target_type="cases.case", target_id=str(case.pk)
    ).count()


@pytest.fixture
def referred(registry: RegistryWorld) -> Case:
    """A case led by Dinas Sosial Kabupaten Tangerang and accepted by the police Unit PPA."""
    world = registry.world
    case = open_case(registry, concern(registry))
    referral = referral_send(
        actor=world.user("supervisor"),
        case=case,
        to_org=world.ppa_unit,
        purpose="investigation",
        note="",
        due_on=TODAY() + timedelta(days=3),
        legal_basis="public_task",
        consent_note="UU 35/2014 Pasal 59A.",
        shared=sorted(ALL_SECTIONS),
    )
    referral_decide(actor=world.user("investigator"), referral=referral, accept=True)
    case.refresh_from_db()
    return case


def test_only_the_lead_agency_closes_and_referrals_keep_to_role_and_consent_on_the_pages(
    registry: RegistryWorld, referred: Case, login: Callable[..., Client]
) -> None:
    """The police unit that accepted the case works on it and refers it onward (issue 17), but does not
    close it; its referral keeps to its role and records the legal basis. Another province's office
    does not reach the referral page at all."""
    investigator = login(registry.world.user("investigator"))
    url = f"/cases/{referred.pk}/referrals/"
    assert investigator.get(f"/cases/{referred.pk}/").status_code == 200  # works on the case
    closed = investigator.post(f"/cases/{referred.pk}/close/", {"version": referred.version, "note": "x"})
    assert closed.status_code == 403 and denials("not_lead_agency", referred) == 1
    assert investigator.post(url, {}).status_code == 400  # the purpose is asked first
    ask = {"note": "", "due_on": (TODAY() + timedelta(days=5)).isoformat()}
    consent = {
        "legal_basis": "public_task",
        "consent_note": "UU 35/2014 Pasal 59A.",
        "shared": ["identity", "services"],
    }
    out_of_role = investigator.post(
        url, {**ask, **consent, "purpose": "return", "region": "36.71", "to_org": registry.world.uptd.pk}
    )
    assert out_of_role.status_code == 400  # a return is not the police's to arrange: not offered
    assert (
        "Select a valid choice. return is not one of the available choices." in out_of_role.content.decode()
    )
    bare = investigator.post(url, {**ask, "purpose": "psychosocial", "to_org": registry.world.uptd.pk})
    assert bare.status_code == 400 and "Record the legal basis" in bare.content.decode()
    assert not Referral.objects.filter(to_org=registry.world.uptd).exists()
    outsider = login(registry.world.user("outsider"), Client())
    assert outsider.get(url, {"purpose": "psychosocial"}).status_code == 404
    sent = investigator.post(
        url, {**ask, **consent, "purpose": "psychosocial", "to_org": registry.world.uptd.pk}
    )
    assert sent.status_code == 302
    onward = Referral.objects.get(to_org=registry.world.uptd)
    assert (onward.from_org, onward.legal_basis, onward.shared) == (
        registry.world.ppa_unit,
        "public_task",
        ["identity", "services"],
    )
    referred.refresh_from_db()
    assert referred.status == "open" and referred.owner == registry.world.dinsos


def test_the_case_services_refuse_another_agency(registry: RegistryWorld, referred: Case) -> None:
    investigator = registry.world.user("investigator")
    with pytest.raises(PermissionDenied):
        case_close(
            actor=investigator, case=referred, expected_version=referred.version, outcomes={}, note="x"
        )
    for persona in ("case_worker", "outsider"):  # neither leads the case nor accepted a referral of it
        with pytest.raises(PermissionDenied):
            referral_send(
                actor=registry.world.user(persona),
                case=referred,
                to_org=registry.world.ppa_unit,
                purpose="investigation",
                note="",
                due_on=TODAY() + timedelta(days=5),
                legal_basis="public_task",
                consent_note="UU 35/2014 Pasal 59A.",
                shared=["identity"],
            )
    assert denials("not_lead_agency", referred) == 1 and denials("not_on_case", referred) == 2
    assert referred.referrals.count() == 1
    # The lead agency is refused only by the rules of closing (here: no child yet), not by the guard.
    with pytest.raises(ValidationError, match="at least one child"):
        case_close(
            actor=registry.world.user("supervisor"),
            case=referred,
            expected_version=referred.version,
            outcomes={},
            note="Selesai",
        )
    assert denials("not_lead_agency", referred) == 1


def test_every_source_creates_concerns_through_one_service_and_one_audit_code(
    registry: RegistryWorld,
) -> None:
    world = registry.world
    public = concern_create(
        source=Concern.Source.PUBLIC,
        concern=Concern(category="livestream", description="Siaran malam", reporter_contact="0811000222"),
        lksa=None,
    )
    staff = concern_create(
        source=Concern.Source.STAFF,
        actor=world.user("case_worker"),
        concern=Concern(category="abuse", description="Laporan guru"),
        lksa=None,
    )
    about_home = concern_create(
        source=Concern.Source.STAFF,
        actor=world.user("outsider"),
        concern=Concern(category="work", description="Anak mengamen"),
        lksa=registry.home,
        region_code="12.71",
    )
    # Routing: no home and no actor -> national; no home -> the officer's region; a home -> its region.
    assert [c.region_code for c in (public, staff, about_home)] == ["", "36.03", "36.03.03.2001"]
    events = AuditEvent.objects.filter(action="concern.created").order_by("pk")
    assert [e.changes["source"] for e in events] == [[None, "public"], [None, "staff"], [None, "staff"]]
    assert events[0].actor is None and "0811000222" not in str(events[0].changes)
    assert [e.target_label for e in events] == [
        public.tracking_code,
        staff.tracking_code,
        about_home.tracking_code,
    ]
    # Always validated in full, whoever calls.
    with pytest.raises(ValidationError) as refused:
        concern_create(
            source=Concern.Source.STAFF,
            actor=world.user("case_worker"),
            concern=Concern(category="nonsense", description="x", reporter_name="x" * 151),
            lksa=None,
        )
    assert set(refused.value.message_dict) == {"category", "reporter_name"}
    with pytest.raises(ValueError, match="only a report from the public or from a child has no actor"):
        concern_create(
            source=Concern.Source.STAFF, concern=Concern(category="other", description="x"), lksa=None
        )
    assert Concern.objects.count() == 3
