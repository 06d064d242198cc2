from __future__ import annotations

from pantau.lib.seeding import SeedContext, seeder
from pantau.regions.services import regions_load


@seeder(order=10)
def seed_regions(ctx: SeedContext) -> None:
    # The full hierarchy loads in seconds, so even the demo has all of Indonesia at either --scale.
    result = regions_load()
    ctx.log(f"  {result.total:,} regions")
