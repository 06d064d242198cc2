"""Who refers a case for which purpose, to whom, in which region (pantau/accounts/access/referral_rules.py,
decided in pantau.accounts.access), and the consent and legal basis recorded before a child's data is shared
(cases/sharing.py). Issue 17."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from pantau.accounts.access import (
    organisations_for_referral,
    referral_purposes,
    referral_refusal,
    referral_rules,
)
from pantau.accounts.models import Organisation
from pantau.audit.models import AuditEvent
from pantau.cases.models import CaseEvent, Referral
from pantau.cases.services import referral_decide
from pantau.cases.sharing import consent_errors
from pantau.cases.tests.intake_world import CONSENT, Agencies, full_case, send
from pantau.notifications.models import Notification
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db


def test_the_table_names_a_sender_and_receiver_for_every_purpose() -> None:
    assert set(referral_rules.PURPOSES) == set(Referral.Purpose.values)
    assert set(referral_rules.SENDERS) == set(referral_rules.RECEIVERS)
    assert referral_rules.may_receive("police_ppa_unit", "investigation")
    assert not referral_rules.may_receive("uptd_ppa", "investigation")
    assert referral_rules.may_receive("dinsos_province", "return")
    assert not referral_rules.may_receive("dinas_pppa", "return")  # not one of the home-region offices
    assert not referral_rules.may_receive("polres", "return")
    assert {k for k in referral_rules.RECEIVERS["repatriation"]} == {"kemensos", "kemenpppa", "bareskrim"}
    assert not referral_rules.may_send("police_ppa_unit", "return")  # social work, not the police's
    assert referral_rules.may_send("uptd_ppa", "return") and referral_rules.may_send("polres", "repatriation")
    assert referral_rules.covering_codes("12.71.02") == ["12", "12.71", "12.71.02"]
    assert referral_rules.covering_codes("") == []


# (sender persona, receiver, purpose, region asked, the refusal expected: "" = allowed). The case is led
# by Dinas Sosial Kabupaten Tangerang (Banten, 36); the child's home is Kota Medan (Sumatera Utara, 12).
CASES = [
    # Investigation: the police, of the case's province or national.
    ("supervisor", "ppa_unit", "investigation", "", ""),
    ("supervisor", "bareskrim", "investigation", "", ""),
    ("supervisor", "uptd", "investigation", "", "receiver"),
    ("supervisor", "polres_medan", "investigation", "", "region"),
    # Services: the UPTD PPA, Dinas Sosial, Dinas PPPA of the case's province.
    ("supervisor", "uptd", "psychosocial", "", ""),
    ("supervisor", "dinas_pppa", "legal_aid", "", ""),
    ("supervisor", "uptd_medan", "psychosocial", "", "region"),
    ("supervisor", "ppa_unit", "rehabilitation", "", "receiver"),
    ("supervisor", "kemensos", "health", "", "receiver"),
    ("supervisor", "dinsos", "psychosocial", "", "own_agency"),
    ("supervisor", "closed", "psychosocial", "", "inactive"),
    # Return: the Dinas Sosial or UPTD PPA covering the child's home region, in any province.
    ("supervisor", "dinsos_medan", "return", "12.71", ""),
    ("supervisor", "dinsos_medan", "return", "12.71.02", ""),  # the office covers the kecamatan
    ("supervisor", "dinsos_sumut", "return", "12.71", ""),  # and the province's office
    ("supervisor", "uptd_medan", "return", "12.71", ""),
    ("supervisor", "dinsos_medan", "return", "36.71", "region"),  # not the region given
    ("supervisor", "uptd", "return", "12.71", "region"),
    ("supervisor", "polres_medan", "return", "12.71", "receiver"),
    ("supervisor", "dinsos_medan", "return", "", "region_missing"),
    ("investigator", "dinsos_medan", "return", "12.71", "sender"),  # the police refer to Dinsos first
    # Repatriation: national agencies only.
    ("supervisor", "kemensos", "repatriation", "", ""),
    ("investigator", "bareskrim", "repatriation", "", ""),
    ("supervisor", "dinsos_medan", "repatriation", "", "receiver"),
    # Handling by another region: its Dinas Sosial, UPTD PPA or police.
    ("supervisor", "polres_medan", "other_region", "12.71", ""),
    ("supervisor", "polres_medan", "other_region", "36.71", "region"),
]


def _org(agencies: Agencies, name: str) -> Organisation:
    found = getattr(agencies, name, None) or getattr(agencies.world, name)
    assert isinstance(found, Organisation)
    return found


@pytest.mark.parametrize(("sender", "receiver", "purpose", "region", "expected"), CASES)
def test_each_purpose_goes_to_its_agencies_in_its_regions(
    registry: RegistryWorld,
    agencies: Agencies,
    sender: str,
    receiver: str,
    purpose: str,
    region: str,
    expected: str,
) -> None:
    case = full_case(registry)
    user = registry.world.user(sender)
    to_org = _org(agencies, receiver)
    assert referral_refusal(user, case, to_org, purpose, region_code=region) == expected
    # The form lists exactly the agencies the rule allows.
    listed = organisations_for_referral(user, case, purpose, region_code=region)
    assert (to_org in listed) == (expected == "")


def test_the_form_lists_the_same_agencies_the_rule_allows(
    registry: RegistryWorld, agencies: Agencies
) -> None:
    case = full_case(registry)
    everyone = list(Organisation.objects.all())
    for persona in ("supervisor", "case_worker", "investigator"):
        user = registry.world.user(persona)
        for purpose in referral_rules.PURPOSES:
            for region in ("", "12.71", "36.03"):
                allowed = {
                    o for o in everyone if not referral_refusal(user, case, o, purpose, region_code=region)
                }
                listed = set(organisations_for_referral(user, case, purpose, region_code=region))
                assert listed == allowed, (persona, purpose, region)
    assert [str(p) for p in referral_purposes(registry.world.user("investigator"))] == [
        "investigation",
        "psychosocial",
        "rehabilitation",
        "health",
        "legal_aid",
        "repatriation",
        "other_region",
    ]
    assert referral_purposes(registry.world.user("viewer")) == []


# --- Consent and the legal basis (UU 27/2022) --------------------------------------------------------


def _errors(**given: Any) -> dict[str, list[str]]:
    values = {"legal_basis": "", "child_assent": "", "guardian_consent": "", "consent_note": "", "shared": []}
    return consent_errors(**(values | given))


def test_consent_and_legal_basis_rules() -> None:
    bare = _errors()
    assert bare == {
        "legal_basis": ["Record the legal basis for sharing the child's data."],
        "shared": ["Choose at least one part of the case file to share."],
    }
    assert "shared" in _errors(legal_basis="public_task", consent_note="x", shared=["diary"])
    assert "guardian_consent" in _errors(
        legal_basis="public_task", guardian_consent="maybe", shared=["identity"]
    )
    ok = {"shared": ["identity"], "legal_basis": "consent"}
    assert _errors(**ok, guardian_consent="given", child_assent="given") == {}
    assert _errors(**ok, guardian_consent="refused", child_assent="given") == {
        "guardian_consent": [
            "Sharing a child's data on the basis of consent needs the consent of the parent or guardian "
            "(UU 27/2022 Pasal 25). Without it, choose another legal basis."
        ]
    }
    assert list(_errors(**ok, guardian_consent="no_guardian", child_assent="given")) == ["guardian_consent"]
    conflict = _errors(**ok, guardian_consent="conflict", child_assent="given")
    assert list(conflict) == ["legal_basis"] and "conflict of interest" in conflict["legal_basis"][0]
    assert list(_errors(**ok, guardian_consent="given", child_assent="refused")) == ["child_assent"]
    assert list(_errors(**ok, guardian_consent="given")) == ["child_assent"]  # the child's answer is asked
    assert _errors(**ok, guardian_consent="given", child_assent="not_asked") == {
        "consent_note": ["Say why the child was not asked."]
    }
    assert (
        _errors(**ok, guardian_consent="given", child_assent="not_asked", consent_note="Bayi, 8 bulan.") == {}
    )
    # Any other basis is explained; the guardian in conflict does not stop a legal ground.
    assert list(_errors(legal_basis="legal_obligation", shared=["identity"])) == ["consent_note"]
    assert (
        _errors(
            legal_basis="vital_interest",
            guardian_consent="conflict",
            child_assent="refused",
            consent_note="Ayah tersangka; anak dalam bahaya.",
            shared=["identity"],
        )
        == {}
    )


def test_a_referral_without_consent_is_refused_and_nothing_is_saved(
    registry: RegistryWorld, agencies: Agencies
) -> None:
    case = full_case(registry)
    supervisor = registry.world.user("supervisor")
    case.refresh_from_db()
    before = (CaseEvent.objects.count(), Notification.objects.count(), case.version)
    with pytest.raises(ValidationError) as refused:
        send(
            supervisor, case, registry.world.uptd, "psychosocial", legal_basis="", consent_note="", shared=[]
        )
    assert set(refused.value.message_dict) == {"legal_basis", "shared"}
    with pytest.raises(ValidationError) as refused:
        send(
            supervisor,
            case,
            registry.world.dinsos_medan,
            "return",
            region_code="12.71",
            legal_basis="consent",
            guardian_consent="given",
            child_assent="refused",
        )
    assert refused.value.message_dict == {
        "child_assent": [
            "The child refused: consent cannot be the basis. Choose another legal basis if one applies."
        ]
    }
    case.refresh_from_db()
    assert not Referral.objects.exists() and not AuditEvent.objects.filter(action="referral.sent").exists()
    assert (CaseEvent.objects.count(), Notification.objects.count(), case.version) == before


def test_bad_receivers_are_refused_with_the_reason(registry: RegistryWorld, agencies: Agencies) -> None:
    case = full_case(registry)
    supervisor = registry.world.user("supervisor")
    reasons = {}
    for to_org, purpose, region in (
        (registry.world.uptd, "investigation", ""),
        (agencies.uptd_medan, "psychosocial", ""),
        (registry.world.dinsos_medan, "return", ""),
        (registry.world.dinsos_medan, "return", "36.71"),
        (agencies.closed, "psychosocial", ""),
        (registry.world.dinsos, "psychosocial", ""),
        (registry.world.dinsos_medan, "repatriation", ""),
    ):
        with pytest.raises(ValidationError) as refused:
            send(supervisor, case, to_org, purpose, region_code=region)
        reasons[(to_org.name, purpose, region)] = refused.value.messages
    assert reasons == {
        ("UPTD PPA Kabupaten Tangerang", "investigation", ""): [
            "UPTD PPA Kabupaten Tangerang does not take referrals for this purpose: Investigation (police)."
        ],
        ("UPTD PPA Kota Medan", "psychosocial", ""): [
            "UPTD PPA Kota Medan is outside the case's province: for this purpose refer to an agency of the "
            "province or a national agency."
        ],
        ("Dinas Sosial Kota Medan", "return", ""): [
            "Give the region the child goes to (the child's home region for a return)."
        ],
        ("Dinas Sosial Kota Medan", "return", "36.71"): [
            "Dinas Sosial Kota Medan does not cover the region given: choose an agency of that region."
        ],
        ("UPTD PPA Kota Tangerang", "psychosocial", ""): [
            "UPTD PPA Kota Tangerang is no longer active in Pantau: choose another agency."
        ],
        ("Dinas Sosial Kabupaten Tangerang", "psychosocial", ""): [
            "A referral goes to another agency, not your own."
        ],
        ("Dinas Sosial Kota Medan", "repatriation", ""): [
            "Dinas Sosial Kota Medan does not take referrals for this purpose: Repatriation from abroad "
            "(national agencies)."
        ],
    }
    with pytest.raises(ValidationError, match="Choose the purpose"):
        send(supervisor, case, registry.world.uptd, "shopping")
    assert not Referral.objects.exists()


# --- A cross-province return, what the receiver sees, and onward referral ----------------------------


def test_a_return_to_the_home_province_with_consent_and_onward_referral(
    registry: RegistryWorld, agencies: Agencies
) -> None:
    world = registry.world
    case = full_case(registry)
    to_uptd = send(
        world.user("supervisor"), case, world.uptd, "psychosocial", shared=["identity", "services"]
    )
    referral_decide(actor=world.user("case_worker"), referral=to_uptd, accept=True)
    uptd = world.user("case_worker")
    # The UPTD PPA passes on only what it received: not the persons alleged.
    with pytest.raises(ValidationError) as refused:
        send(
            uptd,
            case,
            world.dinsos_medan,
            "return",
            region_code="12.71",
            shared=["identity", "subjects"],
            **CONSENT,
        )
    assert refused.value.message_dict == {
        "shared": [
            "Your agency can share only the parts of the file it received: The children: names, sex, ages "
            "and home region; Services, rehabilitation plans and follow-ups."
        ]
    }
    home = send(uptd, case, world.dinsos_medan, "return", region_code="12.71", **CONSENT)
    assert (home.from_org, home.to_org, home.legal_basis, home.guardian_consent, home.child_assent) == (
        world.uptd,
        world.dinsos_medan,
        "consent",
        "given",
        "given",
    )
    assert home.shared == ["identity", "services"]
    sent = AuditEvent.objects.get(action="referral.sent", changes__to__1=world.dinsos_medan.pk)
    assert sent.changes["legal_basis"] == [None, "consent"] and sent.changes["shared"] == [
        None,
        ["identity", "services"],
    ]
    medan = world.user("outsider")  # Dinas Sosial Kota Medan, another province
    referral_decide(actor=medan, referral=home, accept=True)
    # Medan now works on the case: it refers the child to its own province's UPTD PPA, not Banten's police.
    local = send(medan, case, agencies.uptd_medan, "psychosocial")
    assert local.from_org == world.dinsos_medan
    with pytest.raises(ValidationError, match="does not take referrals"):
        send(medan, case, agencies.polres_medan, "psychosocial")
    with pytest.raises(ValidationError, match="can share only"):
        send(medan, case, world.ppa_unit, "investigation", shared=["evidence"])
    # An agency whose referral waits does not refer yet.
    with pytest.raises(PermissionDenied):
        send(agencies.medan_worker, case, world.dinsos_medan, "rehabilitation")


def test_the_receiver_sees_only_what_was_shared(
    registry: RegistryWorld, agencies: Agencies, login: Any
) -> None:
    world = registry.world
    case = full_case(registry)
    home = send(world.user("supervisor"), case, world.dinsos_medan, "return", region_code="12.71", **CONSENT)
    medan = login(world.user("outsider"))
    preview = medan.get(f"/cases/referrals/{home.pk}/").content.decode()
    assert "R. Sitompul" not in preview  # nothing before accepting
    shown = preview[preview.index('data-testid="referral-shared"') :]
    assert shown.startswith(
        'data-testid="referral-shared">The children: names, sex, ages and home region; Services, '
        "rehabilitation plans and follow-ups</dd>"
    )
    assert "Consent of the parent or guardian — Ibu memberi persetujuan tertulis; anak setuju." in preview
    referral_decide(actor=world.user("outsider"), referral=home, accept=True)
    page = medan.get(f"/cases/{case.pk}/").content.decode()
    assert "R. Sitompul" in page and "Rumah Aman Tangerang" in page  # identity, services
    assert "Bu Perekrut" not in page and 'id="tppo"' not in page  # persons alleged, assessment: not shared
    assert "Rapat koordinasi di Polresta" not in page and 'id="timeline"' not in page
    assert 'href="#subjects"' not in page and 'href="#children"' in page
    printed = medan.get(f"/cases/{case.pk}/summary/").content.decode()
    assert "R. Sitompul" in printed and "Rumah Aman Tangerang" in printed
    assert (
        "Bu Perekrut" not in printed
        and "Rapat koordinasi" not in printed
        and "TPPO assessment" not in printed
    )
    api = medan.get(f"/api/v1/cases/{case.pk}").json()
    assert [s["provider"] for s in api["services"]] == ["Rumah Aman Tangerang"] and api["tppo"] == []
    # The lead agency sees everything, and what each referral shared.
    lead = login(world.user("supervisor"), type(medan)()).get(f"/cases/{case.pk}/").content.decode()
    assert "Bu Perekrut" in lead and "Rapat koordinasi di Polresta" in lead
    line = lead[lead.index('data-testid="referral-sharing"') :]
    assert line.startswith(
        'data-testid="referral-sharing">Basis: Consent of the parent or guardian · guardian: Given · child: '
        "Given — Ibu memberi persetujuan tertulis; anak setuju.<br>Shared: The children: names, sex, ages "
        "and home region; Services, rehabilitation plans and follow-ups</span>"
    )


def test_a_referral_shares_the_part_where_the_receiver_records_its_work(
    registry: RegistryWorld, agencies: Agencies
) -> None:
    """The police record the investigation's milestones, the social services their services and the
    follow-up visits: a referral that withholds that part could not be worked (nothing saved)."""
    world = registry.world
    case = full_case(registry)
    for purpose, to_org, own in (
        ("investigation", world.ppa_unit, "Investigation milestones"),
        ("psychosocial", world.uptd, "Services, rehabilitation plans and follow-ups"),
    ):
        with pytest.raises(ValidationError) as refused:
            send(world.user("supervisor"), case, to_org, purpose=purpose, shared=["identity"])
        assert refused.value.message_dict == {
            "shared": [f"The receiving agency records its work in “{own}”: share that part."]
        }
    assert not Referral.objects.exists()


def test_a_receiver_sees_its_own_referrals_not_another_agencys(
    registry: RegistryWorld, agencies: Agencies, login: Any
) -> None:
    world = registry.world
    case = full_case(registry)
    home = send(world.user("supervisor"), case, world.dinsos_medan, "return", region_code="12.71", **CONSENT)
    send(
        world.user("supervisor"),
        case,
        world.ppa_unit,
        "investigation",
        shared=["identity", "investigation"],
        note="Mohon penyelidikan perekrut.",
    )
    referral_decide(actor=world.user("outsider"), referral=home, accept=True)
    medan = login(world.user("outsider"))
    for url in (f"/cases/{case.pk}/", f"/cases/{case.pk}/summary/"):
        page = medan.get(url).content.decode()
        assert "Dinas Sosial Kota Medan" in page  # its own referral
        assert "Unit PPA" not in page and "Mohon penyelidikan perekrut." not in page
    lead = login(world.user("supervisor"), Client())
    assert "Unit PPA" in lead.get(f"/cases/{case.pk}/").content.decode()  # the lead sees every referral
