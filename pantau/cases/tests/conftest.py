from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from pantau.registry.tests.conftest import registry  # noqa: F401  (shared fixture)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield
