"""A case for the recovery tests: led by Dinas Sosial Kabupaten Tangerang (the ``supervisor``, with the
``colleague`` in the same office), one child, and a RETURN referral accepted by UPTD PPA Kota Medan in
another province (``medan_worker``), which follows the child up. The ``outsider`` (Dinas Sosial Kota
Medan) has nothing to do with the case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.cases.models import Case, CaseChild, Referral
from pantau.conftest import World, make_user


@dataclass
class RecoveryWorld:
    world: World
    case: Case
    child: CaseChild
    medan_uptd: Organisation
    medan_worker: User

    @property
    def owner(self) -> User:
        return self.world.user("supervisor")


def build_recovery_world(world: World) -> RecoveryWorld:
    owner = world.user("supervisor")
    case = Case.objects.create(
        number="KS-REC-1",
        title="Eksploitasi daring",
        owner=world.dinsos,
        region_code="36.03",
        form_of_violence="eksploitasi",
        cluster="pka",
        summary="-",
        opened_by=owner,
    )
    case.team.add(owner)
    child = CaseChild.objects.create(case=case, name="B. (12)", sex="P", age=12)
    medan_uptd = Organisation.objects.create(
        name="UPTD PPA Kota Medan", kind=OrgKind.UPTD_PPA, region_id="12.71"
    )
    medan_worker = make_user("peksos@uptd-medan.test.id", medan_uptd, Role.CASE_WORKER)
    Referral.objects.create(
        case=case,
        from_org=world.dinsos,
        to_org=medan_uptd,
        purpose=Referral.Purpose.RETURN,
        due_on=timezone.localdate() + timedelta(days=7),
        sent_by=owner,
        status=Referral.Status.ACCEPTED,
        shared=["identity", "services"],
    )
    return RecoveryWorld(world, case, child, medan_uptd, medan_worker)
