"""A small known dataset for the dashboard tests, on top of ``pantau.conftest``'s world.

Banten (36): Kabupaten Tangerang (36.03) has two homes, "Kasih Bunda" (registered, 7 children in care, two
left for their parents this month and one for a foster family over a year ago) and "Pelita" (registered
with problems, 3 children); Kota Tangerang (36.71) has "Cahaya" (not registered, no children).
Sumatera Utara (12): Kota Medan has "Harapan" (registered, 3 children, one left for kin this year).
Cases: 6 in Kabupaten Tangerang (4 about Kasih Bunda, 2 about Pelita, one of them closed; one under police
investigation), 2 open in Medan. Visits: Kasih Bunda today (two findings), Harapan 60 days ago.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.cases.models import Case, Investigation, Referral
from pantau.children.models import Child, Placement
from pantau.conftest import World, make_user
from pantau.registry.models import Lksa, Registration
from pantau.supervision.checklists import snpa_install
from pantau.supervision.models import ChecklistTemplate, Finding, Visit


@dataclass
class Dataset:
    world: World
    today: date
    kasih: Lksa
    pelita: Lksa
    cahaya: Lksa
    harapan: Lksa
    kpai: User  # a KPAI viewer: national, no child-level access

    def user(self, persona: str) -> User:
        return self.world.user(persona)


def _home(org: Organisation, name: str, region: str, status: str) -> Lksa:
    home = Lksa.objects.create(organisation=org, name=name, region_code=region, capacity=20)
    Lksa.objects.filter(pk=home.pk).update(legality_status=status)
    home.refresh_from_db()
    return home


def _child(home: Lksa, n: int, *, status: str = Child.Status.IN_CARE) -> Child:
    return Child.objects.create(
        lksa=home,
        region_code=home.region_code,
        full_name=f"Anak {home.pk}-{n}",
        sex="P",
        birth_date=date(2015, 1, 1),
        referral_source="family",
        referral_reason="-",
        admitted_on=date(2025, 1, 1),
        status=status,
    )


def _left(home: Lksa, n: int, kind: str, started: date) -> None:
    child = _child(home, n, status=Child.Status.LEFT)
    Placement.objects.create(child=child, kind=kind, started_on=started)


def _case(home: Lksa, owner: Organisation, by: User, n: int, form: str, *, closed: bool = False) -> Case:
    return Case.objects.create(
        number=f"KS-T-{home.pk}-{n}",
        title="-",
        owner=owner,
        region_code=home.region_code,
        lksa=home,
        form_of_violence=form,
        cluster="pka",
        summary="-",
        opened_by=by,
        status=Case.Status.CLOSED if closed else Case.Status.OPEN,
    )


def _visit(home: Lksa, office: Organisation, lead: User, template: ChecklistTemplate, day: date) -> Visit:
    return Visit.objects.create(
        lksa=home,
        region_code=home.region_code,
        organisation=office,
        template=template,
        planned_on=day,
        visited_on=day,
        status=Visit.Status.CONCLUDED,
        lead=lead,
    )


def build(world: World) -> Dataset:
    today = timezone.localdate()
    org = Organisation.objects.create
    pelita_org = org(name="LKSA Pelita", kind=OrgKind.LKSA, region_id="36.03.03.2001")
    cahaya_org = org(name="LKSA Cahaya", kind=OrgKind.LKSA, region_id="36.71")
    kasih = _home(world.lksa, "Kasih Bunda", "36.03.03.2001", "registered")
    pelita = _home(pelita_org, "Pelita", "36.03.03.2001", "attention")
    cahaya = _home(cahaya_org, "Cahaya", "36.71", "not_registered")
    harapan = _home(world.lksa_medan, "Harapan", "12.71.02", "registered")

    for n in range(7):
        _child(kasih, n)
    for n in range(3):
        _child(pelita, n)
        _child(harapan, n)
    _left(kasih, 10, "reunification", today - timedelta(days=10))
    _left(kasih, 11, "reunification", today - timedelta(days=20))
    _left(kasih, 12, "foster", today - timedelta(days=400))  # a current placement, not an exit of this year
    _left(harapan, 10, "kinship", today - timedelta(days=30))

    Registration.objects.create(
        lksa=kasih,
        number="TD/1",
        issued_on=today - timedelta(days=300),
        valid_until=today + timedelta(days=30),
    )
    Registration.objects.create(
        lksa=pelita,
        number="TD/2",
        issued_on=today - timedelta(days=800),
        valid_until=today - timedelta(days=10),
    )
    Registration.objects.create(lksa=harapan, number="TD/3", issued_on=today - timedelta(days=800))

    supervisor, outsider = world.user("supervisor"), world.user("outsider")
    template = snpa_install()
    visit = _visit(kasih, world.dinsos, supervisor, template, today)
    _visit(harapan, world.dinsos_medan, outsider, template, today - timedelta(days=60))
    for severity, status in (("high", Finding.Status.OPEN), ("low", Finding.Status.CLOSED)):
        Finding.objects.create(
            visit=visit,
            lksa=kasih,
            region_code=kasih.region_code,
            severity=severity,
            status=status,
            description="-",
            corrective_action="-",
            due_on=today + timedelta(days=30),
        )

    forms = ["fisik", "fisik", "fisik", "seksual", "seksual", "psikis"]
    cases = [
        _case(kasih if n < 4 else pelita, world.dinsos, supervisor, n, form, closed=n == 5)
        for n, form in enumerate(forms)
    ]
    Investigation.objects.create(
        case=cases[0], organisation=world.ppa_unit, stage="inquiry", happened_on=today, recorded_by=supervisor
    )
    for n in range(2):
        _case(harapan, world.dinsos_medan, outsider, n, "fisik")
    referral = Referral.objects.create(
        case=cases[1],
        from_org=world.dinsos,
        to_org=world.uptd,
        purpose="psychosocial",
        due_on=today + timedelta(days=3),
        status=Referral.Status.ACCEPTED,
        sent_by=supervisor,
    )
    Referral.objects.filter(pk=referral.pk).update(decided_at=referral.sent_at + timedelta(hours=10))

    kpai = make_user("pengamat@kpai.test.id", world.kpai, Role.VIEWER)
    return Dataset(world, today, kasih, pelita, cahaya, harapan, kpai)
