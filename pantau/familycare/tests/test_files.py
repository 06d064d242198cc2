"""The legal steps: in order only, dated in order, trial care enforced from dates, the child leaving the
home at the right step with this file as its papers, and nothing half-saved on a refusal."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from pantau.audit.models import AuditEvent
from pantau.children.models import Child, Placement
from pantau.familycare.models import CareFile, FileStep, Kind, MonitoringVisit, Stage
from pantau.familycare.services import file_close, file_open, step_record, visit_add
from pantau.familycare.tests.conftest import APPLIED, CareWorld, make_child, make_family

pytestmark = pytest.mark.django_db

TRIAL = date(2026, 3, 2)


def open_adoption(care: CareWorld, **extra: Any) -> CareFile:
    return file_open(
        actor=care.world.user("supervisor"),
        family=care.family,
        child=care.child,
        kind=Kind.ADOPTION,
        opened_on=APPLIED,
        child_religion="islam",
        **extra,
    )


def step(care: CareWorld, file: CareFile, stage: str, on: date, **data: Any) -> CareFile:
    data.setdefault("document_number", f"DOC/{stage}")
    data.setdefault("issued_by", "Peksos Dinsos Kab. Tangerang")
    return step_record(actor=care.world.user("supervisor"), file=file, stage=stage, done_on=on, data=data)


def to_trial(care: CareWorld) -> CareFile:
    file = open_adoption(care)
    step(care, file, Stage.HOME_VISIT_1, date(2026, 2, 2))
    return step(care, file, Stage.TRIAL_CARE, TRIAL)


def test_an_adoption_from_application_to_registration(care: CareWorld) -> None:
    file = to_trial(care)
    child = Child.objects.get(pk=care.child.pk)
    assert child.status == Child.Status.LEFT
    placement = Placement.objects.get(child=child, ended_on__isnull=True)
    assert (placement.kind, placement.started_on, placement.unverified) == ("adoption", TRIAL, False)
    assert CareFile.objects.get(pk=file.pk).placement == placement
    for stage, on, extra in [
        (Stage.HOME_VISIT_2, date(2026, 9, 2), {}),
        (Stage.PIPA_REVIEW, date(2026, 9, 20), {"outcome": "recommended"}),
        (Stage.PERMIT_DECREE, date(2026, 10, 1), {}),
        (Stage.COURT_ORDER, date(2026, 11, 2), {}),
        (Stage.REGISTERED, date(2026, 11, 20), {}),
    ]:
        file = step(care, file, stage, on, **extra)
    file.refresh_from_db()
    assert (file.stage, file.closed_on, file.due_on) == (Stage.REGISTERED, date(2026, 11, 20), None)
    assert list(FileStep.objects.filter(file=file).values_list("stage", flat=True)) == [
        "applied",
        "home_visit_1",
        "trial_care",
        "home_visit_2",
        "pipa_review",
        "permit_decree",
        "court_order",
        "registered",
    ]
    assert set(FileStep.objects.filter(file=file).values_list("rules__version", flat=True)) == {1}


def test_a_step_cannot_be_skipped(care: CareWorld) -> None:
    file = open_adoption(care)
    with pytest.raises(ValidationError) as refused:
        step(care, file, Stage.TRIAL_CARE, date(2026, 2, 2))
    assert refused.value.message_dict["stage"] == [
        "The next step of this file is “Home visit 1 and social report”; "
        "“Temporary care permit, trial care” cannot be recorded now."
    ]
    assert FileStep.objects.filter(file=file).count() == 1


def test_dates_out_of_order_are_refused(care: CareWorld) -> None:
    file = open_adoption(care)
    with pytest.raises(ValidationError) as refused:
        step(care, file, Stage.HOME_VISIT_1, date(2026, 1, 4))
    assert refused.value.message_dict["done_on"] == ["Dates out of order: the step before was on 5 Jan 2026."]


@pytest.mark.parametrize(("on", "allowed"), [(date(2026, 9, 1), False), (date(2026, 9, 2), True)])
def test_trial_care_lasts_six_months(care: CareWorld, on: date, allowed: bool) -> None:
    file = to_trial(care)  # began 2 Mar 2026: 1 Sep is 5 months 30 days
    if allowed:
        assert step(care, file, Stage.HOME_VISIT_2, on).stage == Stage.HOME_VISIT_2
        return
    with pytest.raises(ValidationError) as refused:
        step(care, file, Stage.HOME_VISIT_2, on)
    assert refused.value.message_dict["done_on"] == [
        "Trial care lasts at least 6 months: it began on 2 Mar 2026, "
        "so home visit 2 can be recorded from 2 Sep 2026."
    ]
    assert CareFile.objects.get(pk=file.pk).stage == Stage.TRIAL_CARE


def test_tim_pipa_refusal_closes_the_file(care: CareWorld) -> None:
    file = to_trial(care)
    step(care, file, Stage.HOME_VISIT_2, date(2026, 9, 2))
    file = step(care, file, Stage.PIPA_REVIEW, date(2026, 9, 20), outcome="not_recommended")
    assert (file.stage, file.closed_on) == (Stage.REFUSED, date(2026, 9, 20))


def test_missing_documents_hold_the_file_at_application(care: CareWorld) -> None:
    care.family.documents.filter(kind="skck").delete()
    file = open_adoption(care)
    with pytest.raises(ValidationError) as refused:
        step(care, file, Stage.HOME_VISIT_1, date(2026, 2, 2))
    assert "Police clearance (SKCK): Not on record." in refused.value.message_dict["stage"]


def test_a_failing_family_cannot_open_a_file(care: CareWorld) -> None:
    care.family.applicant_birth_date = date(1970, 1, 5)
    care.family.save()
    with pytest.raises(ValidationError) as refused:
        open_adoption(care)
    assert refused.value.message_dict["family"] == [
        "Age of the applicant: 56 years old on 5 Jan 2026; the rules allow 30 to 55. "
        "(PP 54/2007 Pasal 13 huruf b)"
    ]
    assert not CareFile.objects.exists()


def test_only_a_licensed_home_may_be_the_childs_home_in_an_adoption(care: CareWorld) -> None:
    child = make_child(care.medan)
    with pytest.raises(ValidationError) as refused:
        file_open(
            actor=care.world.user("supervisor"),
            family=care.family,
            child=child,
            kind=Kind.ADOPTION,
            opened_on=APPLIED,
            child_religion="islam",
        )
    assert "holds no valid licence from the Minister" in refused.value.message_dict["child"][0]


def test_a_child_is_in_one_file_at_a_time(care: CareWorld) -> None:
    open_adoption(care)
    other = make_family(care.world, applicant_name="Keluarga Lain")
    with pytest.raises(ValidationError) as refused:
        file_open(
            actor=care.world.user("supervisor"),
            family=other,
            child=care.child,
            kind=Kind.FOSTER,
            opened_on=APPLIED,
        )
    assert refused.value.message_dict["child"] == [
        "This child already has an open file: one family at a time."
    ]
    assert CareFile.objects.count() == 1


def test_a_child_of_18_cannot_be_adopted(care: CareWorld) -> None:
    older = make_child(care.home, born=date(2008, 1, 5))
    with pytest.raises(ValidationError) as refused:
        file_open(
            actor=care.world.user("supervisor"),
            family=care.family,
            child=older,
            kind=Kind.ADOPTION,
            opened_on=APPLIED,
            child_religion="islam",
        )
    assert refused.value.message_dict["child"] == ["The child was 18 or older on the application date."]


def test_foster_care_with_monitoring_visits(care: CareWorld) -> None:
    family = make_family(care.world, documents=["ktp", "kk", "health", "skck", "non_violence", "domicile"])
    user = care.world.user("supervisor")
    file = file_open(
        actor=user,
        family=family,
        child=care.child,
        kind=Kind.FOSTER,
        opened_on=APPLIED,
        child_religion="islam",
    )
    for stage, on in [
        (Stage.ASSESSED, date(2026, 1, 20)),
        (Stage.TRAINED, date(2026, 2, 10)),
        (Stage.MATCHED, date(2026, 2, 20)),
        (Stage.PLACED, date(2026, 3, 1)),
    ]:
        file = step(care, file, stage, on)
    file.refresh_from_db()
    assert file.next_visit_on == date(2026, 5, 30)  # every 90 days
    assert file.due_on == date(2026, 8, 28)  # the review, 180 days after placement
    visit_add(
        actor=user, file=file, visit=MonitoringVisit(visited_on=date(2026, 5, 1), by="Peksos", finding="well")
    )
    file.refresh_from_db()
    assert file.next_visit_on == date(2026, 7, 30)
    file = step(care, file, Stage.REVIEWED, date(2026, 8, 1))
    with pytest.raises(ValidationError) as refused:
        step(care, file, Stage.ENDED, date(2026, 10, 1), notes="Anak kembali ke orang tua kandung")
    assert refused.value.message_dict["outcome"] == ["Say where the child goes."]
    file = step(
        care,
        file,
        Stage.ENDED,
        date(2026, 10, 1),
        notes="Anak kembali ke orang tua kandung",
        outcome="reunification",
    )
    assert Placement.objects.get(pk=file.placement_id).ended_on == date(2026, 10, 1)
    assert file.closed_on == date(2026, 10, 1)
    current = Placement.objects.get(child=care.child, ended_on__isnull=True)
    assert (current.kind, current.started_on) == ("reunification", date(2026, 10, 1))


def test_an_adoption_refused_in_trial_care_sends_the_child_back_to_the_home(care: CareWorld) -> None:
    file = to_trial(care)
    step(care, file, Stage.HOME_VISIT_2, date(2026, 9, 2))
    step(care, file, Stage.PIPA_REVIEW, date(2026, 9, 20), outcome="not_recommended")
    child = Child.objects.get(pk=care.child.pk)
    assert (child.status, child.lksa) == (Child.Status.IN_CARE, care.home)
    assert Placement.objects.get(kind="adoption").ended_on == date(2026, 9, 20)
    back = Placement.objects.get(child=child, ended_on__isnull=True)
    assert (back.kind, back.lksa, back.started_on) == ("lksa", care.home, date(2026, 9, 20))


def test_an_adoption_withdrawn_in_trial_care_sends_the_child_back(care: CareWorld) -> None:
    file = to_trial(care)
    closed = file_close(
        actor=care.world.user("supervisor"),
        file=file,
        outcome="withdrawn",
        on=date(2026, 4, 1),
        reason="Mundur",
    )
    assert (closed.stage, closed.stage_on) == ("withdrawn", date(2026, 4, 1))
    assert Child.objects.get(pk=care.child.pk).status == Child.Status.IN_CARE


def test_guardianship_is_recorded_with_its_court_order(care: CareWorld) -> None:
    family = make_family(care.world, documents=["ktp", "kk"])
    file = file_open(
        actor=care.world.user("supervisor"),
        family=family,
        child=care.child,
        kind=Kind.GUARDIANSHIP,
        opened_on=APPLIED,
        court_order={
            "document_number": "12/Pdt.P/2026/PN Tng",
            "issued_by": "PN Tangerang",
            "done_on": APPLIED,
        },
    )
    file.refresh_from_db()
    assert (file.stage, file.closed_on) == (Stage.GUARDIAN_APPOINTED, APPLIED)
    assert Placement.objects.get(pk=file.placement_id).kind == "guardianship"


def test_a_guardianship_without_its_court_order_saves_nothing(care: CareWorld) -> None:
    family = make_family(care.world, documents=["ktp", "kk"])
    with pytest.raises(ValidationError):
        file_open(
            actor=care.world.user("supervisor"),
            family=family,
            child=care.child,
            kind=Kind.GUARDIANSHIP,
            opened_on=APPLIED,
            court_order={"issued_by": "PN Tangerang"},
        )
    assert not CareFile.objects.exists()
    assert Child.objects.get(pk=care.child.pk).status == Child.Status.IN_CARE


def test_withdrawing_needs_a_reason_and_is_audited(care: CareWorld) -> None:
    file = open_adoption(care)
    with pytest.raises(ValidationError):
        file_close(
            actor=care.world.user("supervisor"),
            file=file,
            outcome="withdrawn",
            on=date(2026, 2, 1),
            reason=" ",
        )
    file = file_close(
        actor=care.world.user("supervisor"),
        file=file,
        outcome="withdrawn",
        on=date(2026, 2, 1),
        reason="Keluarga mundur",
    )
    assert (file.stage, file.closed_on) == ("withdrawn", date(2026, 2, 1))
    assert AuditEvent.objects.filter(action="familycare.file_closed", target_id=str(file.pk)).exists()
