"""Fuzz /api/v1 with schemathesis: every operation, a bearer token per role, bounded and derandomized.

The schema is the one the app publishes (built from the NinjaAPI), and the requests go in-process
through Django's WSGI handler, so this runs in the ordinary test suite (``-m schemathesis`` selects it).
A small world is built once for the module: two homes in two provinces, children (a possible duplicate
pair among them), a visit with a finding, a case with a referral, a monitored account with a post, a
bank account collecting for both homes (the network's index, a signal at each).
Path parameters are generated or, in a third of the examples, taken from that world, so that detail
and decision operations are reached in and out of scope. Each call runs in a savepoint that is rolled back, so
examples do not depend on each other.

Checks: no 5xx, every status documented, the content type and body conform to the schema, and
negative (schema-violating) requests are refused with a 4xx.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import hypothesis.strategies as st
import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from pantau.accounts.roles import Role
from pantau.accounts.services import api_token_create
from pantau.api.urls import api
from pantau.conftest import build_world
from pantau.monitoring.models import MonitoredAccount, Post
from pantau.monitoring.services import account_register, post_capture
from pantau.network import indexer
from pantau.network.models import Entity, Signal
from pantau.registry.models import BankAccount

pytestmark = pytest.mark.schemathesis

POSITIVE_EXAMPLES = 15
NEGATIVE_EXAMPLES = 8
PERSONAS = [role.value for role in Role] + ["outsider"]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


class _InProcessApp:
    """Django's WSGI handler, minus the per-request connection clean-up: the test's transaction (and the
    module's world in it) must survive every request, as with Django's own test client."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        from django.core import signals

        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            return self.handler(environ, start_response)
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)


APP = _InProcessApp()


@dataclass
class FuzzWorld:
    tokens: dict[str, str]  # persona -> bearer token
    path_values: dict[str, list[Any]]  # path parameter name -> real values (in and out of scope)


def _build() -> FuzzWorld:
    from pantau.cases.services import referral_send
    from pantau.cases.sharing import ALL_SECTIONS
    from pantau.cases.tests.test_case_extras import make_case
    from pantau.children.tests.test_admission import admit
    from pantau.linkage import services as linkage
    from pantau.linkage.models import CandidatePair
    from pantau.registry.tests.conftest import RegistryWorld, make_lksa, make_sound
    from pantau.supervision.checklists import snpa_install
    from pantau.supervision.models import Visit
    from pantau.supervision.services import visit_schedule
    from pantau.supervision.tests.test_findings_and_risk import make_finding

    world = build_world()
    registry = RegistryWorld(
        world,
        make_lksa(world.lksa, capacity=40, children_count=30),
        make_lksa(world.lksa_medan, capacity=20, children_count=10),
    )
    make_sound(registry.home)
    born = date(2012, 9, 14)
    rizki = admit(
        registry, full_name="Muhammad Rizki Ramadhan", sex="L", birth_date=born, mother_name="Nur Hasanah"
    ).child
    rizki_medan = admit(
        registry, home=registry.medan, full_name="MOCH. RIZKY RAMADAN", sex="L", birth_date=born
    ).child
    linkage.run_execute(linkage.run_queue(actor=world.user("supervisor"), region_code=""))
    snpa_install()
    visit = visit_schedule(
        actor=world.user("supervisor"),
        lksa=registry.home,
        planned_on=timezone.localdate() + timedelta(days=1),
        kind=Visit.Kind.UNANNOUNCED,
        team=[world.user("colleague")],
    )
    finding = make_finding(visit, due=timezone.localdate() + timedelta(days=10))
    case = make_case(registry)
    referral = referral_send(
        actor=world.user("supervisor"),
        case=case,
        to_org=world.ppa_unit,
        purpose="investigation",
        note="",
        due_on=timezone.localdate() + timedelta(days=5),
        legal_basis="public_task",
        consent_note="UU 35/2014 Pasal 59A.",
        shared=sorted(ALL_SECTIONS),
    )
    account = account_register(
        actor=world.user("supervisor"),
        account=MonitoredAccount(platform="tiktok", handle="@Panti.Kasih.Bunda", lksa=registry.home),
    )
    post = post_capture(
        actor=world.user("supervisor"),
        post=Post(
            account=account, text="Donasi untuk anak panti, transfer ke BRI", source=Post.Source.MANUAL
        ),
    )
    registration = registry.home.registrations.first()
    # One account collecting for the Tangerang and the Medan home: a signal at each, an identifier.
    for home in (registry.home, registry.medan):
        BankAccount.objects.create(
            lksa=home, bank="BCA", number="7012334455", holder_name="Yayasan", holder_kind="foundation"
        )
    indexer.rebuild()
    tokens = {
        persona: api_token_create(user=world.user(persona), name="fuzz", days=1)[1] for persona in PERSONAS
    }
    pairs = list(CandidatePair.objects.values_list("pk", flat=True))
    return FuzzWorld(
        tokens=tokens,
        path_values={
            "organisation_id": [world.dinsos.pk, world.dinsos_medan.pk],
            "lksa_id": [registry.home.pk, registry.medan.pk],
            "kind": ["registration", "accreditation"],
            "record_id": [registration.pk if registration else 1],
            "child_id": [rizki.pk, rizki_medan.pk],
            "visit_id": [visit.pk],
            "item_code": ["B11", "A1"],
            "finding_id": [finding.pk],
            "case_id": [case.pk],
            "referral_id": [referral.pk],
            "pair_id": pairs or [1],
            "post_id": [post.pk],
            "code": ["36.03", "12.71"],
            "signal_id": list(Signal.objects.values_list("pk", flat=True)) or [1],
            "entity_id": list(Entity.objects.values_list("pk", flat=True)) or [1],
        },
    )


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[FuzzWorld]:
    # Built once, inside a transaction that is rolled back when the module is done.
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build()
        transaction.set_rollback(True)


