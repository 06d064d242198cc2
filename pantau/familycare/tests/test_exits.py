"""Exits that need papers, and the early warnings: a home cannot send a child to a "family" on its own
word; if the child is already gone the exit is kept as unverified, a concern opens and Dinas Sosial
is told; the patterns of a child handed over for money raise warnings."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pantau.cases.models import Case, CaseSubject, Concern
from pantau.children.models import Child, Placement
from pantau.children.services import placement_end
from pantau.familycare.models import CareFile, EarlyWarning, Kind, Stage
from pantau.familycare.services import file_open, red_flags_update
from pantau.familycare.tests.conftest import APPLIED, CareWorld, make_child, make_family
from pantau.familycare.tests.test_files import open_adoption, step
from pantau.notifications.models import Notification

pytestmark = pytest.mark.django_db


def leave(care: CareWorld, child: Child, kind: str, on: date, **extra: object) -> Placement:
    return placement_end(
        actor=care.world.user("lksa_operator"), child=child, kind=kind, started_on=on, **extra
    )


def test_an_adoption_exit_without_a_file_is_refused(care: CareWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        leave(care, care.child, "adoption", date(2026, 2, 1))
    assert "No completed file from Dinas Sosial" in refused.value.message_dict["kind"][0]
    assert Child.objects.get(pk=care.child.pk).status == Child.Status.IN_CARE
    assert not Concern.objects.exists()


def test_a_child_already_gone_is_recorded_unverified_with_a_concern_and_dinas_sosial_told(
    care: CareWorld,
) -> None:
    placement = leave(care, care.child, "foster", date(2026, 2, 1), confirm_unverified=True)
    assert placement.unverified
    warning = EarlyWarning.objects.get(code=EarlyWarning.Code.UNVERIFIED_EXIT)
    concern = warning.concern
    assert (concern.category, concern.lksa, concern.status) == ("adoption", care.home, "received")
    assert "Anak Uji" not in concern.description and f"#{care.child.pk}" in concern.description
    told = set(Notification.objects.values_list("user__email", flat=True))
    assert {"pengawas@dinsos.test.id", "rekan@dinsos.test.id"} <= told
    assert "pengawas@medan.test.id" not in told
    assert Notification.objects.first().url == f"/cases/triage/{concern.pk}/"


def test_reunification_needs_no_papers(care: CareWorld) -> None:
    assert not leave(care, care.child, "reunification", date(2026, 2, 1)).unverified


def test_the_file_reaching_trial_care_verifies_an_exit_reported_without_papers(care: CareWorld) -> None:
    file = open_adoption(care)
    step(care, file, Stage.HOME_VISIT_1, date(2026, 2, 2))
    reported = leave(care, care.child, "adoption", date(2026, 2, 10), confirm_unverified=True)
    file = step(care, file, Stage.TRIAL_CARE, date(2026, 3, 2))
    reported.refresh_from_db()
    assert (reported.unverified, CareFile.objects.get(pk=file.pk).placement_id) == (False, reported.pk)


def test_an_infant_leaving_within_90_days_raises_a_warning(care: CareWorld) -> None:
    today = timezone.localdate()
    baby = make_child(care.home, born=today - timedelta(days=40), admitted=today - timedelta(days=30))
    leave(care, baby, "reunification", today)
    warning = EarlyWarning.objects.get(code=EarlyWarning.Code.INFANT_QUICK_EXIT)
    assert (warning.child, warning.lksa) == (baby, care.home)
    # Stored in the official language whoever triggered it (the test runs in English).
    assert "30 hari kemudian" in warning.concern.description


def test_an_infant_leaving_after_90_days_raises_none(care: CareWorld) -> None:
    today = timezone.localdate()
    baby = make_child(care.home, born=today - timedelta(days=200), admitted=today - timedelta(days=91))
    leave(care, baby, "reunification", today)
    assert not EarlyWarning.objects.exists()


def test_an_adoption_exit_from_a_home_without_the_licence_raises_a_warning(care: CareWorld) -> None:
    child = make_child(care.medan, full_name="Anak Medan")
    leave(care, child, "adoption", date(2026, 2, 1), confirm_unverified=True)
    assert set(EarlyWarning.objects.values_list("code", flat=True)) == {"unverified_exit", "unlicensed_exit"}


def test_money_paid_and_a_shared_intermediary_raise_warnings_once(care: CareWorld) -> None:
    user = care.world.user("supervisor")
    first = open_adoption(care)
    other_child = make_child(care.home, full_name="Anak Kedua")
    second = file_open(
        actor=user, family=make_family(care.world), child=other_child, kind=Kind.FOSTER, opened_on=APPLIED
    )
    assert red_flags_update(actor=user, file=first, data={"intermediary_phone": "0813-5555-0001"}) == []
    flags = {
        "intermediary_phone": "0813 5555 0001",
        "money_paid": 15_000_000,
        "money_paid_to": "Pengurus panti",
    }
    assert sorted(red_flags_update(actor=user, file=second, data=flags)) == ["money_paid", "shared_contact"]
    assert red_flags_update(actor=user, file=second, data=flags) == []  # the same pattern again adds nothing
    assert EarlyWarning.objects.count() == 2
    money = EarlyWarning.objects.get(code="money_paid")
    assert "Rp15.000.000 dibayarkan kepada Pengurus panti" in money.concern.description


def test_an_intermediary_named_in_a_case_is_a_shared_contact(care: CareWorld) -> None:
    user = care.world.user("supervisor")
    case = Case.objects.create(
        number="K-1",
        title="Dugaan jual beli bayi",
        owner=care.world.dinsos,
        lksa=care.home,
        region_code=care.home.region_code,
        form_of_violence="trafficking",
        cluster="pka",
        summary="-",
        opened_by=user,
    )
    CaseSubject.objects.create(case=case, name="Bu Sri", relation="other")
    file = open_adoption(care)
    assert red_flags_update(actor=user, file=file, data={"intermediary_name": "bu sri"}) == ["shared_contact"]


def test_the_childs_page_shows_an_unverified_exit_and_the_papers_of_a_verified_one(
    care: CareWorld, login: Any
) -> None:
    leave(care, care.child, "foster", date(2026, 2, 1), confirm_unverified=True)
    page = login(care.world.user("supervisor")).get(f"/children/{care.child.pk}/").content.decode()
    assert (
        'Foster family: 1 Feb 2026 \u2013 now · <strong class="flag">'
        "unverified: no file or court order on record" in page
    )
    other = make_child(care.home, full_name="Anak Dua")
    adopted = file_open(
        actor=care.world.user("supervisor"),
        family=care.family,
        child=other,
        kind=Kind.ADOPTION,
        opened_on=APPLIED,
        child_religion="islam",
    )
    step(care, adopted, Stage.HOME_VISIT_1, date(2026, 2, 2))
    step(care, adopted, Stage.TRIAL_CARE, date(2026, 3, 2))
    page = login(care.world.user("supervisor")).get(f"/children/{other.pk}/").content.decode()
    assert f"Adoption: 2 Mar 2026 \u2013 now · papers: file ADO-{adopted.pk:06d}" in page
