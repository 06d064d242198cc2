"""Every form that asks where takes a place by name (codes still work); lists name the place.

The shared test world's regions: Banten (36), Kabupaten Tangerang (36.03), Tigaraksa (36.03.03), Pasir Bolang
(36.03.03.2001, the world's LKSA), Kota Tangerang (36.71), Sumatera Utara (12), Kota Medan (12.71), Medan
Sunggal (12.71.02).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from pantau.accounts.models import Organisation
from pantau.accounts.roles import OrgKind, Role
from pantau.cases.models import Concern
from pantau.conftest import make_user
from pantau.regions.forms import PlaceField, PlaceFilterForm, PlaceInput
from pantau.registry.models import ChangeRequest, Lksa
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def national(registry: RegistryWorld, login: Callable[..., Client]) -> Client:
    """A KPAI supervisor: sees every home, in both provinces."""
    return login(make_user("pengawas@kpai.test.id", registry.world.kpai, Role.SUPERVISOR))


def test_field_cleans_names_and_codes_to_codes(registry: RegistryWorld) -> None:
    field = PlaceField(required=False, levels=(2, 3, 4))
    assert field.clean("Pasir Bolang, Tigaraksa") == "36.03.03.2001"
    assert field.clean("kab.  TANGERANG") == "36.03"
    assert field.clean("3603032001") == "36.03.03.2001"
    assert field.clean("Tigaraksa, Kab. Tangerang (36.03.03)") == "36.03.03"
    assert field.clean("") == ""
    assert field.place is not None and field.place.label == "Tigaraksa, Kab. Tangerang"
    with pytest.raises(Exception, match="could be several places"):
        field.clean("Tangerang")
    with pytest.raises(
        Exception, match="is a Province; this field needs a regency/city / district / village"
    ):
        field.clean("Banten")
    with pytest.raises(Exception, match='No place is called "Atlantis"'):
        field.clean("Atlantis")


def test_widget_shows_a_stored_code_as_its_place_and_asks_for_suggestions(registry: RegistryWorld) -> None:
    html = PlaceInput(levels=(2, 3)).render("region_code", "36.03.03", attrs={"id": "id_region_code"})
    assert 'value="Tigaraksa, Kab. Tangerang (36.03.03)"' in html
    assert 'list="id_region_code-places"' in html and '<datalist id="id_region_code-places">' in html
    assert 'hx-get="/regions/search/?field=region_code&amp;levels=2,3"' in html
    # Typed text that means no single place is shown back as typed, for the person to correct.
    assert 'value="Tangerang"' in PlaceInput().render("region", "Tangerang")
    assert 'value="Atlantis"' in PlaceInput().render("region", "Atlantis")
    assert 'value="Kota Medan, Sumatera Utara (12.71)"' in PlaceInput().render("region", "kota medan")


def test_suggestions_endpoint_fills_the_datalist(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    client = login(registry.world.user("supervisor"))
    html = client.get("/regions/search/", {"field": "region_code", "region_code": "tigar"}).content.decode()
    assert html == ('<option value="Tigaraksa, Kab. Tangerang (36.03.03)">District (kecamatan)</option>\n')
    only_regencies = client.get("/regions/search/", {"q": "tangerang", "levels": "2"}).content.decode()
    assert "(36.03)" in only_regencies and "(36.71)" in only_regencies and "36.03.03" not in only_regencies


def test_register_an_lksa_by_place_name(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    client = login(registry.world.user("supervisor"))
    data = {"name": "Panti Asuhan Baru", "region_code": "Pasir Bolang, Tigaraksa", "is_active": "on"}
    assert client.post("/registry/new/", data).status_code == 302
    assert Lksa.objects.get(name="Panti Asuhan Baru").region_code == "36.03.03.2001"
    ambiguous = client.post("/registry/new/", {**data, "name": "Panti Lain", "region_code": "Tangerang"})
    assert ambiguous.status_code == 400
    assert (
        "&quot;Tangerang&quot; could be several places: Kab. Tangerang, Banten (36.03); Kota Tangerang, "
        "Banten (36.71). Pick one of the suggestions, add the kabupaten/kota after a comma, or type the code."
    ) in ambiguous.content.decode()
    outside = client.post("/registry/new/", {**data, "name": "Panti Lain", "region_code": "Kota Medan"})
    assert outside.status_code == 400 and "outside your jurisdiction" in outside.content.decode()
    assert not Lksa.objects.filter(name="Panti Lain").exists()
    # The edit form shows the stored code as its place.
    form = client.get(f"/registry/{registry.home.pk}/edit/").content.decode()
    assert 'value="Pasir Bolang, Tigaraksa, Kab. Tangerang (36.03.03.2001)"' in form


def test_bad_place_is_explained_in_indonesian(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    client = login(registry.world.user("supervisor"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    response = client.post("/registry/new/", {"name": "Panti", "region_code": "Atlantis", "is_active": "on"})
    assert response.status_code == 400
    # Needs the Indonesian entries of /tmp/po-pending/places.po merged into django.po.
    assert "Tidak ada wilayah bernama &quot;Atlantis&quot;." in response.content.decode()


def test_proposal_and_edit_take_a_place_by_name(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    client = login(registry.world.user("lksa_operator"))
    home = registry.home
    fields = {"name": home.name, "capacity": "40", "children_count": "30", "is_active": "on"}
    response = client.post(
        f"/registry/{home.pk}/propose/profile/",
        {**fields, "region_code": "pasir bolang, tigaraksa", "version": str(home.version)},
    )
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert change.data["region_code"] == "36.03.03.2001"  # kept as the code the name meant
    supervisor = login(registry.world.user("supervisor"), Client())
    page = supervisor.get(f"/registry/changes/{change.pk}/").content.decode()
    assert "Pasir Bolang, Tigaraksa, Kab. Tangerang (36.03.03.2001)" in page
    # An officer moves the home to the kecamatan by its name.
    moved = supervisor.post(
        f"/registry/{home.pk}/edit/",
        {**fields, "region_code": "Kec. Tigaraksa", "version": str(home.version)},
    )
    assert moved.status_code == 302
    home.refresh_from_db()
    assert home.region_code == "36.03.03"


def test_registry_list_filters_by_name_and_names_places_in_constant_queries(
    registry: RegistryWorld,
    national: Client,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    client = national
    page = client.get("/registry/", {"region": "Tigaraksa"})
    html = page.content.decode()
    assert [lksa.pk for lksa in page.context["page"]] == [registry.home.pk]
    assert 'Pasir Bolang, Tigaraksa, Kab. Tangerang <small class="muted">36.03.03.2001</small>' in html
    everything = client.get("/registry/").content.decode()
    assert 'Medan Sunggal, Kota Medan <small class="muted">12.71.02</small>' in everything
    with CaptureQueriesContext(connection) as two_homes:
        client.get("/registry/")
    before = len(two_homes.captured_queries)
    for n in range(5):
        org = Organisation.objects.create(name=f"Panti {n}", kind=OrgKind.LKSA, region_id="12.71")
        Lksa.objects.create(organisation=org, name=org.name, region_code="12.71")
    with django_assert_num_queries(before):
        client.get("/registry/")
    unknown = client.get("/registry/", {"region": "Atlantis"}).content.decode()
    assert 'No place is called "Atlantis"' in unknown.replace("&quot;", '"')


def test_visit_plan_filters_by_name_and_names_places(registry: RegistryWorld, national: Client) -> None:
    client = national
    page = client.get("/supervision/", {"region": "Kota Medan"})
    assert [row.lksa_id for row in page.context["page"]] == [registry.medan.pk]
    assert 'Medan Sunggal, Kota Medan <small class="muted">12.71.02</small>' in page.content.decode()
    # The filter shows the place it understood.
    assert 'value="Kota Medan, Sumatera Utara (12.71)"' in page.content.decode()


def test_figures_filter_by_name(registry: RegistryWorld, national: Client) -> None:
    client = national
    page = client.get("/children/figures/", {"region": "Kab. Tangerang"})
    assert [row.label for row in page.context["rows"]] == [registry.home.name]
    form = PlaceFilterForm({"region": "Tangerang"})
    assert form.code() == "" and "could be several places" in str(form.errors["region"])


def test_staff_concern_takes_a_place_by_name(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    client = login(registry.world.user("case_worker"))
    response = client.post(
        "/cases/triage/new/", {"category": "abuse", "description": "Telepon warga", "place": "Tigaraksa"}
    )
    assert response.status_code == 302
    assert Concern.objects.get().region_code == "36.03.03"
    triage = client.get("/cases/triage/").content.decode()
    assert "<td>Tigaraksa, Kab. Tangerang</td>" in triage  # the list names where, for a concern about no home
    outside = client.post(
        "/cases/triage/new/", {"category": "abuse", "description": "Telepon warga", "place": "kota medan"}
    )
    assert (
        outside.status_code == 400 and "This region is outside your jurisdiction." in outside.content.decode()
    )
    assert Concern.objects.count() == 1


def test_api_region_filters_take_names_too(registry: RegistryWorld, national: Client) -> None:
    homes = national.get("/api/v1/registry/lksa", {"region": "Tigaraksa"}).json()["items"]
    assert [home["id"] for home in homes] == [registry.home.pk]
    assert [h["id"] for h in national.get("/api/v1/registry/lksa", {"region": "36.03"}).json()["items"]] == [
        registry.home.pk
    ]
    plan = national.get("/api/v1/supervision/plan", {"region": "kota medan"}).json()["items"]
    assert [row["lksa_id"] for row in plan] == [registry.medan.pk]
    figures = national.get("/api/v1/children/figures", {"level": "lksa", "region": "Kab. Tangerang"}).json()
    assert [row["label"] for row in figures] == [registry.home.name]
    ambiguous = national.get("/api/v1/registry/lksa", {"region": "Tangerang"})
    assert ambiguous.status_code == 422
    assert ambiguous.json()["detail"]["region"][0].startswith('"Tangerang" could be several places:')


def test_api_duplicate_run_takes_a_place_name(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    client = login(registry.world.user("supervisor"))
    started = client.post(
        "/api/v1/linkage/runs", {"region": "Kab. Tangerang"}, content_type="application/json"
    )
    assert started.status_code == 202 and started.json()["region_code"] == "36.03"
    village = client.post("/api/v1/linkage/runs", {"region": "Tigaraksa"}, content_type="application/json")
    assert village.status_code == 422
    assert village.json()["detail"]["region"] == [
        "Tigaraksa, Kab. Tangerang (36.03.03) is a District (kecamatan); this field needs a province / "
        "regency/city."
    ]
