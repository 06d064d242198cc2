"""From a public concern to a closed case: triage, referral, access through referral, services, closure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pantau.audit.models import AuditEvent
from pantau.cases.models import Case, CaseChild, Concern, Referral, Service
from pantau.cases.selectors import cases_visible_to, concerns_for_triage, get_case_for
from pantau.cases.services import (
    case_child_add,
    case_close,
    case_open,
    concern_close,
    concern_merge,
    referral_decide,
    referral_send,
    referrals_escalate,
    service_add,
)
from pantau.cases.sharing import ALL_SECTIONS
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def concern(registry: RegistryWorld, **extra: object) -> Concern:
    values: dict[str, object] = {
        "source": "public",
        "lksa": registry.home,
        "region_code": registry.home.region_code,
        "category": "livestream",
        "description": "Siaran langsung setiap malam",
    }
    return Concern.objects.create(**(values | extra))


def open_case(registry: RegistryWorld, *concerns: Concern) -> Case:
    return case_open(
        actor=registry.world.user("supervisor"),
        concerns=list(concerns),
        title="Siaran langsung anak di panti",
        form_of_violence="eksploitasi",
        cluster="pka",
        summary="Anak-anak disiarkan untuk mengumpulkan gift.",
        lksa=registry.home,
        region_code="",
    )


def test_triage_closes_merges_and_opens(registry: RegistryWorld) -> None:
    first, second, noise = concern(registry), concern(registry), concern(registry, description="Salah kirim")
    supervisor = registry.world.user("supervisor")
    assert set(concerns_for_triage(supervisor)) == {first, second, noise}
    assert not concerns_for_triage(registry.world.user("outsider")).exists()  # Medan does not see Tangerang's
    with pytest.raises(ValidationError, match="Say why"):
        concern_close(actor=supervisor, concern=noise, reason=" ")
    concern_close(actor=supervisor, concern=noise, reason="Bukan masalah perlindungan anak")
    case = open_case(registry, first)
    concern_merge(actor=supervisor, concern=second, into=first)
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.merged_into, second.case, second.status) == (first, case, "closed")
    assert case.number == f"KS-{TODAY().year}-{case.pk:06d}" and first.status == "in_review"
    with pytest.raises(ValidationError, match="already been dealt with"):
        concern_close(actor=supervisor, concern=second, reason="x")
    with pytest.raises(ValidationError, match="dealt with by someone else"):
        open_case(registry, first)


def test_referral_gives_access_to_exactly_that_case(registry: RegistryWorld) -> None:
    world = registry.world
    supervisor, investigator = world.user("supervisor"), world.user("investigator")
    case, other = open_case(registry, concern(registry)), open_case(registry, concern(registry))
    assert not cases_visible_to(investigator).exists()
    with pytest.raises(ValidationError, match="not your own"):
        referral_send(
            actor=supervisor,
            case=case,
            to_org=world.dinsos,
            purpose="investigation",
            note="",
            due_on=TODAY() + timedelta(days=3),
            legal_basis="public_task",
            consent_note="UU 35/2014 Pasal 59A.",
            shared=sorted(ALL_SECTIONS),
        )
    referral = referral_send(
        actor=supervisor,
        case=case,
        to_org=world.ppa_unit,
        purpose="investigation",
        note="Mohon penyelidikan",
        due_on=TODAY() + timedelta(days=3),
        legal_basis="public_task",
        consent_note="UU 35/2014 Pasal 59A.",
        shared=sorted(ALL_SECTIONS),
    )
    assert not cases_visible_to(
        investigator
    ).exists()  # pending: the receiver sees the referral, not the file
    referral_decide(actor=investigator, referral=referral, accept=True)
    assert list(cases_visible_to(investigator)) == [case]  # exactly that case, not the other
    assert get_case_for(investigator, case.pk) == case and investigator in case.team.all()
    with pytest.raises(ValidationError, match="already been answered"):
        referral_decide(actor=investigator, referral=referral, accept=False, reason="x")
    assert other.pk not in cases_visible_to(investigator).values_list("pk", flat=True)
    texts = list(case.events.values_list("text", flat=True))
    assert any("accepted the referral" in t for t in texts)


def test_a_declined_referral_needs_a_reason_and_late_ones_escalate(registry: RegistryWorld) -> None:
    world = registry.world
    case = open_case(registry, concern(registry))
    referral = referral_send(
        actor=world.user("supervisor"),
        case=case,
        to_org=world.uptd,
        purpose="psychosocial",
        note="",
        due_on=TODAY() + timedelta(days=2),
        legal_basis="public_task",
        consent_note="UU 35/2014 Pasal 59A.",
        shared=sorted(ALL_SECTIONS),
    )
    with pytest.raises(ValidationError, match="Say why"):
        referral_decide(actor=world.user("case_worker"), referral=referral, accept=False)
    assert referrals_escalate(today=TODAY() + timedelta(days=3)) == 1
    assert referrals_escalate(today=TODAY() + timedelta(days=4)) == 0
    referral.refresh_from_db()
    assert referral.escalated_at is not None and referral.status == Referral.Status.PENDING
    assert AuditEvent.objects.filter(action="referral.escalated").count() == 1


def test_closing_needs_an_outcome_for_every_child(registry: RegistryWorld) -> None:
    supervisor = registry.world.user("supervisor")
    case = open_case(registry, concern(registry))
    with pytest.raises(ValidationError, match="at least one child"):
        case_close(actor=supervisor, case=case, expected_version=case.version, outcomes={}, note="Selesai")
    a = case_child_add(actor=supervisor, case=case, record=CaseChild(name="A.", sex="P", age=9))
    b = case_child_add(actor=supervisor, case=case, record=CaseChild(name="B.", sex="L", age=12))
    service_add(
        actor=supervisor,
        case=case,
        service=Service(
            case_child=a, kind="psychosocial", provider="UPTD PPA Kab. Tangerang", started_on=TODAY()
        ),
    )
    case.refresh_from_db()  # additions move the version on: a close form loaded before them is stale
    with pytest.raises(ValidationError, match=r"outcome for every child first: B\."):
        case_close(
            actor=supervisor,
            case=case,
            expected_version=case.version,
            outcomes={a.pk: ("family", "")},
            note="Selesai",
        )
    closed = case_close(
        actor=supervisor,
        case=case,
        expected_version=case.version,
        outcomes={a.pk: ("family", "Kembali ke ibu"), b.pk: ("alternative_care", "Pengasuhan kerabat")},
        note="Anak-anak telah dipulangkan atau ditempatkan; penyidikan berlanjut di kepolisian.",
    )
    assert closed.status == "closed" and Concern.objects.get(case=case).status == "closed"
    with pytest.raises(ValidationError, match="closed"):
        case_child_add(actor=supervisor, case=case, record=CaseChild(name="C."))


def test_an_agency_that_accepted_the_case_refers_it_onward_within_its_role(registry: RegistryWorld) -> None:
    """Issue 17: not only the lead agency refers. The police unit that accepted the case asks the UPTD PPA
    for counselling; it may not arrange a return (social work), and agencies not working on the case
    (one whose referral still waits, one elsewhere) refer nothing."""
    world = registry.world
    case = open_case(registry, concern(registry))
    consent = {"legal_basis": "public_task", "consent_note": "UU 35/2014 Pasal 59A.", "note": ""}
    referral = referral_send(
        actor=world.user("supervisor"),
        case=case,
        to_org=world.ppa_unit,
        purpose="investigation",
        due_on=TODAY() + timedelta(days=3),
        shared=sorted(ALL_SECTIONS),
        **consent,
    )
    with pytest.raises(PermissionDenied):  # pending: the police unit does not work on the case yet
        referral_send(
            actor=world.user("investigator"),
            case=case,
            to_org=world.uptd,
            purpose="psychosocial",
            due_on=TODAY() + timedelta(days=3),
            shared=["identity"],
            **consent,
        )
    referral_decide(actor=world.user("investigator"), referral=referral, accept=True)
    onward = referral_send(
        actor=world.user("investigator"),
        case=case,
        to_org=world.uptd,
        purpose="psychosocial",
        due_on=TODAY() + timedelta(days=3),
        shared=["identity", "services"],
        **consent,
    )
    assert (onward.from_org, onward.to_org, onward.shared) == (
        world.ppa_unit,
        world.uptd,
        ["identity", "services"],
    )
    with pytest.raises(ValidationError) as refused:  # a return is social work, not the police's role
        referral_send(
            actor=world.user("investigator"),
            case=case,
            to_org=world.dinsos_medan,
            purpose="return",
            due_on=TODAY() + timedelta(days=3),
            shared=["identity"],
            region_code="12.71",
            **consent,
        )
    assert refused.value.message_dict["purpose"] == [
        "Your agency does not refer cases for this purpose: Return and reintegration in the "
        "child's home region."
    ]
    for outsider in ("case_worker", "outsider"):  # UPTD PPA (its referral waits), Dinas Sosial Medan
        with pytest.raises(PermissionDenied):
            referral_send(
                actor=world.user(outsider),
                case=case,
                to_org=world.dinsos,
                purpose="rehabilitation",
                due_on=TODAY() + timedelta(days=3),
                shared=["identity"],
                **consent,
            )
    assert case.referrals.count() == 2
