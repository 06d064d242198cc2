"""Enforceable gatekeeping (issue 16): refusals at admission (recruitment, no initial assessment, an
unregistered home), flags shown on the child's page and in the API, Dinas Sosial's sign-off (never the
home's) and its queue, with the 30-day boundary; care-plan goals limited to family-based care."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from pantau.accounts.models import User
from pantau.accounts.roles import Role
from pantau.audit.models import AuditEvent
from pantau.children import queues
from pantau.children.forms import AdmissionForm, CarePlanForm, GatekeepingForm
from pantau.children.importer import plan_import
from pantau.children.models import CarePlan, Child, GatekeepingAssessment
from pantau.children.selectors import homes_for_admission
from pantau.children.services import care_plan_add, child_admit, gatekeeping_add, gatekeeping_sign_off
from pantau.children.tests.test_admission import admit
from pantau.children.tests.test_admission_form import posted
from pantau.children.tests.test_import import csv_file, row
from pantau.conftest import make_user
from pantau.registry.models import Lksa, Registration
from pantau.registry.models.lksa import LegalityStatus
from pantau.registry.tests.conftest import RegistryWorld, refresh

pytestmark = pytest.mark.django_db

YES = {f"A{n}": "yes" for n in range(1, 10)}


def _assessed(registry: RegistryWorld, *, days_ago: int = 0, **extra: object) -> Child:
    """A child admitted ``days_ago`` days ago with a full assessment (all yes, agreement signed)."""
    child = admit(
        registry,
        admitted_on=timezone.localdate() - timedelta(days=days_ago),
        admission_reason=extra.pop("admission_reason", "protection"),
        **extra,
    ).child
    GatekeepingAssessment.objects.filter(child=child).update(items=YES, agreement_signed=True)
    return Child.objects.get(pk=child.pk)


def _dinsos_peksos(registry: RegistryWorld) -> User:
    """A social worker (Sakti Peksos) of Dinas Sosial Kabupaten Tangerang."""
    return make_user("sakti@dinsos.test.id", registry.world.dinsos, Role.CASE_WORKER)


# --- Refusals at admission ---------------------------------------------------------------------------


def _refused(registry: RegistryWorld, **extra: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        child = Child(
            full_name="Anak",
            sex="P",
            birth_date=date(2015, 1, 1),
            referral_source=extra.pop("referral_source", "family"),
            referral_reason="-",
            admitted_on=timezone.localdate(),
        )
        assessment = GatekeepingAssessment(
            assessed_on=timezone.localdate(),
            assessor="Peksos",
            reasons="-",
            items=YES | dict(extra.pop("items", {})),  # type: ignore[arg-type]
        )
        child_admit(
            actor=registry.world.user("lksa_operator"),
            lksa=registry.home,
            child=child,
            identifiers={},
            assessment=assessment,
        )
    assert not Child.objects.exists()  # nothing half-saved
    return refused.value.message_dict


def test_a_recruited_child_is_refused(registry: RegistryWorld) -> None:
    assert "recruit" in _refused(registry, items={"A1": "no"})["item_A1"][0]
    assert "recruit" in _refused(registry, referral_source="lksa")["referral_source"][0]


def test_an_assessment_without_initial_assessment_is_refused(registry: RegistryWorld) -> None:
    assert "initial assessment" in _refused(registry, items={"A4": "no"})["item_A4"][0]


def test_a_poverty_only_admission_is_admitted_with_a_warning(registry: RegistryWorld) -> None:
    result = admit(registry, admission_reason="poverty")
    assert any("Poverty is the only reason" in warning for warning in result.warnings)
    assert Child.objects.get(pk=result.child.pk).admission_reason == "poverty"


def test_the_form_asks_the_reason_and_refuses_what_the_service_refuses(registry: RegistryWorld) -> None:
    operator = registry.world.user("lksa_operator")
    homes = homes_for_admission(operator)
    form = AdmissionForm(posted(registry, admission_reason=None), homes=homes)
    assert not form.is_valid() and "admission_reason" in form.errors
    form = AdmissionForm(posted(registry, item_A1="no"), homes=homes)
    assert not form.is_valid() and "recruit" in form.errors["item_A1"][0]
    form = AdmissionForm(posted(registry, admission_reason="other"), homes=homes)
    assert not form.is_valid() and "admission_reason_other" in form.errors
    form = AdmissionForm(posted(registry, admission_reason="poverty"), homes=homes)
    assert form.is_valid(), form.errors  # a flag, not a refusal


def test_an_18_year_old_is_refused_on_the_form_and_by_the_service(registry: RegistryWorld) -> None:
    today = timezone.localdate()
    born = today.replace(year=today.year - 18)
    operator = registry.world.user("lksa_operator")
    form = AdmissionForm(
        posted(registry, birth_date=born.isoformat(), admitted_on=today.isoformat()),
        homes=homes_for_admission(operator),
    )
    assert not form.is_valid() and "18 or older" in form.errors["birth_date"][0]
    with pytest.raises(ValidationError):
        admit(registry, birth_date=born, birth_date_precision="estimated")
    admit(registry, birth_date=born + timedelta(days=1), birth_date_precision="estimated")  # 17y 364d


def _unregister(home: Lksa) -> Lksa:
    Registration.objects.filter(lksa=home).delete()
    fresh = refresh(home, timezone.localdate())
    assert fresh.legality_status == LegalityStatus.NOT_REGISTERED
    return fresh


def test_an_unregistered_home_admits_no_child(registry: RegistryWorld) -> None:
    home = _unregister(registry.home)
    child = Child(
        full_name="Anak",
        sex="P",
        birth_date=date(2015, 1, 1),
        referral_source="family",
        referral_reason="-",
        admitted_on=timezone.localdate(),
        emergency_admission=True,
    )
    with pytest.raises(ValidationError) as refused:
        child_admit(
            actor=registry.world.user("lksa_operator"),
            lksa=home,
            child=child,
            identifiers={},
            assessment=None,
        )
    assert "is not registered with Dinas Sosial" in refused.value.message_dict["lksa"][0]
    assert not Child.objects.exists()
    operator = registry.world.user("lksa_operator")
    form = AdmissionForm(posted(registry), homes=homes_for_admission(operator))
    assert not form.is_valid() and "not registered" in form.errors["lksa"][0]
    plan = plan_import(operator, csv_file([row()]).read(), "a.csv")
    assert [(e.column, "not registered" in e.message) for e in plan.errors] == [("id_lksa", True)]


def test_dinas_sosial_records_a_child_found_in_an_unregistered_home_with_a_warning(
    registry: RegistryWorld,
) -> None:
    """The Medan case: children found living in an unregistered panti must be on record to be protected."""
    home = _unregister(registry.home)
    officer = registry.world.user("supervisor")
    form = AdmissionForm(posted(registry), homes=homes_for_admission(officer), found_by_dinsos=True)
    assert "lksa" not in form.errors
    found = child_admit(
        actor=officer,
        lksa=home,
        child=Child(
            full_name="Anak Ditemukan",
            sex="L",
            birth_date=date(2016, 3, 1),
            referral_source="dinsos",
            referral_reason="Ditemukan saat sidak di panti tak terdaftar",
            admitted_on=timezone.localdate(),
            emergency_admission=True,
        ),
        identifiers={},
        assessment=None,
    )
    assert found.child.pk and any("recorded as found living there" in w for w in found.warnings)
    plan = plan_import(officer, csv_file([row(id_lksa=home.pk)]).read(), "a.csv")
    assert not [e for e in plan.errors if "not registered" in e.message]


def test_a_registered_home_with_problems_still_admits(registry: RegistryWorld) -> None:
    assert registry.home.legality_status == LegalityStatus.ATTENTION
    assert admit(registry).child.pk


# --- Sign-off ----------------------------------------------------------------------------------------


def test_a_dinas_sosial_officer_signs_off_from_the_child_page(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    child = _assessed(registry)
    client = login(registry.world.user("supervisor"))
    page = client.get(f"/children/{child.pk}/").content.decode()
    assert "Not yet signed off by Dinas Sosial." in page and "sign-off/" in page
    url = f"/children/{child.pk}/gatekeeping/sign-off/"
    unconfirmed = client.post(url, {"role_note": "Pengawas"})
    assert unconfirmed.status_code == 400 and "Tick the confirmation" in unconfirmed.content.decode()
    assert client.post(url, {"confirm": "on", "role_note": "Pengawas"}).status_code == 302
    assessment = GatekeepingAssessment.objects.get(child=child)
    assert assessment.signed_off_by == registry.world.user("supervisor")
    assert assessment.signed_off_at is not None and assessment.signed_off_role_note == "Pengawas"
    event = AuditEvent.objects.get(action="child.gatekeeping_signed_off")
    assert event.target_label == f"child #{child.pk}" and "Anak" not in str(event.changes)
    page = client.get(f"/children/{child.pk}/").content.decode()
    assert "Signed off by Dinas Sosial" in page and "sign-off/" not in page
    again = client.post(url, {"confirm": "on"})
    assert again.status_code == 400 and "already been signed off" in again.content.decode()


def test_a_dinas_sosial_social_worker_may_sign_off(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    child = _assessed(registry)
    client = login(_dinsos_peksos(registry))
    answer = client.post(
        f"/children/{child.pk}/gatekeeping/sign-off/", {"confirm": "on", "role_note": "Sakti Peksos"}
    )
    assert answer.status_code == 302
    assert GatekeepingAssessment.objects.get(child=child).signed_off_role_note == "Sakti Peksos"


@pytest.mark.parametrize(
    ("persona", "status"), [("lksa_operator", 403), ("case_worker", 403), ("outsider", 404)]
)
def test_the_home_an_uptd_and_another_region_may_not_sign_off(
    registry: RegistryWorld, login: Callable[..., Client], persona: str, status: int
) -> None:
    child = _assessed(registry)
    client = login(registry.world.user(persona))
    answer = client.post(f"/children/{child.pk}/gatekeeping/sign-off/", {"confirm": "on"})
    assert answer.status_code == status
    assert GatekeepingAssessment.objects.get(child=child).signed_off_at is None
    assert AuditEvent.objects.filter(action="access.denied", actor=registry.world.user(persona)).exists()


def test_the_home_sees_no_sign_off_form_and_the_service_refuses_it_too(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    child = _assessed(registry)
    operator = registry.world.user("lksa_operator")
    assert "sign-off/" not in login(operator).get(f"/children/{child.pk}/").content.decode()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        gatekeeping_sign_off(actor=operator, child=child)
    denied = AuditEvent.objects.get(action="access.denied", actor=operator)
    assert denied.changes["reason"] == "permission" and denied.changes["permission"] == "child.signoff"


def test_an_emergency_admission_must_be_assessed_before_sign_off(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    child = admit(registry, assessed=False, emergency_admission=True).child
    with pytest.raises(ValidationError, match="no gatekeeping assessment"):
        gatekeeping_sign_off(actor=registry.world.user("supervisor"), child=child)


# --- The queue and its "see all" ---------------------------------------------------------------------


def test_the_sign_off_queue_marks_admissions_older_than_30_days(registry: RegistryWorld) -> None:
    today = timezone.localdate()
    on_time = _assessed(registry, days_ago=30, full_name="Tiga Puluh")
    late = _assessed(registry, days_ago=31, full_name="Tiga Puluh Satu")
    emergency = admit(
        registry, assessed=False, emergency_admission=True, admitted_on=today - timedelta(days=45)
    ).child
    done = _assessed(registry, days_ago=90, full_name="Sudah")
    gatekeeping_sign_off(actor=registry.world.user("supervisor"), child=done)
    queue = queues.signoffs_waiting(registry.world.user("supervisor"), today=today)
    assert queue.count == 3 and queue.title == "Admissions waiting for sign-off"
    items = {item.url: item for item in queue.items}
    assert not items[f"/children/{on_time.pk}/"].urgent  # day 30: still in time
    assert items[f"/children/{late.pk}/"].urgent  # day 31: overdue
    assert items[f"/children/{emergency.pk}/"].urgent
    assert "no assessment yet" in items[f"/children/{emergency.pk}/"].detail
    assert f"/children/{done.pk}/" not in items
    assert queue.urgent and queue.see_all == "/children/?status=in_care&needs=signoff"
    # The home does not see this queue; another region's Dinas Sosial sees none of these children.
    assert queues.signoffs_waiting(registry.world.user("outsider"), today=today).count == 0


def test_see_all_lists_exactly_the_waiting_admissions(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    waiting = _assessed(registry, days_ago=40, full_name="Menunggu")
    done = _assessed(registry, days_ago=40, full_name="Selesai")
    gatekeeping_sign_off(actor=registry.world.user("supervisor"), child=done)
    client = login(registry.world.user("supervisor"))
    page = client.get("/children/?status=in_care&needs=signoff").content.decode()
    assert f'href="/children/{waiting.pk}/"' in page and f'href="/children/{done.pk}/"' not in page
    assert "has not signed off" in page


def test_the_queue_shows_flags(registry: RegistryWorld) -> None:
    _assessed(registry, days_ago=3, admission_reason="poverty")
    queue = queues.signoffs_waiting(registry.world.user("supervisor"), today=timezone.localdate())
    assert "1 gatekeeping flag" in queue.items[0].detail and not queue.items[0].urgent


# --- Flags on the child's page and in the API --------------------------------------------------------


def test_flags_are_shown_with_their_rule(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    child = _assessed(registry, admission_reason="poverty")
    page = login(registry.world.user("lksa_operator")).get(f"/children/{child.pk}/").content.decode()
    assert "Poverty is the only reason given for admission" in page
    assert "Permensos 30/HUK/2011 (SNPA), A4: institutional care is the last resort" in page
    assert "Reason for admission:" in page and "Poverty only" in page


def test_the_api_gives_the_sign_off_state_and_flags(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    child = _assessed(registry, admission_reason="poverty")
    operator = login(registry.world.user("lksa_operator"))
    detail = operator.get(f"/api/v1/children/{child.pk}").json()
    assert detail["gatekeeping"]["signed_off"] is False and detail["admission_reason"] == "poverty"
    assert [(f["code"], f["severity"]) for f in detail["gatekeeping_flags"]] == [("poverty_only", "flag")]
    url = f"/api/v1/children/{child.pk}/gatekeeping/sign-off"
    refused = operator.post(url, {"confirm": True}, content_type="application/json")
    assert refused.status_code == 403
    supervisor = login(registry.world.user("supervisor"), Client())
    unconfirmed = supervisor.post(url, {"confirm": False}, content_type="application/json")
    assert unconfirmed.status_code == 422
    signed = supervisor.post(url, {"confirm": True, "role_note": "Pengawas"}, content_type="application/json")
    assert signed.status_code == 200 and signed.json()["signed_off"] is True
    assert signed.json()["signed_off_by_id"] == registry.world.user("supervisor").pk


# --- The assessment added later, and care-plan goals -------------------------------------------------


def test_the_later_assessment_asks_every_answer_and_refuses_recruitment(registry: RegistryWorld) -> None:
    child = admit(registry, assessed=False, emergency_admission=True).child
    data = {"assessed_on": timezone.localdate().isoformat(), "assessor": "Peksos", "reasons": "-"}
    form = GatekeepingForm(data)
    assert not form.is_valid() and "item_A1" in form.errors
    form = GatekeepingForm(data | {f"item_{code}": answer for code, answer in (YES | {"A1": "no"}).items()})
    assert form.is_valid(), form.errors
    with pytest.raises(ValidationError) as refused:
        gatekeeping_add(
            actor=registry.world.user("lksa_operator"), child=child, assessment=form.save(commit=False)
        )
    assert "item_A1" in refused.value.message_dict
    form = GatekeepingForm(data | {f"item_{code}": answer for code, answer in YES.items()})
    assert form.is_valid()
    saved = gatekeeping_add(
        actor=registry.world.user("lksa_operator"), child=child, assessment=form.save(commit=False)
    )
    assert saved.items == YES


@pytest.mark.parametrize("goal", ["death", "missing", "lksa", "transfer", "independent"])
def test_a_care_plan_aims_for_family_based_care_only(registry: RegistryWorld, goal: str) -> None:
    child = admit(registry).child
    today = timezone.localdate()
    plan = CarePlan(
        made_on=today,
        goals="-",
        family_based_goal=goal,
        next_review_on=today + timedelta(days=90),
        made_by="-",
    )
    with pytest.raises(ValidationError) as refused:
        care_plan_add(actor=registry.world.user("lksa_operator"), child=child, plan=plan)
    assert "family_based_goal" in refused.value.message_dict
    form = CarePlanForm(
        {
            "made_on": today,
            "made_by": "-",
            "goals": "-",
            "family_based_goal": goal,
            "next_review_on": today + timedelta(days=90),
        }
    )
    assert not form.is_valid() and "family_based_goal" in form.errors


def test_the_family_based_goals_are_offered(registry: RegistryWorld) -> None:
    choices = [value for value, _label in CarePlanForm().fields["family_based_goal"].choices]
    assert choices == ["", "reunification", "kinship", "foster", "guardianship", "adoption"]
    child = admit(registry).child
    today = timezone.localdate()
    plan = CarePlan(
        made_on=today,
        goals="-",
        family_based_goal="kinship",
        next_review_on=today + timedelta(days=90),
        made_by="-",
    )
    assert care_plan_add(actor=registry.world.user("lksa_operator"), child=child, plan=plan).pk
