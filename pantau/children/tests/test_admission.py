"""Admission with gatekeeping, capacity, identity reads (audited), scoping and placements."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from pantau.audit.models import AuditEvent
from pantau.children.identifiers import identifier_hash
from pantau.children.models import Child, GatekeepingAssessment, Placement
from pantau.children.services import Admission, child_admit, child_identity, placement_end
from pantau.registry.models import Lksa, Registration
from pantau.registry.models.lksa import LegalityStatus
from pantau.registry.tests.conftest import RegistryWorld, refresh

pytestmark = pytest.mark.django_db


def registered(home: Lksa) -> Lksa:
    """``home`` with a current Dinas Sosial registration: an unregistered home may not admit children
    (children/admission.py)."""
    if home.legality_status != LegalityStatus.NOT_REGISTERED:
        return home
    today = date.today()  # noqa: DTZ011
    Registration.objects.get_or_create(
        lksa=home,
        defaults={
            "number": f"TD/{home.pk}",
            "issued_on": today - timedelta(days=100),
            "valid_until": today + timedelta(days=900),
        },
    )
    fresh = refresh(home, today)
    home.legality_status, home.legality_reasons = fresh.legality_status, fresh.legality_reasons
    return home


def admit(
    registry: RegistryWorld, *, assessed: bool = True, home: Lksa | None = None, **extra: Any
) -> Admission:
    today = date.today()  # noqa: DTZ011
    identifiers = {k: extra.pop(k) for k in ("nik", "kk", "birth_certificate") if k in extra}
    child = Child(
        full_name=extra.pop("full_name", "Siti Aminah"),
        sex=extra.pop("sex", "P"),
        birth_date=extra.pop("birth_date", date(2015, 1, 1)),
        referral_source="family",
        referral_reason="Orang tua tidak mampu membiayai sekolah",
        mother_status=extra.pop("mother_status", "alive"),
        admitted_on=extra.pop("admitted_on", today),
        **extra,
    )
    assessment = (
        GatekeepingAssessment(
            assessed_on=today, assessor="Peksos Dinsos", reasons="Keluarga tidak aman", items={"A4": "yes"}
        )
        if assessed
        else None
    )
    return child_admit(
        actor=registry.world.user("lksa_operator" if home in (None, registry.home) else "outsider"),
        lksa=registered(home or registry.home),
        child=child,
        identifiers=identifiers,
        assessment=assessment,
    )


def test_admission_with_assessment_encrypts_identifiers(registry: RegistryWorld) -> None:
    result = admit(registry, nik="3603034101150001", kk="3603031234567890")
    child = Child.objects.get(pk=result.child.pk)
    assert child.nik_hash == identifier_hash("nik", "3603034101150001") and "3603" not in child.nik_cipher
    assert (
        child.placements.get().kind == Placement.Kind.LKSA and child.region_code == registry.home.region_code
    )
    assert Lksa.objects.get(pk=registry.home.pk).children_count == 1
    event = AuditEvent.objects.get(action="child.admitted")
    assert "Siti" not in str(event.changes) and "3603034101150001" not in str(event.changes)
    assert event.target_label == f"child #{child.pk}"


def test_gatekeeping_is_required_unless_emergency(registry: RegistryWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        admit(registry, assessed=False)
    assert "emergency_admission" in refused.value.message_dict
    emergency = admit(registry, assessed=False, emergency_admission=True).child
    assert emergency.emergency_admission and not hasattr(emergency, "gatekeeping")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"nik": "360303410115000"}, "nik"),
        ({"birth_date": date.today() + timedelta(days=1)}, "birth_date"),  # noqa: DTZ011
        ({"admitted_on": date(2014, 1, 1)}, "admitted_on"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(registry: RegistryWorld, extra: dict, field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        admit(registry, **extra)
    assert field in refused.value.message_dict
    assert not Child.objects.exists() and not AuditEvent.objects.filter(action="child.admitted").exists()


def test_a_full_home_refuses(registry: RegistryWorld) -> None:
    Lksa.objects.filter(pk=registry.medan.pk).update(capacity=1)
    admit(registry, home=registry.medan)
    with pytest.raises(ValidationError, match="is full"):
        admit(registry, home=registry.medan)
    assert Child.objects.filter(lksa=registry.medan).count() == 1


def test_nik_disagreement_is_a_warning(registry: RegistryWorld) -> None:
    result = admit(registry, nik="3603030101150001")  # male NIK for a girl
    assert result.warnings and Child.objects.filter(pk=result.child.pk).exists()


def test_reading_identity_is_audited(registry: RegistryWorld) -> None:
    child = admit(registry, nik="3603034101150001").child
    identity = child_identity(actor=registry.world.user("supervisor"), child=child)
    assert identity["nik"] == "3603034101150001" and identity["kk"] == ""
    assert AuditEvent.objects.filter(
        action="child.identity_viewed", target_id=str(child.pk), actor=registry.world.user("supervisor")
    ).exists()


def test_scoping_of_children(registry: RegistryWorld) -> None:
    from pantau.accounts.roles import Role
    from pantau.children.selectors import children_visible_to
    from pantau.conftest import make_user

    ours = admit(registry).child
    theirs = admit(registry, home=registry.medan, full_name="Budi").child
    world = registry.world
    assert list(children_visible_to(world.user("lksa_operator"))) == [ours]
    assert list(children_visible_to(world.user("supervisor"))) == [ours]
    assert list(children_visible_to(world.user("outsider"))) == [theirs]
    kpai = make_user("pengawas2@kpai.test.id", world.kpai, Role.SUPERVISOR)
    assert not children_visible_to(kpai).exists()  # national bodies see figures, not names
    assert not children_visible_to(world.user("investigator")).exists()


def test_placement_history_and_reunification(registry: RegistryWorld) -> None:
    child = admit(registry, admitted_on=date(2024, 1, 10)).child
    with pytest.raises(ValidationError):
        placement_end(
            actor=registry.world.user("lksa_operator"),
            child=child,
            kind="reunification",
            started_on=date(2024, 1, 1),
        )
    placement_end(
        actor=registry.world.user("lksa_operator"),
        child=child,
        kind="reunification",
        started_on=date(2025, 3, 1),
    )
    history = list(Child.objects.get(pk=child.pk).placements.values_list("kind", "started_on", "ended_on"))
    assert history == [
        ("lksa", date(2024, 1, 10), date(2025, 3, 1)),
        ("reunification", date(2025, 3, 1), None),
    ]
    assert Child.objects.get(pk=child.pk).status == "left"
    assert Lksa.objects.get(pk=registry.home.pk).children_count == 0


def test_child_str_never_carries_a_name(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    child = admit(registry).child
    assert "Siti" not in str(child)


def test_a_child_leaves_only_once_and_only_homes_in_reach_take_admissions(registry: RegistryWorld) -> None:
    from django.core.exceptions import PermissionDenied

    child = admit(registry, admitted_on=date(2024, 1, 1)).child
    # Exits that need no papers (kinship and foster care do: children/papers.py, tested with familycare).
    placement_end(
        actor=registry.world.user("lksa_operator"),
        child=child,
        kind="reunification",
        started_on=date(2025, 1, 1),
    )
    with pytest.raises(ValidationError, match="already left"):
        placement_end(
            actor=registry.world.user("lksa_operator"),
            child=child,
            kind="independent",
            started_on=date(2025, 2, 1),
        )
    assert child.placements.count() == 2
    stranger = Child(
        full_name="X",
        sex="L",
        birth_date=date(2015, 1, 1),
        referral_source="family",
        referral_reason="-",
        admitted_on=date(2025, 1, 1),
        emergency_admission=True,
    )
    with pytest.raises(PermissionDenied):  # an operator cannot admit children to another home
        child_admit(
            actor=registry.world.user("lksa_operator"),
            lksa=registry.medan,
            child=stranger,
            identifiers={},
            assessment=None,
        )


def test_an_assessment_that_found_family_care_possible_blocks_admission(registry: RegistryWorld) -> None:
    today = date.today()  # noqa: DTZ011
    child = Child(
        full_name="Y",
        sex="L",
        birth_date=date(2015, 1, 1),
        referral_source="family",
        referral_reason="-",
        admitted_on=today,
    )
    assessment = GatekeepingAssessment(
        assessed_on=today, assessor="Peksos", reasons="-", family_care_possible=True
    )
    with pytest.raises(ValidationError) as refused:
        child_admit(
            actor=registry.world.user("lksa_operator"),
            lksa=registry.home,
            child=child,
            identifiers={},
            assessment=assessment,
        )
    assert "family_care_possible" in refused.value.message_dict


def test_children_follow_their_home_to_a_new_region(registry: RegistryWorld) -> None:
    from pantau.audit.services import snapshot
    from pantau.registry.services import PROFILE_FIELDS, lksa_update

    child = admit(registry).child
    home = Lksa.objects.get(pk=registry.home.pk)
    before = snapshot(home, PROFILE_FIELDS)
    home.region_code = "36.71"
    lksa_update(
        actor=registry.world.user("supervisor"), lksa=home, before=before, expected_version=home.version
    )
    assert Child.objects.get(pk=child.pk).region_code == "36.71"


def test_transfer_moves_the_child_and_its_visibility(registry: RegistryWorld) -> None:
    from pantau.children.selectors import children_visible_to

    child = admit(registry, admitted_on=date(2024, 1, 1)).child
    Lksa.objects.filter(pk=registry.medan.pk).update(capacity=1)
    placement_end(
        actor=registry.world.user("lksa_operator"),
        child=child,
        kind="transfer",
        started_on=date(2025, 1, 1),
        receiving=registry.medan,
    )
    moved = Child.objects.get(pk=child.pk)
    assert (moved.lksa_id, moved.region_code, moved.status) == (registry.medan.pk, "12.71.02", "in_care")
    assert [(p.kind, p.lksa_id) for p in moved.placements.all()] == [
        ("lksa", registry.home.pk),
        ("transfer", registry.medan.pk),
    ]
    assert not children_visible_to(registry.world.user("lksa_operator")).exists()
    assert list(children_visible_to(registry.world.user("outsider"))) == [moved]
    # Medan is now full: a second transfer there is refused, nothing changes.
    other = admit(registry, full_name="Kedua").child
    with pytest.raises(ValidationError, match="full"):
        placement_end(
            actor=registry.world.user("lksa_operator"),
            child=other,
            kind="transfer",
            started_on=timezone.localdate(),
            receiving=registry.medan,
        )
    assert Child.objects.get(pk=other.pk).lksa_id == registry.home.pk


def test_emergency_admission_gets_its_assessment_later(registry: RegistryWorld) -> None:
    from pantau.children.services import gatekeeping_add

    child = admit(registry, assessed=False, emergency_admission=True).child
    gatekeeping_add(
        actor=registry.world.user("lksa_operator"),
        child=child,
        assessment=GatekeepingAssessment(
            assessed_on=timezone.localdate(),
            assessor="Peksos",
            reasons="Keluarga belum ditemukan",
        ),
    )
    child = Child.objects.get(pk=child.pk)
    assert child.gatekeeping.reasons == "Keluarga belum ditemukan"
    with pytest.raises(ValidationError, match="already has"):
        gatekeeping_add(
            actor=registry.world.user("lksa_operator"),
            child=child,
            assessment=GatekeepingAssessment(assessed_on=timezone.localdate(), assessor="x", reasons="y"),
        )
