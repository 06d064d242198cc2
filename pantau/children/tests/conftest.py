from collections.abc import Iterator

import pytest
from django.utils import translation

from pantau.registry.tests.conftest import registry  # noqa: F401  (shared fixture)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Service-level messages are asserted in English; pages have their own language tests.
    with translation.override("en"):
        yield
