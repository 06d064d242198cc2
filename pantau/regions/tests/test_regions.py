from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from pantau.audit.models import AuditEvent
from pantau.regions.models import Region, is_within, region_q
from pantau.regions.services import regions_load


@pytest.mark.parametrize(
    ("inner", "outer", "inside"),
    [
        ("36.03.03.2001", "36", True),
        ("36.03.03.2001", "36.03", True),
        ("36.03", "36.03", True),
        ("36.03", "36.03.03", False),
        ("36.71", "36.7", False),  # not a code boundary
        ("12.71", "36", False),
        ("36.03", None, True),  # None = the nation
        (None, "36", False),
        ("31.71", "3", False),
    ],
)
def test_is_within(inner: str | None, outer: str | None, inside: bool) -> None:
    assert is_within(inner, outer) is inside


@pytest.mark.django_db
def test_subset_load_and_prefix_filter() -> None:
    result = regions_load(only=("36.03",))
    # Banten, Kabupaten Tangerang, its 29 kecamatan and their villages.
    assert result.by_level[1] == 1 and result.by_level[2] == 1 and result.by_level[3] == 29
    assert Region.objects.get(code="36.03").name == "Kabupaten Tangerang"
    assert Region.objects.get(code="36.03").parent_id == "36"
    inside = Region.objects.filter(region_q("code", "36.03")).count()
    assert inside == result.total - 1
    assert AuditEvent.objects.filter(action="regions.loaded").exists()


@pytest.mark.django_db
def test_full_load_has_every_kemendagri_region_and_is_idempotent() -> None:
    first = regions_load()
    assert first.by_level == {1: 38, 2: 514, 3: 7285, 4: 83762}
    Region.objects.create(code="99.99", name="Retired", level=2, kind="kabupaten")
    second = regions_load()
    assert second.total == first.total and second.retired == 1
    assert Region.objects.count() == first.total + 1
    assert not Region.objects.get(code="99.99").is_active
    assert Region.objects.get(code="32.76").kind == "kota"


@pytest.mark.django_db
def test_command_rejects_bad_codes() -> None:
    with pytest.raises(CommandError, match="dotted region codes"):
        call_command("load_regions", "--only", "Banten")
