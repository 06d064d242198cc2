"""A planted network over the test world (every planted link and every near miss named), indexed.

Homes: ``kasih`` (Tigaraksa, the world's LKSA), ``cahaya`` and ``cahaya_dua`` (Tigaraksa, one foundation:
the same AHU number), ``harapan`` (Medan, the world's Medan LKSA).

Planted, with the signal each must raise:
* BCA 701 2334 455 in the appeals of kasih, cahaya and harapan: ``shared_account`` at the three;
* BRI 0123 0100 4455 503 a.n. Budi Santoso (a person) in kasih's appeal: ``personal_account`` at kasih;
* the board member Ratna Sari Dewi of kasih is, by NIK, alleged in a case about harapan:
  ``person_of_concern`` at kasih;
* the WhatsApp number 0813 2468 1357 of cahaya's appeal is a family-care intermediary's:
  ``intermediary_contact`` at cahaya;
* kasih's appeal speaks of "yatim piatu" while 3 of its 4 children have a living parent: ``paper_orphans``.

The case about harapan (led by the police PPA unit) holds evidence showing a transfer to the BCA account.

Near misses that must raise nothing: Mandiri 1370 0011 2233 collects for cahaya and cahaya_dua (one
foundation); Ratna's namesake (another date of birth) cooks at cahaya; Hendra Gunawan on cahaya's board
shares a name and a date of birth with a person alleged in a case, but they have different NIKs; a case
naming cahaya's own staff member is about cahaya itself; harapan speaks of "yatim piatu" but has 2
children only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import translation

from pantau.accounts.models import Organisation
from pantau.accounts.roles import OrgKind
from pantau.cases.models import Case, CaseSubject
from pantau.cases.models.evidence import CaseEvidence
from pantau.children.models import Child, ParentStatus
from pantau.conftest import World
from pantau.familycare.models import CareFile
from pantau.familycare.services import file_open
from pantau.familycare.tests.conftest import make_child, make_family
from pantau.lib.persons import set_nik
from pantau.monitoring import services as monitoring
from pantau.monitoring.models import MonitoredAccount, Post
from pantau.network import indexer
from pantau.registry.models import AdoptionLicence, LegalEntity, Lksa, StaffMember

SHARED = "BCA 701 2334 455 a.n. Yayasan Peduli Anak"
PERSONAL = "BRI 0123-01-004455-50-3 a.n. Budi Santoso"
SAME_FOUNDATION = "Mandiri 1370-0011-2233 a.n. Yayasan Cahaya"
INTERMEDIARY = "0813-2468-1357"
RATNA = ("Ratna Sari Dewi", date(1979, 3, 14), "3603125403790004")
HENDRA = ("Hendra Gunawan", date(1975, 6, 1))
EVIDENCE_SHA256 = "5e" * 32


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass
class Network:
    world: World
    kasih: Lksa
    cahaya: Lksa
    cahaya_dua: Lksa
    harapan: Lksa
    case_harapan: Case
    posts: dict[str, Post]


def _home(organisation: Organisation, *, ahu: str = "") -> Lksa:
    home = Lksa.objects.create(
        organisation=organisation, name=organisation.name, region_code=organisation.region_id or ""
    )
    LegalEntity.objects.create(
        lksa=home,
        form="yayasan",
        name=f"Yayasan {organisation.name}",
        deed_number=f"AKTA-{organisation.pk}",
        deed_date=date(2015, 1, 1),
        ahu_number=ahu or f"AHU-{organisation.pk:04d}.AH.01.04.2015",
    )
    return home


def _appeal(world: World, home: Lksa, text: str, *, key: str) -> Post:
    actor = world.user("outsider" if home.region_code.startswith("12.") else "supervisor")
    account = MonitoredAccount.objects.filter(lksa=home).first() or monitoring.account_register(
        actor=actor, account=MonitoredAccount(platform="tiktok", handle=f"panti.{key}", lksa=home)
    )
    return monitoring.post_capture(
        actor=actor, post=Post(account=account, text=text, source=Post.Source.MANUAL)
    )


def _case(world: World, home: Lksa, number: str) -> Case:
    return Case.objects.create(
        number=number,
        title="Eksploitasi",
        owner=world.ppa_unit,
        region_code=home.region_code,
        lksa=home,
        form_of_violence="eksploitasi",
        cluster="pka",
        summary="-",
        opened_by=world.user("investigator"),
    )


def _person(model: type, *, nik: str = "", **fields: object) -> object:
    record = model(**fields)
    if nik:
        set_nik(record, nik, context=model.NIK_CONTEXT)  # type: ignore[attr-defined]
    record.save()
    return record


def build_network(world: World) -> Network:
    extra = Organisation.objects.create
    kasih = _home(world.lksa)
    cahaya = _home(extra(name="Panti Cahaya", kind=OrgKind.LKSA, region_id="36.03.03.2001"), ahu="AHU-CAHAYA")
    cahaya_dua = _home(
        extra(name="Panti Cahaya Dua", kind=OrgKind.LKSA, region_id="36.03.03"), ahu="AHU-CAHAYA"
    )
    harapan = _home(world.lksa_medan)
    posts = {
        "kasih": _appeal(
            world,
            kasih,
            f"Adik-adik yatim piatu kami butuh susu 🙏 donasi ke {SHARED} atau {PERSONAL}",
            key="kasih",
        ),
        "cahaya": _appeal(
            world,
            cahaya,
            f"Bantu panti kami: {SHARED}, {SAME_FOUNDATION}. Info WA {INTERMEDIARY}",
            key="cahaya",
        ),
        "cahaya_dua": _appeal(world, cahaya_dua, f"Donasi ke {SAME_FOUNDATION}", key="cahaya2"),
        "harapan": _appeal(world, harapan, f"Anak yatim piatu kami menunggu: {SHARED}", key="harapan"),
    }
    for index, alive in enumerate([True, True, True, False]):
        status = ParentStatus.ALIVE if alive else ParentStatus.DECEASED
        make_child(
            kasih, full_name=f"Anak Kasih {index}", mother_status=status, father_status=ParentStatus.DECEASED
        )
    for index in range(2):
        make_child(harapan, full_name=f"Anak Harapan {index}", mother_status=ParentStatus.ALIVE)

    name, born, nik = RATNA
    _person(
        StaffMember, nik=nik, lksa=kasih, full_name=name, position="Bendahara", is_board=True, birth_date=born
    )
    _person(StaffMember, lksa=cahaya, full_name=name, position="Juru masak", birth_date=date(1990, 1, 1))
    case_harapan = _case(world, harapan, "KS-1")
    _person(CaseSubject, nik=nik, case=case_harapan, name=name, relation="pengurus", birth_date=born)
    hendra, hendra_born = HENDRA
    _person(
        StaffMember,
        nik="3603120106750001",
        lksa=cahaya,
        full_name=hendra,
        position="Ketua",
        is_board=True,
        birth_date=hendra_born,
    )
    _person(
        CaseSubject,
        nik="3603120106750099",
        case=case_harapan,
        name=hendra,
        relation="pengurus",
        birth_date=hendra_born,
    )
    CaseEvidence.objects.create(
        case=case_harapan,
        file="evidence/transfer.png",
        original_name="bukti-transfer.png",
        content_type="image/png",
        description="Bukti transfer donasi ke BCA 701 2334 455",
        sha256=EVIDENCE_SHA256,
        size=2048,
        uploaded_by=world.user("investigator"),
    )
    own = _case(world, cahaya, "KS-2")
    _person(
        StaffMember, lksa=cahaya, full_name="Joko Susilo", position="Pengasuh", birth_date=date(1985, 5, 5)
    )
    _person(CaseSubject, case=own, name="Joko Susilo", relation="pengasuh", birth_date=date(1985, 5, 5))

    AdoptionLicence.objects.create(
        lksa=cahaya, number="ADP/9", issued_on=date(2020, 1, 1), valid_until=date(2030, 1, 1)
    )
    child = make_child(cahaya, full_name="Bayi Uji", born=date(2025, 12, 1), admitted=date(2026, 1, 2))
    family = make_family(world)
    care = file_open(
        actor=world.user("supervisor"),
        family=family,
        child=child,
        kind="adoption",
        opened_on=date(2026, 2, 1),
    )
    CareFile.objects.filter(pk=care.pk).update(intermediary_name="Bu Wati", intermediary_phone=INTERMEDIARY)
    Child.objects.filter(pk=child.pk).update(status=Child.Status.LEFT)  # the baby does not count in care

    indexer.rebuild()
    return Network(world, kasih, cahaya, cahaya_dua, harapan, case_harapan, posts)


@pytest.fixture
def network(world: World) -> Network:
    return build_network(world)
