"""The child's page as a record: where the care stands at the top, forms folded until asked for and
back open with their errors when a submit fails, the exit form without a default and with the
receiving home picked by name; the children list filtered by home."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pantau.accounts.models import Organisation
from pantau.accounts.roles import OrgKind
from pantau.children.homes import home_options, resolve_home
from pantau.children.models import CarePlan, Child
from pantau.children.record import child_state
from pantau.children.tests.test_admission import admit
from pantau.registry.models import Lksa
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db

OPEN = '<details class="add-form" open>'


def _home(registry: RegistryWorld, name: str, **extra: object) -> Lksa:
    region = registry.home.region_code
    office = Organisation.objects.create(name=name, kind=OrgKind.LKSA, region_id=region)
    return Lksa.objects.create(organisation=office, name=name, region_code=region, **extra)


def test_a_failed_form_comes_back_open_with_what_was_typed(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    child = admit(registry).child
    client = login(registry.world.user("lksa_operator"))
    page = client.get(f"/children/{child.pk}/").content.decode()
    assert OPEN not in page  # every form folded behind its "Add …" button
    assert "<summary>Add a care plan or review</summary>" in page

    response = client.post(
        f"/children/{child.pk}/care-plan/",
        {"made_on": "2025-03-01", "goals": "Kembali ke nenek di Serang", "next_review_on": "2025-09-01"},
    )
    assert response.status_code == 400 and not CarePlan.objects.exists()
    page = response.content.decode()
    assert page.count(OPEN) == 1 and f"{OPEN}<summary>Add a care plan or review</summary>" in page
    assert "Kembali ke nenek di Serang</textarea>" in page  # nothing typed is lost
    assert '<ul class="errorlist" id="id_made_by_error"><li>This field is required.</li></ul>' in page

    response = client.post(
        f"/children/{child.pk}/care-plan/",
        {
            "made_on": "2025-03-01",
            "made_by": "Peksos LKSA",
            "goals": "Kembali ke nenek di Serang",
            "next_review_on": "2025-09-01",
        },
    )
    assert response.status_code == 302 and CarePlan.objects.get().made_by == "Peksos LKSA"


def test_the_top_of_the_page_says_what_comes_next(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    today = date(2025, 6, 1)
    unassessed = admit(registry, assessed=False, emergency_admission=True).child
    state = child_state(unassessed, gatekeeping=None, care_plans=[], tracing=[], follow_ups=[], today=today)
    assert state.next_step == "Record the gatekeeping assessment: why care in this home is needed."

    child = admit(registry, full_name="Rina").child
    gatekeeping = child.gatekeeping
    state = child_state(child, gatekeeping=gatekeeping, care_plans=[], tracing=[], follow_ups=[], today=today)
    assert (state.next_step, state.plan) == ("Make a care plan.", None)

    old = CarePlan.objects.create(
        child=child, made_on=date(2024, 9, 1), made_by="A", goals="x", next_review_on=date(2025, 3, 1)
    )
    state = child_state(
        child, gatekeeping=gatekeeping, care_plans=[old], tracing=[], follow_ups=[], today=today
    )
    assert state.next_step == "Review the care plan: the review was due by 1 March 2025."
    assert state.review_overdue is True and state.plan == old

    new = CarePlan.objects.create(
        child=child, made_on=date(2025, 3, 2), made_by="A", goals="y", next_review_on=date(2025, 9, 2)
    )
    state = child_state(
        child, gatekeeping=gatekeeping, care_plans=[old, new], tracing=[], follow_ups=[], today=today
    )
    assert (state.next_step, state.review_overdue, state.plan) == (
        "Review the care plan by 2 September 2025.",
        False,
        new,
    )

    # On the page, for the home's operator.
    client = login(registry.world.user("lksa_operator"))
    page = client.get(f"/children/{child.pk}/").content.decode()
    review = new.next_review_on
    expected = (
        "Review the care plan by " if review >= timezone.localdate() else "Review the care plan: the review"
    )
    assert expected in page and 'data-testid="next-step"' in page


# --- The exit form -----------------------------------------------------------------------------------


def test_the_exit_form_has_no_default_kind(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    child = admit(registry, admitted_on=date(2024, 1, 1)).child
    client = login(registry.world.user("lksa_operator"))
    page = client.get(f"/children/{child.pk}/").content.decode()
    assert '<option value="" selected>— choose —</option>' in page
    response = client.post(f"/children/{child.pk}/placement/", {"started_on": "2025-02-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose where the child goes." in page and f"{OPEN}<summary>The child leaves the LKSA" in page
    assert 'value="2025-02-01"' in page  # the date typed is kept
    child.refresh_from_db()
    assert child.status == "in_care" and child.placements.count() == 1


def test_a_transfer_picks_the_receiving_home_by_name(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    child = admit(registry, admitted_on=date(2024, 1, 1)).child
    client = login(registry.world.user("lksa_operator"))
    # Any operating home may receive a transfer, also one in another province (names are public).
    response = client.post(
        f"/children/{child.pk}/placement/",
        {"kind": "transfer", "started_on": "2025-02-01", "receiving_lksa": "harapan"},
    )
    assert response.status_code == 302 and response["Location"] == "/children/"
    child.refresh_from_db()
    assert (child.lksa, child.status) == (registry.medan, "in_care")


def test_an_ambiguous_or_unknown_home_is_refused_in_plain_words(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    child = admit(registry, admitted_on=date(2024, 1, 1)).child
    ibu = _home(registry, "Panti Asuhan Kasih Ibu")
    sayang = _home(registry, "Panti Asuhan Kasih Sayang")
    closed = _home(registry, "Panti Tutup Permanen", is_active=False)
    client = login(registry.world.user("lksa_operator"))
    url = f"/children/{child.pk}/placement/"
    data = {"kind": "transfer", "started_on": "2025-02-01"}

    response = client.post(url, {**data, "receiving_lksa": "kasih"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Several homes are called “kasih”: pick one from the suggestions." in page
    for home in (registry.home, ibu, sayang):  # offered as suggestions, with the number that decides
        assert f'<option value="{home.name}, ' in page and f"({home.pk})" in page

    response = client.post(url, {**data, "receiving_lksa": "Tidak Ada Namanya"})
    assert (
        "No home called “Tidak Ada Namanya” among the homes you may choose here." in response.content.decode()
    )
    response = client.post(url, {**data, "receiving_lksa": closed.name})  # not operating
    assert f"No home called “{closed.name}”" in response.content.decode()
    response = client.post(url, {**data})
    assert "A transfer needs the receiving LKSA: type its name." in response.content.decode()
    response = client.post(url, {**data, "kind": "kinship", "receiving_lksa": "Kasih Ibu"})
    assert (
        "Only a transfer goes to another LKSA: leave the receiving LKSA empty." in response.content.decode()
    )
    response = client.post(url, {**data, "receiving_lksa": registry.home.name})  # its own home
    assert "A transfer needs the receiving LKSA (another home)." in response.content.decode()
    child.refresh_from_db()
    assert (child.lksa, child.status, child.placements.count()) == (registry.home, "in_care", 1)

    # A picked suggestion (its number in brackets) decides, whatever the name says.
    response = client.post(
        url, {**data, "receiving_lksa": f"Panti Asuhan Kasih Sayang, somewhere ({sayang.pk})"}
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.lksa == sayang


def test_resolve_home_rules(registry: RegistryWorld) -> None:
    homes = Lksa.objects.public()
    bunda = registry.home  # "LKSA Kasih Bunda"
    _home(registry, "LKSA Kasih Bunda Dua")
    assert resolve_home(homes, "lksa kasih bunda") == bunda  # an exact name beats longer ones
    assert resolve_home(homes, str(bunda.pk)) == bunda  # a bare number is the Pantau number
    assert resolve_home(homes, "harapan panti") == registry.medan  # words in any order
    options = home_options(homes, "kasih bunda")
    assert [o.pk for o in options] == sorted([o.pk for o in options], key=lambda pk: pk)
    assert all(o.label.endswith(f"({o.pk})") for o in options) and len(options) == 2
    assert home_options(homes, "k") == []  # two letters at least


# --- The children list by home -------------------------------------------------------------------------


def test_the_list_filters_by_a_home_named_among_those_the_reader_sees(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    admit(registry, full_name="Anak Bunda")
    other = _home(registry, "Panti Asuhan Kasih Ibu", capacity=10)
    moved = admit(registry, full_name="Anak Ibu").child
    Child.objects.filter(pk=moved.pk).update(lksa=other)
    supervisor = login(registry.world.user("supervisor"))

    # Posted with the filters, kept in the address (a home's name is no secret).
    response = supervisor.post("/children/", {"q": "", "status": "in_care", "home": "kasih  ibu"})
    assert response["Location"] == "/children/?status=in_care&home=kasih+ibu"
    page = supervisor.get(response["Location"]).content.decode()
    assert "Anak Ibu" in page and "Anak Bunda" not in page
    assert "Only children of Panti Asuhan Kasih Ibu." in page

    page = supervisor.get("/children/?status=in_care&home=Kasih").content.decode()
    assert "Several homes you may see are called “Kasih”: choose one." in page
    assert "Anak Ibu" not in page and "Anak Bunda" not in page  # nothing listed until one is chosen
    assert f"home={other.name.replace(' ', '%20')}" in page and f"({other.pk})" in page

    # A home outside the reader's area is not found, and no child of it shown.
    page = supervisor.get(f"/children/?status=all&home={registry.medan.name}").content.decode()
    assert f"No home called “{registry.medan.name}” among the homes you may choose here." in page


def test_home_suggestions_are_scoped(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    operator = login(registry.world.user("lksa_operator"))
    mine = operator.get("/children/homes/?home=a").content.decode()  # one letter: nothing
    assert mine.strip() == ""
    mine = operator.get("/children/homes/?home=ka").content.decode()
    assert f"({registry.home.pk})" in mine and registry.medan.name not in mine
    everyone = operator.get("/children/homes/transfer/?receiving_lksa=harapan").content.decode()
    assert f'<option value="{registry.medan.name}, ' in everyone and f"({registry.medan.pk})" in everyone


def test_the_filtered_list_has_constant_queries(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    client = login(registry.world.user("supervisor"))
    url = f"/children/?status=in_care&home={registry.home.name}"

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    admit(registry)
    before = count()
    for i in range(10):
        admit(registry, full_name=f"Anak {i}", birth_date=date(2014, 1, 1) + timedelta(days=i))
    assert count() == before
    assert Child.objects.count() == 11
