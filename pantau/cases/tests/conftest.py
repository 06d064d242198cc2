from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from pantau.cases.tests.intake_world import agencies  # noqa: F401  (issue 17: intake, referrals)
from pantau.registry.tests.conftest import registry  # noqa: F401  (shared fixture)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield
