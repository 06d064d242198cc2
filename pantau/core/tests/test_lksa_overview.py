"""The LKSA page as the place where everything about a home meets, scoped by the reader's rights, on the
page and in the API (/api/v1/lksa/{id}/overview); constant queries whatever the home's size."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import Role
from pantau.accounts.testing import force_login_verified
from pantau.cases.models import Case
from pantau.children.models import CarePlan
from pantau.conftest import make_user
from pantau.core.lksa_overview import lksa_overview as _overview
from pantau.core.lksa_overview import phone_forms
from pantau.core.tests.lksa_picture import Picture, build_picture, child
from pantau.linkage.models import CandidatePair
from pantau.monitoring.models import Post
from pantau.registry.models import BankAccount, Lksa
from pantau.registry.tests.conftest import RegistryWorld, registry  # noqa: F401  (shared fixture)
from pantau.supervision.models import Finding, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def picture(registry: RegistryWorld) -> Picture:  # noqa: F811
    return build_picture(registry)


def lksa_overview(user: User, home: Lksa) -> Any:
    """The picture, untyped for the tests' attribute access (each part is asserted present first)."""
    return _overview(user, home)


def kpai(picture: Picture) -> User:
    return make_user("pengawas@kpai.test.id", picture.registry.world.kpai, Role.SUPERVISOR)


def reader(picture: Picture, persona: str) -> User:
    return kpai(picture) if persona == "kpai" else picture.registry.world.user(persona)


