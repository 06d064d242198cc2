from pantau.registry.tests.conftest import registry  # noqa: F401  (shared fixture)
from pantau.staffing.tests.conftest import staffing  # noqa: F401  (shared fixture)