def _checks_for(case: Any) -> list[Any]:
    """Every check, except that a negative case whose mutations include the Authorization header is not
    held to "negative data rejected": the test replaces that header with a persona's token before
    sending, so what reaches the server may be valid (a query value that serialises like a valid one),
    and schemathesis would still count the void header mutation as the reason it must fail."""
    meta = case.meta
    mutations = getattr(getattr(meta, "phase", None), "data", None)
    mutated = getattr(mutations, "mutations", None) or []
    if any(str(getattr(m, "parameter", "")).lower() == "authorization" for m in mutated):
        return [check for check in CHECKS if check is not negative_data_rejection]
    return CHECKS


class _Undo(Exception):
    pass


def _strategies(operation: Any, values: dict[str, list[Any]]) -> st.SearchStrategy[Any]:
    generated = [
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    ]
    names = [parameter.name for parameter in operation.path_parameters]
    if names and all(name in values for name in names):
        known = st.fixed_dictionaries({name: st.sampled_from(values[name]) for name in names})
        real = known.flatmap(
            lambda fixed: operation.as_strategy(
                generation_mode=GenerationMode.POSITIVE, path_parameters=fixed
            )
        )
        return st.one_of(real, *generated)
    return st.one_of(*generated)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_operation_conforms_to_the_published_schema(operation: Any, fuzz_world: FuzzWorld, db: None) -> None:
    @settings(
        max_examples=POSITIVE_EXAMPLES + NEGATIVE_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_strategies(operation, fuzz_world.path_values), persona=st.sampled_from(PERSONAS))
    def run(case: Any, persona: str) -> None:
        cache.clear()  # rate-limit counters: every example starts fresh
        headers = {"Authorization": f"Bearer {fuzz_world.tokens[persona]}", "Accept-Language": "en"}
        try:
            with transaction.atomic():
                response = case.call(app=APP, headers=headers)
                raise _Undo
        except _Undo:
            pass
        case.validate_response(response, checks=_checks_for(case), headers=headers)

    run()
