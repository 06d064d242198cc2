"""At registration: what each person entering a child learns about possible duplicates."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from pantau.audit.models import AuditEvent
from pantau.children.models import Child
from pantau.linkage.models import CandidatePair
from pantau.linkage.tests.conftest import Children

NEW_BOY = {
    "full_name": "Muhamad Rizki Ramadhan",
    "sex": "L",
    "birth_date": "2012-09-14",
    "birth_date_precision": "exact",
    "birth_place": "Jakarta",
    "mother_name": "Nur Hasanah",
    "mother_status": "alive",
    "father_status": "unknown",
    "referral_source": "family",
    "referral_reason": "Ibu bekerja di luar negeri",
    "admission_reason": "family_unable",  # asked of every admission on the form (children, issue 16)
    "admitted_on": "2025-07-01",
    "assessed_on": "2025-06-28",
    "assessor": "Peksos Dinsos",
    "assessment_reasons": "Tidak ada kerabat yang dapat mengasuh",
    **{f"item_A{n}": "yes" for n in range(1, 10)},
}


def _admit(client: Client, children: Children, **extra: Any) -> Any:
    return client.post("/children/admit/", {"lksa": children.registry.home.pk, **NEW_BOY, **extra})


def test_operator_learns_only_that_a_duplicate_exists_and_whom_to_ask(
    children: Children, login: Callable[..., Client]
) -> None:
    client = login(children.registry.world.user("lksa_operator"))
    response = _admit(client, children)
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="duplicate-warnings"' in body
    # The boy recorded in Medan: no name, no home, only the office to contact.
    assert "Contact Dinas Sosial Kota Medan before admitting." in body
    assert "MOCH. RIZKY" not in body and "Panti Asuhan Harapan" not in body and "side-by-side" not in body
    # The boy already in the operator's own home: a link to their own record.
    assert f'href="/children/{children.rizki.pk}/"' in body
    assert not Child.objects.filter(full_name=NEW_BOY["full_name"]).exists()  # nothing saved yet
    # What was shown is on record, even though nothing was saved.
    shown = AuditEvent.objects.get(action="linkage.checked")
    assert set(shown.changes["candidates"][1]) == {children.rizki.pk, children.rizki_medan.pk}


def test_officer_sees_both_records_side_by_side(children: Children, login: Callable[..., Client]) -> None:
    client = login(children.registry.world.user("supervisor"))
    body = _admit(client, children).content.decode()
    assert 'data-testid="side-by-side"' in body
    assert "Slamet" in body  # the record of their own jurisdiction, side by side
    assert "············0003" in body and "317101" not in body  # the recorded NIK, masked
    # The Medan boy: where and whom to ask only (test_disclosure has the rest).
    assert "MOCH. RIZKY RAMADAN" not in body and "Panti Asuhan Harapan" not in body
    assert "in Kota Medan, Sumatera Utara" in body
    assert "Hasan Saputra" not in body  # unrelated children are not shown


def test_saving_anyway_is_recorded_and_queued_for_review(
    children: Children, login: Callable[..., Client]
) -> None:
    client = login(children.registry.world.user("lksa_operator"))
    response = _admit(client, children, duplicates_checked="on")
    assert response.status_code == 302
    child = Child.objects.get(full_name=NEW_BOY["full_name"])
    pairs = CandidatePair.objects.filter(source=CandidatePair.Source.REGISTRATION)
    assert {p.child_a_id for p in pairs} | {p.child_b_id for p in pairs} >= {
        child.pk,
        children.rizki.pk,
        children.rizki_medan.pk,
    }
    event = AuditEvent.objects.get(action="linkage.registration_warning")
    assert set(event.changes["candidates"][1]) == {children.rizki.pk, children.rizki_medan.pk}


def test_a_different_child_is_admitted_without_a_warning(
    children: Children, login: Callable[..., Client]
) -> None:
    client = login(children.registry.world.user("lksa_operator"))
    response = _admit(
        client, children, full_name="Yohanes Lende", mother_name="Maria Tefa", birth_date="2010-03-04"
    )
    assert response.status_code == 302


def test_the_api_answers_per_role(children: Children, login: Callable[..., Client]) -> None:
    payload = {
        "lksa_id": children.registry.home.pk,
        "full_name": "Moch Rizki Ramadhan",
        "sex": "L",
        "birth_date": "2012-09-14",
        "mother_name": "Nur Hasanah",
    }
    operator = login(children.registry.world.user("lksa_operator"))
    answer = operator.post("/api/v1/linkage/check", payload, content_type="application/json").json()
    medan = [c for c in answer["candidates"] if c["child_id"] is None]
    assert medan == [
        {
            "child_id": None,
            "probability": None,
            "percent": None,
            "likelihood": "very_likely",
            "region": "Kota Medan, Sumatera Utara",
            "contact": "Dinas Sosial Kota Medan",
            "contacts": [],
            "fields": [],
        }
    ]
    assert {c["child_id"] for c in answer["candidates"]} == {None, children.rizki.pk}
    # The Medan officer compares with the boy of their own jurisdiction.
    officer = login(children.registry.world.user("outsider"), Client())
    answer = officer.post(
        "/api/v1/linkage/check",
        {**payload, "lksa_id": children.registry.medan.pk},
        content_type="application/json",
    ).json()
    recorded = {c["child_id"]: c for c in answer["candidates"]}
    assert set(recorded) == {children.rizki_medan.pk, None}
    names = next(f for f in recorded[children.rizki_medan.pk]["fields"] if f["label"] == "Name")
    assert names["recorded"] == "MOCH. RIZKY RAMADAN" and names["agreement"] == "same"  # once normalised
    # Another province's home cannot be named by an operator.
    refused = operator.post(
        "/api/v1/linkage/check",
        {**payload, "lksa_id": children.registry.medan.pk},
        content_type="application/json",
    )
    assert refused.status_code == 422 and "lksa_id" in refused.json()["detail"]


def test_the_api_check_is_rate_limited(
    children: Children, login: Callable[..., Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.cache import cache

    from pantau.linkage import api

    cache.clear()
    monkeypatch.setattr(api, "CHECKS_PER_HOUR", 2)
    operator = login(children.registry.world.user("lksa_operator"))
    payload = {"lksa_id": children.registry.home.pk, "full_name": "Budi"}
    answers = [
        operator.post("/api/v1/linkage/check", payload, content_type="application/json") for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert "Too many duplicate checks" in answers[2].json()["detail"]
    assert AuditEvent.objects.filter(action="linkage.check_throttled").count() == 1
    cache.clear()


def test_term_frequencies_come_from_the_stored_keys(
    children: Children, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check weighs a name by how common it is among the children recorded, as a batch run does;
    below MIN_TF_RECORDS stored children it does not (a handful of children says nothing)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pantau.linkage import model as m
    from pantau.linkage import registration
    from pantau.linkage.models import ChildKey

    monkeypatch.setattr(registration, "_totals", {})
    keys = ChildKey.objects.exclude(name="")
    named, name = keys.count(), keys.values_list("name", flat=True).first()
    same = keys.filter(name=name).count()
    assert registration.recorded_frequency()("name", name) is None  # too few children recorded
    monkeypatch.setattr(m, "MIN_TF_RECORDS", 1)
    with CaptureQueriesContext(connection) as queries:
        share = registration.recorded_frequency({"name": {name, "nama yang tidak ada"}})
    assert len(queries) == 1  # the names of every record at once (the totals were read above)
    assert share("name", name) == same / named
    assert share("name", "nama yang tidak ada") is None
