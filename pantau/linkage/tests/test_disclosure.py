"""Across jurisdictions: what the duplicate check and the pair pages disclose, per persona.

The world: Muhammad Rizki is in the Kabupaten Tangerang home (NIK 3171011409120003, father Slamet, born
in Jakarta), the same boy is recorded again in the Kota Medan home as "MOCH. RIZKY RAMADAN" (mother
"Noer Hasanah", born in "Jkt"). ``supervisor`` and ``colleague`` work for Dinas Sosial Kabupaten
Tangerang, ``outsider`` for Dinas Sosial Kota Medan (another province).
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pantau.audit.models import AuditEvent
from pantau.children.selectors import children_visible_to
from pantau.linkage import registration, services
from pantau.linkage.models import CandidatePair
from pantau.linkage.selectors import may_see_pair_child, pair_children_shown, pair_sides_to_confirm
from pantau.linkage.tests.conftest import Children

RIZKI_NIK = "3171011409120003"
# Values only the Tangerang record holds (the Medan record and the typed query have others).
TANGERANG_ONLY = ["Slamet", "Jakarta", "LKSA Kasih Bunda", "0003", "3171", "Muhammad Rizki Ramadhan"]
MEDAN_ONLY = ["MOCH. RIZKY RAMADAN", "Noer Hasanah", "Jkt", "Panti Asuhan Harapan"]
TANGERANG_CONTACTS = [
    {"name": "Pengawas", "email": "pengawas@dinsos.test.id", "phone": ""},
    {"name": "Rekan", "email": "rekan@dinsos.test.id", "phone": ""},
]


def _check(client: Client, children: Children, **payload: Any) -> Any:
    body = {"lksa_id": children.registry.medan.pk, "sex": "L", **payload}
    response = client.post("/api/v1/linkage/check", body, content_type="application/json")
    assert response.status_code == 200, response.content[:2000]
    return response


def _by_id(answer: dict[str, Any]) -> dict[int | None, dict[str, Any]]:
    return {c["child_id"]: c for c in answer["candidates"]}


RIGHT = {"full_name": "Muhamad Rizki Ramadhan", "birth_date": "2012-09-14", "mother_name": "Nur Hasanah"}
MASKED_CANDIDATE = {
    "child_id": None,
    "probability": None,
    "percent": None,
    "region": "Kabupaten Tangerang, Banten",
    "contact": "Dinas Sosial Kabupaten Tangerang",
    "contacts": TANGERANG_CONTACTS,
    "fields": [],
}


# --- The registration check --------------------------------------------------------------------------


def test_outsider_learns_existence_region_and_office_only(
    children: Children, login: Callable[..., Client]
) -> None:
    medan = login(children.registry.world.user("outsider"))
    response = _check(medan, children, **RIGHT)
    found = _by_id(response.json())
    # Their own Medan record, side by side as before; the Tangerang boy: where, and whom to call.
    assert set(found) == {children.rizki_medan.pk, None}
    assert found[children.rizki_medan.pk]["fields"][0]["recorded"] == "MOCH. RIZKY RAMADAN"
    assert found[None] == {**MASKED_CANDIDATE, "likelihood": "very_likely"}
    body = response.content.decode()
    for value in TANGERANG_ONLY[:-1]:  # the typed name is echoed back in the Medan comparison
        assert value not in body, value
    assert str(children.rizki.pk) not in [str(c["child_id"]) for c in response.json()["candidates"]]
    # What was shown is audited with the ids, the masked child included.
    shown = AuditEvent.objects.get(action="linkage.checked")
    assert set(shown.changes["candidates"][1]) == {children.rizki.pk, children.rizki_medan.pk}


def test_a_guessed_nik_is_neither_confirmed_nor_denied(
    children: Children, login: Callable[..., Client]
) -> None:
    medan = login(children.registry.world.user("outsider"))
    # A made-up child with the real NIK of the Tangerang boy: nothing at all.
    guess = _check(medan, children, full_name="Budi Hartono", birth_date="2010-01-05", nik=RIZKI_NIK)
    assert guess.json() == {"candidates": []}
    # The right name and date: "exists in Kabupaten Tangerang", exactly the same with the right NIK,
    # a wrong NIK or none.
    answers = [
        _by_id(_check(medan, children, **RIGHT, nik=nik).json())[None]
        for nik in ("", RIZKI_NIK, "3171011409120099")
    ]
    assert answers[0] == answers[1] == answers[2] == {**MASKED_CANDIDATE, "likelihood": "very_likely"}


@pytest.mark.parametrize(
    "typed",
    [
        {"full_name": "Rizki Ramadhan", "birth_date": "2013-09-14"},  # a weak match: the NIK would decide
        {"full_name": "Muhammad Rizki", "birth_date": "2012-09-14"},
        {"full_name": "Rizky", "birth_date": "2012-09-15", "mother_name": "Nur Hasanah"},
    ],
)
def test_what_is_said_about_a_child_out_of_scope_does_not_depend_on_the_nik(
    children: Children, login: Callable[..., Client], typed: dict[str, str]
) -> None:
    medan = login(children.registry.world.user("outsider"))

    def elsewhere(nik: str) -> list[dict[str, Any]]:
        answer = _check(medan, children, **typed, nik=nik).json()
        return [c for c in answer["candidates"] if c["child_id"] is None]

    assert elsewhere("") == elsewhere(RIZKI_NIK) == elsewhere("3171011409120099")


def test_a_nik_alone_finds_nobody_out_of_scope(children: Children) -> None:
    raw = registration.engine.RawRecord(id=0, full_name="Budi Hartono", sex="L", nik=RIZKI_NIK)
    medan = children.registry.world.user("outsider")
    assert registration.find(raw, scope=children_visible_to(medan)) == []
    # The NIK is looked up in the caller's scope only: one query, found or not.
    with CaptureQueriesContext(connection) as queries:
        registration.nik_candidate_ids(RIZKI_NIK, among=children_visible_to(medan))
    assert len(queries) == 1 and "nik_hash" in queries[0]["sql"] and "region_code" in queries[0]["sql"]
    # A person who may see the boy (and batch work) finds him by the NIK alone: the guard above bites.
    tangerang = children.registry.world.user("supervisor")
    assert [m.child.pk for m in registration.find(raw, scope=children_visible_to(tangerang))] == [
        children.rizki.pk
    ]
    assert [m.child.pk for m in registration.find(raw)] == [children.rizki.pk]


@pytest.mark.parametrize("persona", ["supervisor", "colleague"])
def test_owner_and_colleague_see_their_child_side_by_side(
    children: Children, login: Callable[..., Client], persona: str
) -> None:
    client = login(children.registry.world.user(persona))
    answer = _check(client, children, lksa_id=children.registry.home.pk, **RIGHT, nik=RIZKI_NIK).json()
    found = _by_id(answer)
    assert set(found) == {children.rizki.pk, None}  # the Medan boy is masked for them
    fields = {f["label"]: f for f in found[children.rizki.pk]["fields"]}
    assert fields["Father's name"]["recorded"] == "Slamet"
    assert fields["NIK"] == {
        "label": "NIK",
        "new": "············0003",
        "recorded": "············0003",
        "agreement": "same",
    }
    assert found[children.rizki.pk]["probability"] > 0.99
    assert found[children.rizki.pk]["percent"] == round(found[children.rizki.pk]["probability"] * 100)
    assert found[None]["region"] == "Kota Medan, Sumatera Utara"
    assert found[None]["contacts"] == [{"name": "Pengawas", "email": "pengawas@medan.test.id", "phone": ""}]


def test_outsider_admission_form_shows_where_and_whom_to_ask(
    children: Children, login: Callable[..., Client]
) -> None:
    from pantau.linkage.tests.test_registration_check import NEW_BOY

    medan = login(children.registry.world.user("outsider"))
    response = medan.post(
        "/children/admit/", {"lksa": children.registry.medan.pk, **NEW_BOY, "nik": RIZKI_NIK}
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="duplicate-elsewhere"' in body
    assert (
        "A child recorded in another home, in Kabupaten Tangerang, Banten, is possibly the same child "
        "(likelihood: very likely)." in body
    )
    assert "Contact Dinas Sosial Kabupaten Tangerang before admitting." in body
    assert "mailto:rekan@dinsos.test.id" in body
    for value in ["Slamet", "LKSA Kasih Bunda", f"/children/{children.rizki.pk}/"]:
        assert value not in body, value
    # The typed NIK, masked, beside the Medan record (which has none): once, never the other record's.
    assert body.count("············0003") == 1 and "<td>············0003</td><td>—</td>" in body


def test_operator_still_gets_a_link_to_their_own_child_and_only_an_office_elsewhere(
    children: Children, login: Callable[..., Client]
) -> None:
    operator = login(children.registry.world.user("lksa_operator"))
    answer = _check(operator, children, lksa_id=children.registry.home.pk, **RIGHT).json()
    found = _by_id(answer)
    assert found[children.rizki.pk]["fields"] == [] and found[children.rizki.pk]["contacts"] == []
    assert found[None] == {
        "child_id": None,
        "probability": None,
        "percent": None,
        "likelihood": "very_likely",
        "region": "Kota Medan, Sumatera Utara",
        "contact": "Dinas Sosial Kota Medan",
        "contacts": [],  # operators are told the office only
        "fields": [],
    }


# --- Pairs: the rule -----------------------------------------------------------------------------------


@pytest.fixture
def pair(children: Children) -> CandidatePair:
    services.run_execute(services.run_queue(actor=children.registry.world.user("supervisor"), region_code=""))
    return CandidatePair.objects.get()


def _fresh(pair: CandidatePair) -> CandidatePair:
    return CandidatePair.objects.select_related("child_a__lksa", "child_b__lksa").get(pk=pair.pk)


def _decide(
    children: Children, persona: str, pair: CandidatePair, status: str, note: str = ""
) -> CandidatePair:
    pair = _fresh(pair)
    return services.pair_decide(
        actor=children.registry.world.user(persona),
        pair=pair,
        status=status,
        note=note,
        expected_version=pair.version,
    )


def test_the_rule_in_every_branch(children: Children, pair: CandidatePair) -> None:
    user = children.registry.world.user
    tangerang, medan = children.rizki.pk, children.rizki_medan.pk
    assert {pair.child_a_id, pair.child_b_id} == {tangerang, medan}

    def sees(persona: str) -> set[int]:
        return {c for p, c in pair_children_shown(user(persona), [_fresh(pair)])}

    # 1. Own scope, always; the other side masked while nobody confirmed.
    assert sees("supervisor") == sees("colleague") == {tangerang}
    assert sees("outsider") == {medan}
    assert sees("lksa_operator") == {tangerang}  # their own home's child; no review, so nothing else
    assert sees("case_worker") == {tangerang}  # UPTD PPA sees the region's children, reviews nothing
    assert sees("viewer") == set()
    assert may_see_pair_child(user("outsider"), _fresh(pair), medan)
    assert not may_see_pair_child(user("outsider"), _fresh(pair), tangerang)
    # 2. Tangerang confirms its side: its child is released to Medan; Medan's stays masked.
    confirmed = _decide(children, "supervisor", pair, "same")
    assert confirmed.status == "pending" and confirmed.confirmed_by(tangerang) == user("supervisor").pk
    assert sees("outsider") == {medan, tangerang}
    assert sees("supervisor") == {tangerang}
    assert sees("lksa_operator") == sees("case_worker") == {tangerang}  # not duplicate reviewers
    # Medan confirms too: the same child, both see both.
    same = _decide(children, "outsider", pair, "same")
    assert same.status == "same" and same.decided_by == user("outsider")
    assert sees("supervisor") == sees("colleague") == sees("outsider") == {medan, tangerang}
    # Reopening clears both confirmations: masks again.
    reopened = _decide(children, "colleague", pair, "pending", note="Ibu berbeda menurut KK")
    assert reopened.confirmed_a_by_id is None and reopened.confirmed_b_by_id is None
    assert sees("supervisor") == {tangerang} and sees("outsider") == {medan}
    # "Different children" after a confirmation: the released child is masked again.
    _decide(children, "outsider", pair, "same")
    assert sees("supervisor") == {tangerang, medan}
    different = _decide(children, "supervisor", pair, "different", note="Beda ibu")
    assert different.status == "different" and sees("supervisor") == {tangerang}
    assert sees("outsider") == {medan}
    # Even a confirmation left on a pair decided "different children" releases nothing.
    CandidatePair.objects.filter(pk=pair.pk).update(
        confirmed_a_by=user("supervisor"), confirmed_b_by=user("outsider")
    )
    assert sees("supervisor") == {tangerang} and sees("outsider") == {medan}


def test_a_side_is_confirmed_once_and_only_by_its_office(children: Children, pair: CandidatePair) -> None:
    user = children.registry.world.user
    assert pair_sides_to_confirm(user("supervisor"), pair) == {children.rizki.pk}
    assert pair_sides_to_confirm(user("lksa_operator"), pair) == set()
    _decide(children, "supervisor", pair, "same")
    with pytest.raises(ValidationError, match="already confirmed"):
        _decide(children, "colleague", pair, "same")
    # An office responsible for neither child may not say "same child" (it would release them): refused
    # and audited, even through the service.
    twins = sorted([children.hasan.pk, children.husein.pk])
    inside = CandidatePair.objects.create(
        child_a_id=twins[0], child_b_id=twins[1], match_probability=0.7, match_weight=1
    )
    with pytest.raises(PermissionDenied):
        _decide(children, "outsider", inside, "same")
    refusal = AuditEvent.objects.get(action="access.denied", target_id=str(inside.pk))
    assert refusal.changes["reason"] == "pair_side_out_of_scope"
    assert _fresh(inside).status == "pending" and _fresh(inside).confirmed_a_by_id is None
    # Withdrawing a confirmation (reopen with a reason) is possible before the other office decides.
    withdrawn = _decide(children, "supervisor", pair, "pending", note="Salah klik")
    assert withdrawn.confirmed_by(children.rizki.pk) is None


# --- Pairs: pages and API ------------------------------------------------------------------------------


def _assert_none_of(body: str, values: list[str]) -> None:
    for value in values:
        assert value not in body, value


def test_pair_pages_mask_the_other_office_s_child_until_it_confirms(
    children: Children, pair: CandidatePair, login: Callable[..., Client]
) -> None:
    tangerang = login(children.registry.world.user("supervisor"))
    medan = login(children.registry.world.user("outsider"), Client())
    url = f"/duplicates/pairs/{pair.pk}/"

    body = tangerang.get(url).content.decode()
    assert 'data-testid="pair-masked"' in body and "Muhammad Rizki Ramadhan" in body
    assert "Kota Medan, Sumatera Utara" in body and "Dinas Sosial Kota Medan" in body
    assert "mailto:pengawas@medan.test.id" in body
    assert "(likelihood: very likely, without the NIK)" in body
    _assert_none_of(body, [*MEDAN_ONLY, "Same child: link the records"])
    assert "Same child: show our record to the other office" in body
    body = medan.get(url).content.decode()
    assert "MOCH. RIZKY RAMADAN" in body and "Kabupaten Tangerang, Banten" in body
    _assert_none_of(body, TANGERANG_ONLY)
    # The list and the child's page say as little.
    listed = medan.get("/duplicates/").content.decode()
    assert "A child in Kabupaten Tangerang, Banten" in listed and "very likely" in listed
    _assert_none_of(listed, TANGERANG_ONLY)
    detail = tangerang.get(f"/children/{children.rizki.pk}/").content.decode()
    assert "A child in Kota Medan, Sumatera Utara" in detail
    _assert_none_of(detail, MEDAN_ONLY)
    # Openings are audited in both regions, with who was shown in full.
    opened = AuditEvent.objects.filter(action="linkage.pair_viewed", target_id=str(pair.pk))
    assert sorted(e.target_region_code for e in opened) == sorted(
        [children.rizki.region_code, children.rizki_medan.region_code] * 2
    )
    assert {tuple(e.changes["shown"][1]) for e in opened} == {
        (children.rizki.pk,),
        (children.rizki_medan.pk,),
    }

    # Tangerang confirms on what it sees: its record goes to Medan, which then decides with both.
    response = tangerang.post(url, {"status": "same", "note": "", "version": pair.version})
    assert response.status_code == 302
    body = medan.get(url).content.decode()
    assert "Muhammad Rizki Ramadhan" in body and "Slamet" in body and 'data-testid="pair-masked"' not in body
    assert 'data-testid="pair-confirmed"' in body and "Same child: link the records" in body
    _assert_none_of(tangerang.get(url).content.decode(), MEDAN_ONLY)
    assert medan.post(url, {"status": "same", "note": "", "version": pair.version + 1}).status_code == 302
    body = tangerang.get(url).content.decode()
    assert "MOCH. RIZKY RAMADAN" in body and "Noer Hasanah" in body and "Reopen the decision" in body


def test_pair_api_masks_the_same_way(
    children: Children, pair: CandidatePair, login: Callable[..., Client]
) -> None:
    medan = login(children.registry.world.user("outsider"))
    tangerang_is_a = pair.child_a_id == children.rizki.pk
    other = "child_a" if tangerang_is_a else "child_b"
    listed = medan.get("/api/v1/linkage/pairs").json()["items"]
    assert len(listed) == 1 and listed[0]["match_probability"] is None
    assert listed[0][f"{other}_shown"] is False
    # Not even the masked child's record number.
    own = "child_b" if other == "child_a" else "child_a"
    assert listed[0][f"{other}_id"] is None and listed[0][f"{own}_id"] == children.rizki_medan.pk
    assert listed[0][f"{other}_masked"] == {
        "region": "Kabupaten Tangerang, Banten",
        "office": "Dinas Sosial Kabupaten Tangerang",
        "contacts": TANGERANG_CONTACTS,
    }
    detail = medan.get(f"/api/v1/linkage/pairs/{pair.pk}")
    assert detail.status_code == 200
    _assert_none_of(detail.content.decode(), TANGERANG_ONLY)
    side = "first" if tangerang_is_a else "second"
    assert {f[side] for f in detail.json()["fields"]} == {None}
    assert {f["agreement"] for f in detail.json()["fields"]} == {""}
    # After both offices confirm (through the API): both see both, with the model's probability.
    tangerang = login(children.registry.world.user("supervisor"), Client())
    for client, version in ((tangerang, pair.version), (medan, pair.version + 1)):
        decided = client.post(
            f"/api/v1/linkage/pairs/{pair.pk}/decision",
            {"status": "same", "note": "", "version": version},
            content_type="application/json",
        )
        assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "same" and decided.json()["match_probability"] > 0.9
    detail = tangerang.get(f"/api/v1/linkage/pairs/{pair.pk}").json()
    names = next(f for f in detail["fields"] if f["label"] == "Name")
    assert {names["first"], names["second"]} == {"Muhammad Rizki Ramadhan", "MOCH. RIZKY RAMADAN"}
    assert detail["child_a_masked"] is None and detail["child_b_masked"] is None


def test_operator_cannot_open_pairs(
    children: Children, pair: CandidatePair, login: Callable[..., Client]
) -> None:
    operator = login(children.registry.world.user("lksa_operator"))
    assert operator.get(f"/duplicates/pairs/{pair.pk}/").status_code == 403
    assert operator.get(f"/api/v1/linkage/pairs/{pair.pk}").status_code == 403
