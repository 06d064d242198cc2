"""Agencies beyond the shared world for the intake and referral tests (issue 17): national agencies, the
offices of another province (Sumatera Utara, the children's home province in these tests) and an
agency no longer active. Kabupaten Tangerang's offices and personas come from ``pantau.conftest``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.cases.models import Case, CaseChild, CaseEvent, CaseSubject, Referral, Service
from pantau.cases.services import case_child_add, case_open, case_subject_add, referral_send, service_add
from pantau.conftest import World, make_user
from pantau.registry.tests.conftest import RegistryWorld

TODAY = timezone.localdate
CONSENT = {
    "legal_basis": "consent",
    "guardian_consent": "given",
    "child_assent": "given",
    "consent_note": "Ibu memberi persetujuan tertulis; anak setuju.",
}
PUBLIC_TASK = {"legal_basis": "public_task", "consent_note": "UU 35/2014 Pasal 59A."}


@dataclass
class Agencies:
    world: World
    kemensos: Organisation
    bareskrim: Organisation
    dinsos_sumut: Organisation  # Dinas Sosial Provinsi Sumatera Utara
    uptd_medan: Organisation
    polres_medan: Organisation
    dinas_pppa: Organisation  # Dinas PPPA Kabupaten Tangerang
    closed: Organisation  # UPTD PPA Kota Tangerang, no longer active
    medan_worker: User  # a case worker of UPTD PPA Kota Medan


@pytest.fixture
def agencies(registry: RegistryWorld) -> Agencies:
    org = Organisation.objects.create
    uptd_medan = org(name="UPTD PPA Kota Medan", kind=OrgKind.UPTD_PPA, region_id="12.71")
    return Agencies(
        world=registry.world,
        kemensos=org(name="Kementerian Sosial", kind=OrgKind.KEMENSOS),
        bareskrim=org(name="Bareskrim Polri", kind=OrgKind.BARESKRIM),
        dinsos_sumut=org(
            name="Dinas Sosial Provinsi Sumatera Utara", kind=OrgKind.DINSOS_PROVINCE, region_id="12"
        ),
        uptd_medan=uptd_medan,
        polres_medan=org(name="Polrestabes Medan", kind=OrgKind.POLRES, region_id="12.71"),
        dinas_pppa=org(name="Dinas PPPA Kabupaten Tangerang", kind=OrgKind.DINAS_PPPA, region_id="36.03"),
        closed=org(name="UPTD PPA Kota Tangerang", kind=OrgKind.UPTD_PPA, region_id="36.71", is_active=False),
        medan_worker=make_user("peksos@uptd-medan.test.id", uptd_medan, Role.CASE_WORKER),
    )


def full_case(registry: RegistryWorld) -> Case:
    """A case led by Dinas Sosial Kabupaten Tangerang with something in every section: a child from
    Medan, a person alleged, a service, a timeline entry."""
    supervisor = registry.world.user("supervisor")
    case = case_open(
        actor=supervisor,
        concerns=[],
        title="Anak dari Medan dipekerjakan di Tigaraksa",
        form_of_violence="eksploitasi",
        cluster="pka",
        summary="Anak direkrut di Medan dan dipekerjakan.",
        lksa=None,
        region_code="36.03.03",
    )
    child = case_child_add(
        actor=supervisor,
        case=case,
        record=CaseChild(name="R. Sitompul", sex="P", age=12, origin_region_code="12.71"),
    )
    case_subject_add(actor=supervisor, case=case, subject=CaseSubject(name="Bu Perekrut", relation="lainnya"))
    service_add(
        actor=supervisor,
        case=case,
        service=Service(
            case_child=child, kind="shelter", provider="Rumah Aman Tangerang", started_on=TODAY()
        ),
    )
    CaseEvent.objects.create(
        case=case,
        happened_on=TODAY(),
        text="Rapat koordinasi di Polresta",
        organisation=registry.world.dinsos,
    )
    return case


def send(actor: User, case: Case, to_org: Organisation, purpose: str, **extra: object) -> Referral:
    values: dict[str, object] = {
        "note": "",
        "due_on": TODAY() + timedelta(days=5),
        "shared": ["identity", "services"],
        **PUBLIC_TASK,
    }
    return referral_send(actor=actor, case=case, to_org=to_org, purpose=purpose, **(values | extra))
