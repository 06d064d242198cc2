from collections.abc import Iterator

import pytest
from django.utils import translation

from pantau.conftest import World
from pantau.registry.tests.conftest import RegistryWorld


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Service-level messages are asserted in English; pages have their own language tests.
    with translation.override("en"):
        yield


@pytest.fixture
def registry(world: World) -> RegistryWorld:
    """The registry's two homes, registered with Dinas Sosial: an unregistered home admits no child
    (children/admission.py; tests/test_gatekeeping.py has the unregistered one)."""
    from pantau.children.tests.test_admission import registered
    from pantau.registry.tests.conftest import make_lksa

    return RegistryWorld(
        world,
        registered(make_lksa(world.lksa, capacity=40, children_count=30)),
        registered(make_lksa(world.lksa_medan, capacity=20, children_count=10)),
    )
