"""People across cases: an alleged person found again in other cases and among LKSA staff and board
members, by NIK, by name and date of birth, or by name only (weaker); shown to police investigators
only, audited without names; another case's content only for a reader who may open it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pantau.accounts.models import User
from pantau.audit.models import AuditEvent
from pantau.cases.models import Case, CaseSubject
from pantau.cases.people import person_links, strength
from pantau.cases.services import case_open, case_subject_add
from pantau.cases.sharing import ALL_SECTIONS
from pantau.cases.tests.evidence_world import case_with_police
from pantau.lib.persons import set_nik
from pantau.registry.models import StaffMember
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db
NIK = "3603141403750001"
OTHER_NIK = "3603141403750002"
BORN = date(1975, 3, 14)


def _subject(actor: User, case: Case, name: str, *, nik: str = "", born: date | None = None) -> CaseSubject:
    return case_subject_add(
        actor=actor,
        case=case,
        subject=CaseSubject(name=name, relation=CaseSubject.Relation.MANAGER, birth_date=born),
        nik=nik,
    )


def _staff(home, name: str, *, nik: str = "", born: date | None = None, board: bool = False) -> StaffMember:  # type: ignore[no-untyped-def]
    member = StaffMember(lksa=home, full_name=name, position="Ketua yayasan", is_board=board, birth_date=born)
    set_nik(member, nik, context=StaffMember.NIK_CONTEXT)
    member.save()
    return member


def _medan_case(registry: RegistryWorld) -> Case:
    return case_open(
        actor=registry.world.user("outsider"),
        concerns=[],
        title="Kasus Medan",
        form_of_violence="eksploitasi",
        cluster="pka",
        summary="-",
        lksa=registry.medan,
        region_code="",
    )


@pytest.fixture
def people(registry: RegistryWorld) -> dict[str, object]:
    """The suspect of ``here`` (a case the police and the UPTD PPA work on) found again elsewhere."""
    world = registry.world
    lead, medan = world.user("supervisor"), world.user("outsider")
    here = case_with_police(registry)
    suspect = _subject(lead, here, "Darmawan Saputra", nik=NIK, born=BORN)
    by_nik = _medan_case(registry)  # the police cannot open it
    _subject(medan, by_nik, "Darmawan Saputera", nik=NIK)  # another spelling, the same NIK
    by_birth = case_with_police(registry)  # the police can open it
    _subject(lead, by_birth, "H. Darmawan Saputra", born=BORN)
    by_name = _medan_case(registry)
    _subject(medan, by_name, "DARMAWAN SAPUTRA")
    not_him = _medan_case(registry)
    _subject(medan, not_him, "Darmawan Saputra", born=date(1980, 1, 1))  # another date of birth
    _subject(medan, not_him, "Darmawan Saputra", nik=OTHER_NIK)  # another NIK
    board = _staff(registry.medan, "Drs. Darmawan Saputra", nik=NIK, board=True)
    namesake = _staff(registry.home, "Darmawan Saputra")
    return {
        "here": here,
        "suspect": suspect,
        "by_nik": by_nik,
        "by_birth": by_birth,
        "by_name": by_name,
        "board": board,
        "namesake": namesake,
    }


def test_each_tier_of_link(registry: RegistryWorld, people: dict) -> None:
    links = person_links(registry.world.user("investigator"), people["here"])
    [found] = links
    assert found.subject == people["suspect"]
    assert [(link.case, link.strength, link.can_open) for link in found.cases] == [
        (people["by_nik"], "nik", False),
        (people["by_birth"], "name_birth", True),
        (people["by_name"], "name", False),
    ]
    assert [(link.staff, link.strength) for link in found.staff] == [
        (people["board"], "nik"),
        (people["namesake"], "name"),
    ]
    assert found.cases[2].strength_label == "same name only (weaker: check before relying on it)"


def test_strength_rules() -> None:
    class P:
        def __init__(self, nik_hash: str = "", name_key: str = "", birth_date: date | None = None) -> None:
            self.nik_hash, self.name_key, self.birth_date = nik_hash, name_key, birth_date

    assert strength(P("h1", "a"), P("h1", "b")) == "nik"
    assert strength(P("h1", "a"), P("h2", "a")) == ""  # two NIKs: two people who share a name
    assert strength(P("", "a", BORN), P("h2", "a", BORN)) == "name_birth"
    assert strength(P("", "a", BORN), P("", "a", date(1980, 1, 1))) == ""
    assert strength(P("", "a", BORN), P("", "a")) == "name"
    assert strength(P("", ""), P("", "")) == ""


def test_investigator_sees_links_audited_without_names(
    registry: RegistryWorld, people: dict, login: Callable[..., Client]
) -> None:
    world = registry.world
    here = people["here"]
    page = login(world.user("investigator")).get(f"/cases/{here.pk}/").content.decode()
    assert 'data-testid="person-links"' in page
    assert page.count('data-testid="case-link"') == 3 and page.count('data-testid="staff-link"') == 2
    # A case the investigator may open is linked; the Medan case is named by number and lead agency only.
    assert f'href="/cases/{people["by_birth"].pk}/"' in page
    assert people["by_nik"].number in page and f'href="/cases/{people["by_nik"].pk}/"' not in page
    assert "Dinas Sosial Kota Medan" in page and "board member (pengurus)" in page
    event = AuditEvent.objects.get(action="case.person_links_viewed")
    assert event.actor == world.user("investigator")
    assert event.changes == {"persons": [None, 1], "case_links": [None, 3], "staff_links": [None, 2]}
    assert "Darmawan" not in str(event.changes) + event.target_label


@pytest.mark.parametrize("persona", ["supervisor", "case_worker", "colleague"])
def test_case_workers_do_not_see_links(
    registry: RegistryWorld, people: dict, login: Callable[..., Client], persona: str
) -> None:
    client = login(registry.world.user(persona))
    page = client.get(f"/cases/{people['here'].pk}/").content.decode()
    assert "Darmawan Saputra" in page  # the case's own persons are on the file
    assert 'data-testid="person-links"' not in page and people["by_nik"].number not in page
    assert person_links(registry.world.user(persona), people["here"]) == []
    assert not AuditEvent.objects.filter(action="case.person_links_viewed").exists()


def test_outsiders_and_unshared_persons_see_nothing(
    registry: RegistryWorld, people: dict, login: Callable[..., Client]
) -> None:
    world = registry.world
    outsider = login(world.user("outsider"), Client())
    assert outsider.get(f"/cases/{people['here'].pk}/").status_code == 404
    # A police unit whose referral did not share the persons alleged: no links computed, none audited.
    unshared = case_with_police(registry, shared=ALL_SECTIONS - {"subjects"})
    _subject(world.user("supervisor"), unshared, "Darmawan Saputra", nik=NIK)
    page = login(world.user("investigator")).get(f"/cases/{unshared.pk}/").content.decode()
    assert 'data-testid="person-links"' not in page
    assert not AuditEvent.objects.filter(action="case.person_links_viewed").exists()


def test_subject_nik_is_encrypted_and_checked(
    registry: RegistryWorld, people: dict, login: Callable[..., Client]
) -> None:
    suspect = people["suspect"]
    assert NIK not in suspect.nik_cipher and len(suspect.nik_hash) == 64
    assert suspect.nik_hash == people["board"].nik_hash  # one keyed hash for every adult
    assert NIK not in str(list(AuditEvent.objects.values_list("changes", flat=True)))
    here = people["here"]
    client = login(registry.world.user("supervisor"))
    before = CaseSubject.objects.count()
    short = client.post(
        f"/cases/{here.pk}/subjects/",
        {"subject-name": "Pak Y", "subject-relation": "pengurus", "subject-nik": "360314140375000"},
    )
    assert short.status_code == 400 and "A NIK has exactly 16 digits" in short.content.decode()
    future = client.post(
        f"/cases/{here.pk}/subjects/",
        {"subject-name": "Pak Y", "subject-relation": "pengurus", "subject-birth_date": "2999-01-01"},
    )
    assert future.status_code == 400 and "The date cannot be in the future." in future.content.decode()
    assert CaseSubject.objects.count() == before
    spaced = client.post(
        f"/cases/{here.pk}/subjects/",
        {"subject-name": "Pak Y", "subject-relation": "pengurus", "subject-nik": "3603.1414.0375-0001"},
    )
    assert spaced.status_code == 302
    assert (
        CaseSubject.objects.get(name="Pak Y").nik_hash
        == CaseSubject.objects.get(case=people["by_nik"]).nik_hash
    )


def test_link_queries_do_not_grow_with_persons(registry: RegistryWorld, people: dict) -> None:
    investigator = registry.world.user("investigator")
    here = people["here"]

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            person_links(investigator, Case.objects.get(pk=here.pk))
        return len(queries)

    one = count()
    for name in ("Budi Santoso", "Siti Aminah", "Moch. Rizky"):
        _subject(registry.world.user("supervisor"), here, name)
    assert count() == one
