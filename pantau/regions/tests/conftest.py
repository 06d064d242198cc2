from __future__ import annotations

from pantau.registry.tests.conftest import registry  # noqa: F401  (shared fixture)
