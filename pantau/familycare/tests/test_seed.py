"""The family-care demo data: a file at every stage of every kind, made through the services (so the
rules hold), the eligibility states the family page shows, and the early warnings the demo points at."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from pantau.accounts.models import Organisation
from pantau.accounts.roles import OrgKind
from pantau.cases.models import Concern
from pantau.children.models import Child, Placement
from pantau.familycare.models import CareFile, EarlyWarning, Kind, Stage
from pantau.familycare.rules import FAILING, MET, MISSING, current_rules, eligibility
from pantau.familycare.seed import Cast, build
from pantau.familycare.selectors import overdue, waiting
from pantau.familycare.workflow import FLOWS
from pantau.registry.models import Registration
from pantau.registry.tests.conftest import RegistryWorld, make_lksa

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(registry: RegistryWorld) -> Cast:
    today = timezone.localdate()
    world = registry.world
    organisation = Organisation.objects.create(
        name="Panti Asuhan Pelita Kasih", kind=OrgKind.LKSA, region_id="36.03.03.2001"
    )
    foster_home = make_lksa(organisation, capacity=30, children_count=10)
    for home in (foster_home, registry.medan):
        Registration.objects.create(
            lksa=home,
            number=f"TD/{home.pk}",
            issued_on=today - timedelta(days=1000),
            valid_until=today + timedelta(days=500),
        )
    cast = Cast(
        supervisor=world.user("supervisor"),
        operator=world.user("lksa_operator"),
        home=registry.home,
        foster_home=foster_home,
        infant_home=foster_home,
        far_supervisor=world.user("outsider"),
        far_home=registry.medan,
    )
    return build(cast, today)


def test_adoption_and_foster_files_at_every_stage_a_kinship_placement_and_a_guardian(seeded: Cast) -> None:
    reached = {(kind, stage) for kind, stage in CareFile.objects.values_list("kind", "stage")}
    for kind in (Kind.ADOPTION, Kind.FOSTER):
        for step in FLOWS[kind]:
            assert (kind, step.stage) in reached, (kind, step.stage)
    assert (Kind.KINSHIP, Stage.PLACED) in reached
    assert (Kind.GUARDIANSHIP, Stage.GUARDIAN_APPOINTED) in reached
    assert (Kind.ADOPTION, Stage.REFUSED) in reached
    assert (Kind.ADOPTION, Stage.WITHDRAWN) in reached
    assert CareFile.objects.filter(region_code__startswith="12.71").count() == 2  # the second province
    refused = seeded.made["adoption_refused"]
    assert refused.closed_on is not None and refused.steps.get(stage=Stage.PIPA_REVIEW).outcome
    assert seeded.made["adoption_registered"].closed_on is not None
    # Children who went to a family left the home with the file as their papers.
    for key in ("adoption_trial_care", "adoption_registered", "foster_placed", "kinship", "guardianship"):
        file = seeded.made[key]
        assert file.placement is not None and not file.placement.unverified, key
        assert Child.objects.get(pk=file.child_id).status == Child.Status.LEFT


def test_the_lists_show_a_step_due_and_a_visit_overdue(seeded: Cast) -> None:
    today = timezone.localdate()
    trial = seeded.made["adoption_trial_care"]
    due = set(waiting(CareFile.objects.all(), today=today).values_list("pk", flat=True))
    late = set(overdue(CareFile.objects.all(), today=today).values_list("pk", flat=True))
    assert trial.pk in due and trial.pk not in late
    placed = CareFile.objects.get(pk=seeded.made["foster_placed"].pk)
    assert placed.next_visit_on is not None and placed.next_visit_on < today
    assert placed.pk in late
    reviewed = CareFile.objects.get(pk=seeded.made["foster_reviewed"].pk)
    assert reviewed.next_visit_on is not None and reviewed.next_visit_on > today


def test_the_family_pages_show_met_missing_and_failing(seeded: Cast) -> None:
    today = timezone.localdate()
    applied = seeded.made["adoption_applied"].family
    checks = {
        c.code: c.status
        for c in eligibility(applied, current_rules(Kind.ADOPTION, on=today), on=today).checks
    }
    assert checks["document_skck"] == MISSING
    assert checks["document_health"] == FAILING
    assert checks["age_applicant"] == MET
    aged = seeded.made["aged_out"]
    rules = current_rules(Kind.ADOPTION, on=today)
    assert {c.code: c.status for c in eligibility(aged, rules, on=today).checks}["age_applicant"] == FAILING
    yesterday = today - timedelta(days=1)
    assert {c.code: c.status for c in eligibility(aged, rules, on=yesterday).checks}["age_applicant"] == MET
    assert not aged.files.exists()


def test_the_early_warnings_and_the_unverified_exit(seeded: Cast) -> None:
    codes = Counter(EarlyWarning.objects.values_list("code", flat=True))
    assert codes == {
        EarlyWarning.Code.MONEY_PAID: 1,
        EarlyWarning.Code.SHARED_CONTACT: 2,
        EarlyWarning.Code.UNVERIFIED_EXIT: 1,
        EarlyWarning.Code.INFANT_QUICK_EXIT: 1,
    }
    assert set(EarlyWarning.objects.filter(code="shared_contact").values_list("file__stage", flat=True)) == {
        Stage.HOME_VISIT_1,
        Stage.PIPA_REVIEW,
    }
    gone = seeded.made["unverified_child"]
    assert Placement.objects.get(child=gone, ended_on__isnull=True).unverified
    warning = EarlyWarning.objects.get(code="unverified_exit")
    assert warning.lksa_id == seeded.home.pk and warning.concern is not None
    # Concerns name children by record number only.
    names = Child.objects.filter(care_files__isnull=False).values_list("full_name", flat=True)
    for description in Concern.objects.values_list("description", flat=True):
        assert not any(name in description for name in names)
    assert seeded.home.adoption_licences.filter(valid_until__gt=timezone.localdate()).exists()
