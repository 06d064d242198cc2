"""The demo-data generator framework behind ``manage.py seed_demo``.

Each app contributes a ``seed.py`` with functions decorated ``@seeder(order)``; they run in order with
one shared ``SeedContext``. Everything random comes from ``ctx.rng``, seeded from ``--seed``, so the
same seed always produces the same data. All data is synthetic.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.module_loading import autodiscover_modules

DEMO_PASSWORD = "pantau-demo-2026"  # noqa: S105  (synthetic demo accounts only, printed at start-up)


class Writer(Protocol):
    def write(self, msg: str, /) -> Any: ...


SeedFunction = Callable[["SeedContext"], None]
_SEEDERS: list[tuple[int, str, SeedFunction]] = []


@dataclass
class DemoLogin:
    role: str
    email: str
    organisation: str
    jurisdiction: str


@dataclass
class SeedContext:
    scale: str
    seed: int
    stdout: Writer
    rng: random.Random = field(init=False)
    logins: list[DemoLogin] = field(default_factory=list)
    # Objects one seeder makes for the next (e.g. "organisations" by key).
    shared: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)  # noqa: S311  (reproducible synthetic data, not security)

    @property
    def national(self) -> bool:
        return self.scale == "national"

    def log(self, message: str) -> None:
        self.stdout.write(message + "\n")


def seeder(order: int) -> Callable[[SeedFunction], SeedFunction]:
    def register(function: SeedFunction) -> SeedFunction:
        name = f"{function.__module__}.{function.__name__}"
        if all(existing != name for _, existing, _ in _SEEDERS):
            _SEEDERS.append((order, name, function))
        return function

    return register


def run_seeders(ctx: SeedContext) -> None:
    autodiscover_modules("seed")
    for _, name, function in sorted(_SEEDERS, key=lambda item: (item[0], item[1])):
        ctx.log(f"· {name}")
        function(ctx)
