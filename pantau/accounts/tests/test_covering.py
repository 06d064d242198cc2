"""Which offices cover a place: one queryset method for the home page, the duplicate warning's contact and
the police units told of a monitoring referral."""

from __future__ import annotations

import pytest

from pantau.accounts.access import police_referral_recipients
from pantau.accounts.models import Organisation
from pantau.accounts.roles import OrgKind, Role
from pantau.conftest import World, make_user
from pantau.linkage.registration import dinas_sosial_for

pytestmark = pytest.mark.django_db
DINSOS = [OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY]


def test_offices_covering_a_place_most_specific_first(world: World) -> None:
    banten = Organisation.objects.create(
        name="Dinas Sosial Banten", kind=OrgKind.DINSOS_PROVINCE, region_id="36"
    )
    Organisation.objects.create(
        name="Dinas Sosial Kota Tangerang", kind=OrgKind.DINSOS_REGENCY, region_id="36.71"
    )
    closed = Organisation.objects.create(
        name="Dinas Sosial Banten (lama)", kind=OrgKind.DINSOS_PROVINCE, region_id="36", is_active=False
    )
    village = "36.03.03.2001"
    assert list(Organisation.objects.covering(village, kinds=DINSOS)) == [world.dinsos, banten]
    assert list(Organisation.objects.covering("36.71", kinds=DINSOS))[-1] == banten
    assert closed not in Organisation.objects.covering(village, kinds=DINSOS)
    # "36.0" is no ancestor of "36.03": prefixes are whole codes.
    assert not Organisation.objects.covering("36.0", kinds=[OrgKind.DINSOS_REGENCY]).exists()
    # National offices cover every place, last; a place unknown is covered by them only.
    police = [OrgKind.POLICE_PPA_UNIT, OrgKind.POLICE_CYBER_UNIT]
    bareskrim = Organisation.objects.create(name="Bareskrim", kind=OrgKind.BARESKRIM)
    cyber = Organisation.objects.create(
        name="Dittipidsiber Bareskrim", kind=OrgKind.POLICE_CYBER_UNIT, parent=bareskrim
    )
    assert list(Organisation.objects.covering(village, kinds=police)) == [world.ppa_unit, cyber]
    assert list(Organisation.objects.covering("", kinds=police)) == [cyber]
    assert list(Organisation.objects.covering("12.71", kinds=police)) == [cyber]
    assert dinas_sosial_for(village) == world.dinsos and dinas_sosial_for("36.71.01") is not None
    assert dinas_sosial_for("12.71.02") == world.dinsos_medan and dinas_sosial_for("99") is None


def test_a_police_referral_reaches_the_investigators_of_the_covering_units(world: World) -> None:
    make_user("penyidik2@ppa.test.id", world.ppa_unit, Role.INVESTIGATOR)
    make_user("admin@ppa.test.id", world.ppa_unit, Role.ORG_ADMIN)  # not an investigator
    polrestabes = Organisation.objects.create(
        name="Polrestabes Medan", kind=OrgKind.POLRES, region_id="12.71"
    )
    medan_unit = Organisation.objects.create(
        name="Unit PPA Polrestabes Medan", kind=OrgKind.POLICE_PPA_UNIT, region_id="12.71", parent=polrestabes
    )
    make_user("penyidik@medan.test.id", medan_unit, Role.INVESTIGATOR)
    tangerang = police_referral_recipients("36.03.03.2001")
    assert sorted(u.email for u in tangerang) == ["penyidik2@ppa.test.id", "penyidik@ppa.test.id"]
    assert [u.email for u in police_referral_recipients("12.71.02")] == ["penyidik@medan.test.id"]
    assert not police_referral_recipients("36.71").exists()  # no unit for Kota Tangerang
