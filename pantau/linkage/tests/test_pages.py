"""The review queue, one pair side by side, batch runs: pages and API, per persona."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pantau.audit.models import AuditEvent
from pantau.children.tests.test_admission import admit
from pantau.linkage import services
from pantau.linkage.models import CandidatePair, LinkageRun
from pantau.linkage.tests.conftest import Children


@pytest.fixture
def pair(children: Children) -> CandidatePair:
    services.run_execute(services.run_queue(actor=children.registry.world.user("supervisor"), region_code=""))
    return CandidatePair.objects.get()


def test_queue_lists_pairs_for_both_sides_in_constant_queries(
    children: Children, pair: CandidatePair, login: Callable[..., Client]
) -> None:
    tangerang = login(children.registry.world.user("supervisor"))
    body = tangerang.get("/duplicates/").content.decode()
    # Each office sees its own child by name and the other by region (test_disclosure has the rule).
    assert "Muhammad Rizki Ramadhan" in body and "A child in Kota Medan, Sumatera Utara" in body
    assert "MOCH. RIZKY RAMADAN" not in body
    # The Medan officer sees the pair too: one of the two children is in Medan.
    medan = login(children.registry.world.user("outsider"), Client())
    assert "MOCH. RIZKY RAMADAN" in medan.get("/duplicates/").content.decode()
    # More pairs do not mean more queries.
    with CaptureQueriesContext(connection) as one:
        tangerang.get("/duplicates/")
    for n in range(4):
        copy = admit(
            children.registry,
            full_name=f"Dewi Lestari {n}",
            mother_name="Sri",
            birth_date=None,
            birth_date_precision="unknown",
        ).child
        CandidatePair.objects.create(
            child_a_id=min(copy.pk, children.hasan.pk),
            child_b_id=max(copy.pk, children.hasan.pk),
            match_probability=0.6,
            match_weight=1.0,
        )
    with CaptureQueriesContext(connection) as five:
        assert tangerang.get("/duplicates/").content.decode().count('href="/duplicates/pairs/') == 5
    assert len(five) == len(one)


def test_pairs_with_a_masked_child_are_scored_in_constant_queries(
    children: Children, pair: CandidatePair, login: Callable[..., Client]
) -> None:
    """A pair with a child the reader may not see is scored again without NIKs (established words and
    term frequencies read once for the page, not once per pair)."""
    tangerang = login(children.registry.world.user("supervisor"))
    with CaptureQueriesContext(connection) as one:
        tangerang.get("/duplicates/")
    for n in range(4):
        copy = admit(children.registry, full_name=f"Rizki Ramadhan {n}", mother_name="Nur Hasanah").child
        CandidatePair.objects.create(
            child_a_id=min(copy.pk, children.rizki_medan.pk),
            child_b_id=max(copy.pk, children.rizki_medan.pk),
            match_probability=0.6,
            match_weight=1.0,
        )
    with CaptureQueriesContext(connection) as five:
        body = tangerang.get("/duplicates/").content.decode()
    assert body.count("A child in Kota Medan, Sumatera Utara") == 5
    assert len(five) == len(one)


def test_pair_side_by_side_is_audited_and_decided(
    children: Children, pair: CandidatePair, login: Callable[..., Client]
) -> None:
    client = login(children.registry.world.user("supervisor"))
    body = client.get(f"/duplicates/pairs/{pair.pk}/").content.decode()
    # Their own child's record; the Medan boy's stays with Dinas Sosial Kota Medan (test_disclosure).
    assert 'data-testid="side-by-side"' in body and "Nur Hasanah" in body and "Noer Hasanah" not in body
    assert AuditEvent.objects.filter(action="linkage.pair_viewed", target_id=str(pair.pk)).exists()
    response = client.post(
        f"/duplicates/pairs/{pair.pk}/", {"status": "same", "note": "", "version": pair.version}
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    # Confirmed for the Tangerang child; the pair is linked when Medan confirms its own.
    assert pair.status == "pending" and pair.confirmed_by(children.rizki.pk) is not None
    # A stale form (someone decided meanwhile) is refused with the reason.
    stale = client.post(f"/duplicates/pairs/{pair.pk}/", {"status": "different", "note": "x", "version": 1})
    assert stale.status_code == 400 and "Someone else decided" in stale.content.decode()
    missing_note = client.post(
        f"/duplicates/pairs/{pair.pk}/", {"status": "pending", "note": "", "version": 2}
    )
    assert "Say why the decision is reopened" in missing_note.content.decode()


def test_pair_of_two_other_children_is_not_found(children: Children, login: Callable[..., Client]) -> None:
    twins = sorted([children.hasan.pk, children.husein.pk])
    inside = CandidatePair.objects.create(
        child_a_id=twins[0], child_b_id=twins[1], match_probability=0.7, match_weight=1
    )
    medan = login(children.registry.world.user("outsider"))
    assert medan.get(f"/duplicates/pairs/{inside.pk}/").status_code == 404
    operator = login(children.registry.world.user("lksa_operator"), Client())
    assert operator.get(f"/duplicates/pairs/{inside.pk}/").status_code == 403


def test_runs_page_starts_a_run_in_the_jurisdiction_only(
    children: Children, login: Callable[..., Client]
) -> None:
    client = login(children.registry.world.user("supervisor"))
    assert client.get("/duplicates/runs/").context["form"].initial["region"] == "36.03"
    assert client.post("/duplicates/runs/", {"region": ""}).status_code == 302
    run = LinkageRun.objects.get()
    assert run.status == LinkageRun.Status.DONE and run.region_code == "36.03" and run.records == 3
    outside = client.post("/duplicates/runs/", {"region": "12.71"})
    assert outside.status_code == 400 and "outside your jurisdiction" in outside.content.decode()
    unknown = client.post("/duplicates/runs/", {"region": "99.99"})
    assert "No region has the code 99.99." in unknown.content.decode()
    # By name, as a person types it; the list names the place.
    assert client.post("/duplicates/runs/", {"region": "kab. tangerang"}).status_code == 302
    assert LinkageRun.objects.filter(region_code="36.03").count() == 2
    page = client.get("/duplicates/runs/").content.decode()
    assert "<td>Kab. Tangerang, Banten</td>" in page


def test_api_lists_shows_and_decides(
    children: Children, pair: CandidatePair, login: Callable[..., Client]
) -> None:
    client = login(children.registry.world.user("supervisor"))
    response = client.get("/api/v1/linkage/pairs")
    assert response.status_code == 200, response.content[:3000]
    listed = response.json()
    assert [p["id"] for p in listed["items"]] == [pair.pk]
    detail = client.get(f"/api/v1/linkage/pairs/{pair.pk}").json()
    assert {f["label"] for f in detail["fields"]} >= {"Name", "Date of birth", "NIK", "Mother's name"}
    decided = client.post(
        f"/api/v1/linkage/pairs/{pair.pk}/decision",
        {"status": "different", "note": "Ibu berbeda", "version": pair.version},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["status"] == "different"
    again = client.post(
        f"/api/v1/linkage/pairs/{pair.pk}/decision",
        {"status": "different", "version": pair.version},
        content_type="application/json",
    )
    assert again.status_code == 422 and "Someone else decided" in str(again.json()["detail"])
    started = client.post("/api/v1/linkage/runs", {"region": "36.03"}, content_type="application/json")
    assert started.status_code == 202 and started.json()["region_code"] == "36.03"
    assert (
        client.post("/api/v1/linkage/runs", {"region": "12"}, content_type="application/json").status_code
        == 422
    )
