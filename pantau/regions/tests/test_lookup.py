"""Places by name: the resolver, the suggestions and the labels, against the real Kemendagri data."""

from __future__ import annotations

import pytest
from django.utils import translation

from pantau.regions.lookup import (
    AmbiguousPlace,
    InactivePlace,
    UnknownPlace,
    place_labels,
    resolve_place,
    search_places,
    unknown_code_message,
)
from pantau.regions.models import Region
from pantau.regions.services import regions_load

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def places() -> None:
    # Kabupaten and Kota Tangerang (which has a kecamatan "Tangerang"), Kota Medan, Jakarta Selatan.
    regions_load(only=("36.03", "36.71", "12.71", "31.74"))


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("36.03.03", "36.03.03"),
        ("360303", "36.03.03"),
        (" 36.03.03.1001 ", "36.03.03.1001"),
        ("Tigaraksa", "36.03.03"),  # the kecamatan, not its kelurahan of the same name inside it
        ("tigaraksa", "36.03.03"),
        ("  TIGARAKSA  ", "36.03.03"),
        ("Kec. Tigaraksa", "36.03.03"),
        ("kecamatan tigaraksa", "36.03.03"),
        ("Kel. Tigaraksa", "36.03.03.1001"),
        ("Kelurahan Tigaraksa", "36.03.03.1001"),
        ("Kab. Tangerang", "36.03"),
        ("kab tangerang", "36.03"),
        ("Kab.Tangerang", "36.03"),
        ("Kabupaten   Tangerang", "36.03"),
        ("Kota Tangerang", "36.71"),
        ("kota medan", "12.71"),
        ("Medan", "12.71"),
        ("Kota Jakarta Selatan", "31.74"),  # stored as "Kota Administrasi Jakarta Selatan"
        ("Banten", "36"),
        ("Prov. Banten", "36"),
        ("DKI Jakarta", "31"),
        ("Pasir Bolang", "36.03.03.2002"),
        ("Pasir Bolang, Tigaraksa", "36.03.03.2002"),
        ("Tigaraksa, Kab. Tangerang", "36.03.03"),
        ("Tangerang, Kota Tangerang", "36.71.01"),
        ("Tigaraksa, Kab. Tangerang (36.03.03.1001)", "36.03.03.1001"),  # a picked suggestion: the code wins
    ],
)
def test_resolves_codes_names_and_abbreviations(typed: str, code: str) -> None:
    assert resolve_place(typed).code == code


def test_label_names_the_kecamatan_and_kabupaten() -> None:
    place = resolve_place("Pasir Bolang")
    assert place.label == "Pasir Bolang, Tigaraksa, Kab. Tangerang"
    assert place.choice == "Pasir Bolang, Tigaraksa, Kab. Tangerang (36.03.03.2002)"
    assert resolve_place("Tigaraksa").label == "Tigaraksa, Kab. Tangerang"
    assert resolve_place("Kab. Tangerang").label == "Kab. Tangerang, Banten"
    assert resolve_place("Banten").label == "Banten"
    # What a list or a suggestion shows reads back as the same place.
    for code in ("36.03.03.2002", "36.03.03", "36.03", "36.71.01", "12.71"):
        label = place_labels([code])[code]
        assert resolve_place(label).code == code, label


def test_ambiguous_name_lists_candidates_in_english_and_indonesian() -> None:
    with translation.override("en"), pytest.raises(AmbiguousPlace) as error:
        resolve_place("Tangerang")
    assert {p.code for p in error.value.candidates} == {"36.03", "36.71", "36.71.01"}
    assert error.value.message == (
        '"Tangerang" could be several places: Kab. Tangerang, Banten (36.03); '
        "Kota Tangerang, Banten (36.71); Tangerang, Kota Tangerang (36.71.01). "
        "Pick one of the suggestions, add the kabupaten/kota after a comma, or type the code."
    )
    with translation.override("id"), pytest.raises(AmbiguousPlace) as error:
        resolve_place("Tangerang")
    assert error.value.message.startswith(
        '"Tangerang" bisa berarti beberapa tempat: Kab. Tangerang, Banten (36.03);'
    )


def test_level_limits_narrow_the_candidates() -> None:
    with pytest.raises(AmbiguousPlace):
        resolve_place("Tangerang", levels=(2,))
    assert resolve_place("Tangerang", levels=(3, 4)).code == "36.71.01"
    with translation.override("en"), pytest.raises(UnknownPlace) as error:
        resolve_place("36", levels=(2, 3, 4))
    assert error.value.message == (
        "Banten (36) is a Province; this field needs a regency/city / district / village."
    )


def test_unknown_name_and_unknown_code() -> None:
    with translation.override("en"):
        with pytest.raises(UnknownPlace) as error:
            resolve_place("Atlantis")
        assert error.value.message == (
            'No place is called "Atlantis". Type part of the name and pick one of the suggestions.'
        )
        with pytest.raises(UnknownPlace) as error:
            resolve_place("36.03.03.2001")
        assert error.value.message == (
            "No region has the code 36.03.03.2001. In Tigaraksa, Kab. Tangerang there are, for example: "
            "Tigaraksa (36.03.03.1001); Kadu Agung (36.03.03.1007); Pasir Bolang (36.03.03.2002); "
            "Matagara (36.03.03.2003); Pasir Nangka (36.03.03.2004)."
        )
        assert unknown_code_message("99.99") == (
            "No region has the code 99.99. Type the name of the place instead."
        )
        assert unknown_code_message("Tangerang").startswith('"Tangerang" is not a region code')


def test_inactive_code_is_refused_unless_allowed() -> None:
    Region.objects.filter(code="36.03.03.2004").update(is_active=False)
    with translation.override("en"), pytest.raises(InactivePlace) as error:
        resolve_place("36.03.03.2004")
    assert error.value.message == (
        "The region code 36.03.03.2004 (Pasir Nangka, Tigaraksa, Kab. Tangerang) is no longer in use. "
        "Pick the place it became."
    )
    assert resolve_place("36.03.03.2004", allow_inactive=True).code == "36.03.03.2004"
    with pytest.raises(UnknownPlace):  # retired places are not found by name
        resolve_place("Pasir Nangka")


def test_suggestions_rank_exact_then_prefix_and_understand_kinds() -> None:
    codes = [p.code for p in search_places("Tigaraksa")]
    assert codes[:2] == ["36.03.03", "36.03.03.1001"]
    assert [p.code for p in search_places("kab tange")] == ["36.03"]
    assert search_places("kota tangerang")[0].code == "36.71"
    within_kota = search_places("Tangerang, Kota Tang")
    assert within_kota[0].code == "36.71.01"
    assert all(p.code.startswith("36.71.") for p in within_kota)
    assert [p.code for p in search_places("36.03.0")][:2] == ["36.03.01", "36.03.02"]
    assert search_places("t") == []
    picked = search_places("Tigaraksa, Kab. Tangerang (36.03.03)")
    assert [p.code for p in picked] == [p.code for p in search_places("36.03.03")]
    assert picked[0].code == "36.03.03" and picked[0].kind == "kecamatan"


def test_labels_cost_one_query(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(1):
        labels = place_labels(["36.03.03.2002", "36.71.01", "12.71", "99.99", None, ""])
    assert labels == {
        "36.03.03.2002": "Pasir Bolang, Tigaraksa, Kab. Tangerang",
        "36.71.01": "Tangerang, Kota Tangerang",
        "12.71": "Kota Medan, Sumatera Utara",
    }