def page(client: Client, user: User, home: Lksa) -> str:
    force_login_verified(client, user)
    response = client.get(f"/registry/{home.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def overview_api(client: Client, user: User, home: Lksa) -> dict:
    force_login_verified(client, user)
    response = client.get(f"/api/v1/lksa/{home.pk}/overview", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def test_the_supervisor_sees_every_part(picture: Picture, client: Client) -> None:
    supervisor = picture.registry.world.user("supervisor")
    p = lksa_overview(supervisor, picture.home)
    assert [anchor for anchor, _title in p.sections] == [
        *("children", "care-plans", "supervision", "risk"),
        *("concerns-cases", "monitoring", "duplicates", "shared", "links"),
    ]
    assert p.children == {"in_care": 3, "left": 5, "emergency": 3}
    assert [c.full_name for c in p.children_named.rows] == ["Anak Kasih 0", "Anak Kasih 1", "Anak Kasih 2"]
    # Kasih 0's plan was due 5 days ago, Kasih 2 has none; Kasih 1's review is in 20 days.
    assert p.care_plans == {"overdue": 2, "due_soon": 1}
    assert [c.full_name for c in p.care_plans_named.rows] == ["Anak Kasih 0", "Anak Kasih 2"]
    assert (p.visits.total, p.findings.total, p.findings_overdue) == (2, 2, 1)
    assert [f.pk for f in p.findings.rows] == [f.pk for f in picture.findings]
    assert (p.concerns.total, p.cases.total) == (1, 0)  # the cases are the police's and UPTD's
    assert (p.accounts.total, p.flagged_posts.total) == (1, 5)  # the dismissed one is still listed
    assert p.pairs.total == 2
    within, across = p.pairs.rows
    assert [c["name"] for c in within["children"]] == ["Anak Kasih 0", "Anak Kasih 1"] and within["same_home"]
    # The Medan child is masked: no name for an office that does not see it.
    assert [c["name"] for c in across["children"]] == ["Anak Kasih 2", ""]
    assert [(r["kind"], [h["name"] for h in r["homes"]]) for r in p.shared] == [
        ("phone", ["Panti Tetangga"]),
        ("bank", ["Panti Tetangga"]),
        ("handle", ["Panti Tetangga"]),
    ]
    assert [(r.code, r.points) for r in p.risk.reasons if r.code in ("open_cases", "monitoring_flags")] == [
        ("open_cases", 20),
        ("monitoring_flags", 15),
    ]
    html = page(client, supervisor, picture.home)
    for anchor in ("legality", "history", "children", "care-plans", "supervision", "risk", "concerns-cases"):
        assert f'href="#{anchor}"' in html and f'id="{anchor}"' in html
    assert "Anak Kasih 0" in html and "Panti Tetangga" in html
    assert '<dd data-testid="children-in-care">3</dd>' in html
    assert '<dd data-testid="plans-overdue" class="flag">2</dd>' in html
    assert "2 open findings, 1 past their due date." in html
    assert "a child you may not see" in html
    assert "2 \N{MULTIPLICATION SIGN} Physical (fisik) (open)" in html  # counts of the cases it may not open
    assert f"?lksa={picture.home.pk}" in html  # links to the full lists, filtered by the home


def test_the_page_loads_the_risk_after_itself_with_the_same_points(picture: Picture, client: Client) -> None:
    supervisor = picture.registry.world.user("supervisor")
    html = page(client, supervisor, picture.home)
    risk_url = f"/supervision/plan/home/{picture.home.pk}/"
    assert f'hx-get="{risk_url}"' in html and "Risk score" not in html
    fragment = client.get(risk_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = lksa_overview(supervisor, picture.home).risk
    assert f"Risk score {row.score} on the visit plan." in fragment
    assert [f": +{r.points}</li>" in fragment for r in row.reasons] == [True] * len(row.reasons)
    force_login_verified(client, picture.registry.world.user("outsider"))
    assert client.get(risk_url).status_code == 404
    force_login_verified(client, picture.registry.world.user("lksa_operator"))
    assert client.get(risk_url).status_code == 403  # the plan is the supervisors', not the home's


def test_the_colleague_sees_the_same_and_the_outsider_nothing(picture: Picture, client: Client) -> None:
    colleague = picture.registry.world.user("colleague")
    p = lksa_overview(colleague, picture.home)
    assert (p.children["in_care"], p.pairs.total, p.concerns.total, len(p.shared)) == (3, 2, 1, 3)
    force_login_verified(client, picture.registry.world.user("outsider"))
    assert client.get(f"/registry/{picture.home.pk}/").status_code == 404
    assert client.get(f"/api/v1/lksa/{picture.home.pk}/overview").status_code == 404


def test_the_lksa_operator_sees_its_own_home_without_other_agencies_records(
    picture: Picture, client: Client
) -> None:
    operator = picture.registry.world.user("lksa_operator")
    p = lksa_overview(operator, picture.home)
    assert [anchor for anchor, _title in p.sections] == ["children", "care-plans", "supervision", "shared"]
    assert len(p.children_named.rows) == 3
    assert p.visits.total == 1  # concluded visits only: an unannounced visit is not told in advance
    assert p.findings.total == 2
    assert (p.risk, p.concerns, p.cases, p.accounts, p.pairs, p.shared) == (None, None, None, None, None, [])
    html = page(client, operator, picture.home)
    assert "Protection cases about this home" not in html and "Visit plan risk" not in html
    assert "Panti Tetangga" not in html
    force_login_verified(client, operator)
    assert client.get(f"/registry/{picture.other.pk}/").status_code == 404


def test_police_see_their_case_counts_and_monitoring_but_no_names(picture: Picture, client: Client) -> None:
    police = picture.registry.world.user("investigator")
    p = lksa_overview(police, picture.home)
    assert [anchor for anchor, _title in p.sections] == [
        "children", "care-plans", "concerns-cases", "monitoring", "shared", "links"
    ]  # fmt: skip
    assert p.children_named is None and p.children["in_care"] == 3
    assert [case.number for case in p.cases.rows] == ["K-1"]  # its own, open
    assert p.flagged_posts.total == 5
    html = page(client, police, picture.home)
    assert "Anak Kasih" not in html and "Counts only: children's names" in html
    data = overview_api(client, police, picture.home)
    assert data["children_in_care"] is None and data["cases"]["items"][0]["number"] == "K-1"
    assert data["case_counts"] == [
        {"form_of_violence": "fisik", "status": "closed", "n": 1},
        {"form_of_violence": "fisik", "status": "open", "n": 2},
    ]
    assert data["risk"] is None and data["duplicate_pairs"] is None and data["visits"] is None


def test_uptd_sees_names_concerns_and_its_own_case(picture: Picture) -> None:
    p = lksa_overview(picture.registry.world.user("case_worker"), picture.home)
    assert [anchor for anchor, _title in p.sections] == ["children", "care-plans", "concerns-cases", "shared"]
    assert len(p.children_named.rows) == 3 and p.concerns.total == 1
    assert [case.number for case in p.cases.rows] == ["K-2"]  # K-3 is closed


def test_kpai_sees_the_national_picture_in_counts(picture: Picture, client: Client) -> None:
    p = lksa_overview(kpai(picture), picture.registry.medan)
    assert [anchor for anchor, _title in p.sections] == [
        "children", "care-plans", "supervision", "risk", "concerns-cases", "monitoring", "shared", "links"
    ]  # fmt: skip
    assert p.children == {"in_care": 1, "left": 0, "emergency": 1} and p.children_named is None


def test_the_api_gives_the_same_picture(picture: Picture, client: Client) -> None:
    Finding.objects.filter(pk=picture.findings[1].pk).update(item=None)  # a finding not tied to an item
    data = overview_api(client, picture.registry.world.user("supervisor"), picture.home)
    assert data["children"] == {"in_care": 3, "left": 5, "emergency": 3}
    assert [c["name"] for c in data["children_in_care"]["items"]] == [
        "Anak Kasih 0",
        "Anak Kasih 1",
        "Anak Kasih 2",
    ]
    assert data["care_plans"] == {"overdue": 2, "due_soon": 1}
    assert (data["visits"]["total"], data["open_findings"]["total"], data["open_findings_overdue"]) == (
        2,
        2,
        1,
    )
    assert [f["item"] for f in data["open_findings"]["items"]] == ["B11", None]
    pairs = data["duplicate_pairs"]
    assert pairs["total"] == 2
    assert pairs["items"][1]["children"][1] == {"id": None, "in_this_home": False, "name": None}
    assert [s["kind"] for s in data["shared_identifiers"]] == ["phone", "bank", "handle"]
    assert data["fundraising"] == {
        "declared": False,
        "observed_at": None,
        "observed_by": "",
        "observed_post_id": None,
    }
    assert {r["code"]: r["points"] for r in data["risk"]["reasons"]}["duplicate_pairs"] == 10


def test_phone_numbers_match_however_they_are_written() -> None:
    assert phone_forms("0812-1111-2222") == ["081211112222", "6281211112222", "81211112222"]
    assert phone_forms("+62 812 1111 2222") == phone_forms("(0812) 1111.2222")
    assert phone_forms("12") == []


def _grow(picture: Picture) -> None:
    """More of everything: the page must not need more queries for it."""
    today = timezone.localdate()
    home, world = picture.home, picture.registry.world
    extra = [child(home, f"Anak Tambahan {i}", today=today) for i in range(6)]
    for kid in extra[:3]:
        CarePlan.objects.create(child=kid, made_on=today, goals="x", next_review_on=today, made_by="x")
    for n in range(4, 8):
        Case.objects.create(
            number=f"K-{n}", title="x", owner=world.ppa_unit, lksa=home, region_code=home.region_code,
            form_of_violence="seksual", cluster="pka", summary="-", opened_by=world.user("investigator"),
        )  # fmt: skip
    for _ in range(4):
        Post.objects.create(
            account=picture.account, text="x", source="manual", region_code=home.region_code, tier="rujuk",
            tier_rank=3,
        )  # fmt: skip
    CandidatePair.objects.create(child_a=extra[0], child_b=extra[1], match_probability=0.9, match_weight=5)
    CandidatePair.objects.create(child_a=extra[2], child_b=extra[3], match_probability=0.9, match_weight=5)
    visit = picture.visits[0]
    for _ in range(3):
        Visit.objects.create(
            lksa=home, region_code=home.region_code, organisation=world.dinsos, template=visit.template,
            planned_on=today, lead=world.user("supervisor"),
        )  # fmt: skip
        Finding.objects.create(
            visit=visit, lksa=home, region_code=home.region_code, item=picture.findings[0].item,
            severity="low", description="x", corrective_action="x", due_on=today - timedelta(days=1),
        )  # fmt: skip
    third = Lksa.objects.create(
        organisation=Organisation.objects.create(name="Panti Ketiga", kind="lksa", region_id="36.03"),
        name="Panti Ketiga", region_code="36.03", phone="081211112222",
    )  # fmt: skip
    BankAccount.objects.create(lksa=third, bank="BRI", number="012301000555507", holder_name="x")


@pytest.mark.parametrize(
    "persona",
    ["supervisor", "kpai", "investigator", "case_worker", "lksa_operator", "viewer", "system_admin"],
)
def test_the_page_and_the_api_need_the_same_queries_for_a_bigger_home(
    picture: Picture, client: Client, persona: str, django_assert_num_queries: object
) -> None:
    user = reader(picture, persona)
    force_login_verified(client, user)
    url, api_url = f"/registry/{picture.home.pk}/", f"/api/v1/lksa/{picture.home.pk}/overview"
    client.get(url)  # sessions, caches
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as first_api:
        assert client.get(api_url).status_code == 200
    _grow(picture)
    with django_assert_num_queries(len(first)):  # type: ignore[operator]
        assert client.get(url).status_code == 200
    with django_assert_num_queries(len(first_api)):  # type: ignore[operator]
        assert client.get(api_url).status_code == 200


def test_the_links_lead_to_lists_of_this_home_only(picture: Picture, client: Client) -> None:
    world, home = picture.registry.world, picture.home
    Visit.objects.create(
        lksa=picture.other, region_code=home.region_code, organisation=world.dinsos,
        template=picture.visits[0].template, planned_on=timezone.localdate(), lead=world.user("supervisor"),
    )  # fmt: skip
    force_login_verified(client, world.user("supervisor"))
    note = f'Only for <a href="/registry/{home.pk}/">'
    for url, rows in (
        ("/supervision/visits/", 'href="/supervision/visits/'),
        ("/supervision/findings/?show=open", 'href="/supervision/findings/'),
        ("/cases/triage/", 'href="/cases/triage/'),
        ("/monitoring/accounts/", "@panti.kasih.live"),
        ("/duplicates/", 'href="/duplicates/pairs/'),
        ("/children/reviews-due/", 'href="/children/'),
    ):
        separator = "&" if "?" in url else "?"
        everything = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        only = client.get(f"{url}{separator}lksa={home.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert note in only and note not in everything, url
        assert rows in only, url
    visits = client.get(f"/supervision/visits/?lksa={home.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert len(set(re.findall(r'href="/supervision/visits/(\d+)/"', visits))) == 2  # not the other home's
    # A home outside the reader's registry is ignored, never named.
    medan = client.get(
        f"/supervision/visits/?lksa={picture.registry.medan.pk}", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Only for" not in medan and picture.registry.medan.name not in medan
    force_login_verified(client, world.user("investigator"))
    cases = client.get(f"/cases/?lksa={home.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert note in cases and "K-1" in cases
    queue = client.get(f"/monitoring/?view=review&lksa={home.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert note in queue and f'name="lksa" value="{home.pk}"' in queue


def test_each_record_page_links_back_to_the_home(picture: Picture, client: Client) -> None:
    world, home = picture.registry.world, picture.home
    back = f'href="/registry/{home.pk}/"'
    force_login_verified(client, world.user("supervisor"))
    for url in (
        f"/cases/triage/{picture.concerns[0].pk}/",
        f"/supervision/findings/{picture.findings[0].pk}/",
        f"/supervision/visits/{picture.visits[0].pk}/",
        f"/duplicates/pairs/{picture.pairs[0].pk}/",
        f"/children/{picture.in_care[0].pk}/",
        f"/monitoring/posts/{picture.flagged[0].pk}/",
        "/monitoring/accounts/",
    ):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200 and back in response.content.decode(), url
    # The pair with the Medan child names only the home the reader sees.
    pair = client.get(f"/duplicates/pairs/{picture.pairs[1].pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="/registry/{picture.registry.medan.pk}/"' not in pair and back in pair
    force_login_verified(client, world.user("investigator"))
    response = client.get(f"/cases/{picture.open_cases[0].pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and back in response.content.decode()
