"""/api/v1/network: the same scoping, audit and decisions as the pages, seen by the owner (the Dinas
Sosial Kabupaten Tangerang supervisor), a colleague in the police (the PPA unit's investigator), an
outsider (Dinas Sosial Kota Medan) and roles without the network.

The network: one BCA account collecting for two Tangerang homes of different foundations and one Medan
home (``shared_account`` at each), named in a Tangerang concern; each home's own phone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.accounts.services import api_token_create
from pantau.audit.models import AuditEvent
from pantau.cases.models import Concern
from pantau.conftest import World, build_world, make_user
from pantau.network import indexer
from pantau.network.models import Entity, Kind, Signal
from pantau.registry.models import BankAccount, Lksa
from pantau.registry.tests.conftest import make_lksa

ACCOUNT = ("BCA", "701-2334-455")
ACCOUNT_TYPED = "BCA 701 2334 455"


@dataclass
class Net:
    world: World
    home: Lksa
    other: Lksa
    medan: Lksa
    account: Entity
    home_phone: Entity
    medan_phone: Entity
    signal: Signal  # shared_account at the Tangerang home
    medan_signal: Signal

    def user(self, persona: str) -> User:
        return self.world.user(persona)


def _tangerang_home(name: str) -> Lksa:
    org = Organisation.objects.create(name=name, kind=OrgKind.LKSA, region_id="36.03.03.2001")
    return make_lksa(org)


def _collects(home: Lksa) -> None:
    BankAccount.objects.create(
        lksa=home, bank=ACCOUNT[0], number=ACCOUNT[1], holder_name="Yayasan Peduli", holder_kind="foundation"
    )


def build_net(extra_homes: int = 0) -> Net:
    w = build_world()
    home = make_lksa(w.lksa, phone="0812-1111-2222")
    other = _tangerang_home("Panti Harapan Baru")
    medan = make_lksa(w.lksa_medan, phone="0813-5555-6666")
    for collector in (home, other, medan):
        _collects(collector)
    for n in range(extra_homes):
        _collects(_tangerang_home(f"Panti Tambahan {n}"))
    Concern.objects.create(
        source=Concern.Source.STAFF,
        lksa=home,
        region_code=home.region_code,
        category="fundraising",
        description="-",
        subject_text="BCA 7012334455 a.n. Budi",
    )
    # Those who act on signals without the police's or a triage office's powers: a Polres supervisor;
    # a Dinas Sosial case worker (the network, not the packet).
    make_user("kasat@polres.test.id", w.polres, Role.SUPERVISOR)
    make_user("peksos@dinsos.test.id", w.dinsos, Role.CASE_WORKER)
    indexer.rebuild()
    account = Entity.objects.get(kind=Kind.BANK, label__endswith="4455")
    phones = {e.label[-4:]: e for e in Entity.objects.filter(kind=Kind.PHONE)}
    signals = Signal.objects.filter(code=Signal.Code.SHARED_ACCOUNT, entity=account)
    return Net(
        w,
        home,
        other,
        medan,
        account,
        phones["2222"],
        phones["6666"],
        signals.get(lksa=home),
        signals.get(lksa=medan),
    )


@pytest.fixture
def net(db: None) -> Net:
    return build_net()


def bearer(user: User, language: str = "en") -> Client:
    _, clear = api_token_create(user=user, name="network", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {clear}", HTTP_ACCEPT_LANGUAGE=language)


def _as(net: Net, persona: str) -> Client:
    if persona in ("kasat", "dinsos_case_worker"):
        email = "kasat@polres.test.id" if persona == "kasat" else "peksos@dinsos.test.id"
        return bearer(User.objects.get(email=email))
    return bearer(net.user(persona))


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


# --- signals -------------------------------------------------------------------------------------------


def test_signals_of_ones_jurisdiction_explained(net: Net) -> None:
    body = _as(net, "supervisor").get("/api/v1/network/signals").json()
    assert body["count"] == 2  # the two Tangerang homes; Medan's is not ours
    rows = {row["lksa_id"]: row for row in body["items"]}
    assert set(rows) == {net.home.pk, net.other.pk}
    row = rows[net.home.pk]
    assert row["code"] == "shared_account" and row["status"] == "open" and row["holds"] is True
    assert row["entity_id"] == net.account.pk and row["entity_label"] == "BCA ••••••4455"
    assert row["concern_tracking_code"] is None
    assert row["explanation"].startswith("BCA ••••••4455 collects donations for 3 homes")
    assert net.home.name in row["explanation"] and net.medan.name not in row["explanation"]
    assert row["explanation"].endswith(", 1 home outside your jurisdiction.")  # counted, as its place is
    # The police see the signals of their jurisdiction too; Medan sees its own only.
    assert _as(net, "investigator").get("/api/v1/network/signals").json()["count"] == 2
    medan = _as(net, "outsider").get("/api/v1/network/signals").json()
    assert [row["id"] for row in medan["items"]] == [net.medan_signal.pk]


def test_signal_filters(net: Net) -> None:
    client = _as(net, "supervisor")
    assert client.get("/api/v1/network/signals", {"code": "paper_orphans"}).json()["count"] == 0
    assert client.get("/api/v1/network/signals", {"code": "shared_account"}).json()["count"] == 2
    Signal.objects.filter(pk=net.signal.pk).update(holds=False)
    assert client.get("/api/v1/network/signals").json()["count"] == 1  # by default: those that hold
    assert client.get("/api/v1/network/signals", {"status": "open"}).json()["count"] == 2
    refused = client.get("/api/v1/network/signals", {"code": "nope"})
    assert refused.status_code == 422 and list(refused.json()["detail"]) == ["code"]
    assert client.get("/api/v1/network/signals", {"status": "nope"}).status_code == 422


def test_one_signal_with_the_evidence_the_reader_may_see(net: Net) -> None:
    body = _as(net, "supervisor").get(f"/api/v1/network/signals/{net.signal.pk}").json()
    assert body["may_act"] is True and body["note"] == "" and body["decided_by_id"] is None
    assert {p["lksa_id"] for p in body["places"]} == {net.home.pk, net.other.pk}
    assert body["withheld"] == 1  # the Medan home's account
    place = body["places"][0]
    assert place["entity_label"] == "BCA ••••••4455" and place["source"] == "bank_account"
    assert place["page_url"].startswith("/organisations/") or place["page_url"].startswith("/")


def test_signals_outside_the_jurisdiction_are_not_found_and_the_refusal_is_audited(net: Net) -> None:
    outsider = _as(net, "outsider")
    for url in (f"/api/v1/network/signals/{net.signal.pk}", "/api/v1/network/signals/999999"):
        assert outsider.get(url).status_code == 404
    answer = _post(outsider, f"/api/v1/network/signals/{net.signal.pk}/set-aside", {"note": "x"})
    assert answer.status_code == 404 and answer.json() == {"detail": "Not found."}
    assert AuditEvent.objects.filter(action="access.denied", actor=net.user("outsider")).count() == 3
    assert Signal.objects.get(pk=net.signal.pk).status == "open"


def test_roles_without_the_network_are_refused(net: Net) -> None:
    for persona in ("case_worker", "viewer", "lksa_operator", "auditor", "system_admin"):
        client = _as(net, persona)
        for url in (
            "/api/v1/network/signals",
            f"/api/v1/network/signals/{net.signal.pk}",
            f"/api/v1/network/entities/{net.account.pk}",
            f"/api/v1/network/entities/{net.account.pk}/graph",
            f"/api/v1/network/entities/{net.account.pk}/packet",
        ):
            answer = client.get(url)
            assert answer.status_code == 403, (persona, url)
            assert answer.json() == {"detail": "You do not have permission for this."}
        assert (
            _post(client, "/api/v1/network/search", {"kind": "bank", "value": ACCOUNT_TYPED}).status_code
            == 403
        )
        assert _post(client, f"/api/v1/network/signals/{net.signal.pk}/concern", {}).status_code == 403


# --- deciding on a signal ------------------------------------------------------------------------------


def test_opening_a_concern_from_a_signal(net: Net) -> None:
    answer = _post(
        _as(net, "supervisor"), f"/api/v1/network/signals/{net.signal.pk}/concern", {"note": "Cek rekening."}
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["status"] == "concern" and body["may_act"] is False and body["note"] == "Cek rekening."
    concern = Concern.objects.get(tracking_code=body["concern_tracking_code"])
    assert concern.source == Concern.Source.NETWORK and concern.lksa_id == net.home.pk
    assert concern.description.endswith("Cek rekening.")
    assert AuditEvent.objects.filter(action="network.signal_decided", actor=net.user("supervisor")).exists()
    # The police investigator acts on signals too (they open their own cases from it).
    other = Signal.objects.get(code="shared_account", lksa=net.other)
    assert (
        _post(_as(net, "investigator"), f"/api/v1/network/signals/{other.pk}/concern", {}).status_code == 200
    )


def test_setting_aside_needs_a_reason_in_the_users_language(net: Net) -> None:
    url = f"/api/v1/network/signals/{net.signal.pk}/set-aside"
    refused = _post(_as(net, "supervisor"), url, {"note": "  "})
    assert refused.status_code == 422
    assert refused.json() == {
        "detail": {"note": ["Say why the signal is set aside: the next reviewer reads it."]}
    }
    indonesian = _post(bearer(net.user("supervisor"), "id"), url, {})
    assert indonesian.status_code == 422 and list(indonesian.json()["detail"]) == ["note"]
    assert Signal.objects.get(pk=net.signal.pk).status == "open"
    done = _post(_as(net, "supervisor"), url, {"note": "Rekening yayasan induk, sudah dicek."})
    assert done.status_code == 200 and done.json()["status"] == "dismissed"


def test_a_signal_already_decided_answers_409(net: Net) -> None:
    base = f"/api/v1/network/signals/{net.signal.pk}"
    assert _post(_as(net, "supervisor"), f"{base}/set-aside", {"note": "Sudah dicek."}).status_code == 200
    for action in ("concern", "set-aside"):
        late = _post(_as(net, "colleague"), f"{base}/{action}", {"note": "Saya juga."})
        assert late.status_code == 409
        assert late.json() == {
            "detail": "This signal was already decided by someone else. Reload the page to see it."
        }
    assert Concern.objects.filter(source=Concern.Source.NETWORK).count() == 0
    assert Signal.objects.get(pk=net.signal.pk).note == "Sudah dicek."


def test_readers_who_may_not_act_on_a_signal_are_refused(net: Net) -> None:
    kasat = _as(net, "kasat")  # a Polres supervisor: the network, but neither triage nor investigation
    assert kasat.get(f"/api/v1/network/signals/{net.signal.pk}").json()["may_act"] is False
    for action in ("concern", "set-aside"):
        answer = _post(kasat, f"/api/v1/network/signals/{net.signal.pk}/{action}", {"note": "x"})
        assert answer.status_code == 403
    assert Signal.objects.get(pk=net.signal.pk).status == "open"
    kasat_user = User.objects.get(email="kasat@polres.test.id")
    assert AuditEvent.objects.filter(action="access.denied", actor=kasat_user).count() == 2


# --- search --------------------------------------------------------------------------------------------


def test_search_finds_an_identifier_the_reader_may_see(net: Net) -> None:
    client = _as(net, "supervisor")
    found = _post(client, "/api/v1/network/search", {"kind": "bank", "value": ACCOUNT_TYPED})
    assert found.status_code == 200
    assert found.json() == {"id": net.account.pk, "kind": "bank", "label": "BCA ••••••4455"}
    phone = _post(client, "/api/v1/network/search", {"kind": "phone", "value": "+62 812 1111 2222"})
    assert phone.json()["id"] == net.home_phone.pk


def test_search_answers_404_alike_for_unknown_and_out_of_scope(net: Net) -> None:
    client = _as(net, "supervisor")
    for body in (
        {"kind": "phone", "value": "0813-5555-6666"},  # Medan's phone: indexed, not ours
        {"kind": "phone", "value": "0899-0000-0000"},  # not indexed
        {"kind": "bank", "value": "nonsense"},
    ):
        answer = _post(client, "/api/v1/network/search", body)
        assert answer.status_code == 404 and answer.json() == {"detail": "Not found."}, body
    assert _post(client, "/api/v1/network/search", {"kind": "email", "value": "x"}).status_code == 422
    # A person by a name alone: no key (namesakes), so found nowhere.
    assert _post(client, "/api/v1/network/search", {"kind": "person", "value": "Budi"}).status_code == 404
    assert _post(client, "/api/v1/network/search", {"kind": "phone", "value": ""}).status_code == 422


# --- an identifier ---------------------------------------------------------------------------------------


def test_the_owner_sees_the_places_of_the_jurisdiction_and_the_rest_counted(net: Net) -> None:
    answer = _as(net, "supervisor").get(f"/api/v1/network/entities/{net.account.pk}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["kind"] == "bank" and body["label"] == "BCA ••••••4455"
    assert sorted(p["source"] for p in body["places"]) == ["bank_account", "bank_account", "concern"]
    assert body["withheld"] == {"registry": 1} and body["withheld_total"] == 1
    assert body["more_places"] == 0
    assert {s["lksa_id"] for s in body["signals"]} == {net.home.pk, net.other.pk}
    concern = next(p for p in body["places"] if p["source"] == "concern")
    assert concern["source_group"] == "concerns" and concern["as_written"] == "Budi"
    assert concern["holder_kind"] == "person"
    event = AuditEvent.objects.get(action="network.entity_viewed")
    assert event.actor_id == net.user("supervisor").pk
    assert event.target_label == f"network.entity:{net.account.pk}"
    assert event.changes == {"places_shown": [None, 3], "places_withheld": [None, 1]}
    assert "7012334455" not in json.dumps(event.changes) and "Budi" not in json.dumps(event.changes)


def test_the_police_colleague_sees_by_their_own_rights(net: Net) -> None:
    body = _as(net, "investigator").get(f"/api/v1/network/entities/{net.account.pk}").json()
    assert [p["source"] for p in body["places"]] == ["bank_account", "bank_account"]
    assert body["withheld"] == {"registry": 1, "concerns": 1}  # police do not triage concerns


def test_the_outsider_does_not_find_what_only_tangerang_holds(net: Net) -> None:
    outsider = _as(net, "outsider")
    for suffix in ("", "/graph", "/packet"):
        assert outsider.get(f"/api/v1/network/entities/{net.home_phone.pk}{suffix}").status_code == 404
    assert outsider.get("/api/v1/network/entities/999999").status_code == 404
    assert AuditEvent.objects.filter(action="access.denied", actor=net.user("outsider")).count() == 4
    assert not AuditEvent.objects.filter(action="network.entity_viewed").exists()
    # The shared account: Medan's own place only, Tangerang's counted.
    body = outsider.get(f"/api/v1/network/entities/{net.account.pk}").json()
    assert [p["lksa_id"] for p in body["places"]] == [net.medan.pk]
    assert body["withheld"] == {"registry": 2, "concerns": 1}


# The token and the membership (2), the identifier and whether a place of it is visible (2, with the
# cases the reader works on: 1), the picture (places, counts by source, signals: 3, with the cases: 1),
# the audit event in its savepoint (3), the names of the homes the signals cite (1).
QUERIES = 13


def test_an_identifiers_page_makes_the_same_queries_with_one_place_or_many(
    django_assert_num_queries: Any, db: None
) -> None:
    net = build_net(extra_homes=12)
    owner, outsider = _as(net, "supervisor"), _as(net, "outsider")
    account = f"/api/v1/network/entities/{net.account.pk}"
    for client in (owner, outsider):
        client.get(account)  # warm: content types, translations
    with django_assert_num_queries(QUERIES):
        body = outsider.get(account).json()
    assert len(body["places"]) == 1 and len(body["signals"]) == 1  # Medan's own
    with django_assert_num_queries(QUERIES):
        body = owner.get(account).json()
    assert len(body["places"]) == 15 and len(body["signals"]) == 14
    assert body["withheld"] == {"registry": 1}
    with django_assert_num_queries(QUERIES - 1):  # no signal: no home to name
        body = owner.get(f"/api/v1/network/entities/{net.home_phone.pk}").json()
    assert len(body["places"]) == 1 and body["signals"] == []


# --- graph and packet ------------------------------------------------------------------------------------


def test_graph_of_an_identifier_with_evidence_on_each_edge(net: Net) -> None:
    answer = _as(net, "supervisor").get(f"/api/v1/network/entities/{net.account.pk}/graph")
    assert answer.status_code == 200
    body = answer.json()
    keys = {n["key"]: n for n in body["nodes"]}
    centre = f"e:{net.account.pk}"
    assert keys[centre]["hop"] == 0 and keys[centre]["parent"] is None
    assert f"h:{net.home.pk}" in keys and f"h:{net.other.pk}" in keys
    assert f"h:{net.medan.pk}" not in keys  # not a place the reader may see
    assert f"e:{net.home_phone.pk}" in keys and keys[f"e:{net.home_phone.pk}"]["hop"] == 2
    edge = next(e for e in body["edges"] if {e["a"], e["b"]} == {centre, f"h:{net.home.pk}"})
    assert edge["via_record"] is False
    assert sorted(p["source"] for p in edge["evidence"]) == ["bank_account", "concern"]
    assert edge["evidence"][0]["lksa_id"] == net.home.pk and edge["evidence"][0]["page_url"]
    assert AuditEvent.objects.filter(action="network.graph_viewed", actor=net.user("supervisor")).exists()


def test_packet_gives_the_identifier_in_full_with_a_hash_the_audit_keeps(net: Net) -> None:
    answer = _as(net, "investigator").get(f"/api/v1/network/entities/{net.account.pk}/packet")
    assert answer.status_code == 200
    body = answer.json()
    assert body["identifier"]["value"] == "BCA (014) 7012334455"
    assert body["prepared_by"] == {
        "organisation": "Unit PPA Polresta Tangerang",
        "user": "penyidik@ppa.test.id",
    }
    assert len(body["places"]) == 2 and body["withheld"] == {"registry": 1, "concerns": 1}
    for place in body["places"]:
        rest = {k: v for k, v in place.items() if k not in ("sha256", "evidence")}
        assert place["sha256"] == hashlib.sha256(json.dumps(rest, sort_keys=True).encode()).hexdigest()
    # The hash covers the packet as the client receives it: nothing is lost or added on the way.
    unsigned = {k: v for k, v in body.items() if k != "packet_sha256"}
    digest = hashlib.sha256(json.dumps(unsigned, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    assert body["packet_sha256"] == digest
    event = AuditEvent.objects.get(action="network.packet_exported")
    assert event.changes["packet_sha256"] == [None, digest] and event.actor_id == net.user("investigator").pk
    assert "7012334455" not in json.dumps(event.changes)


def test_packet_needs_its_own_permission(net: Net) -> None:
    client = _as(net, "dinsos_case_worker")  # the network, not the packet
    assert client.get(f"/api/v1/network/entities/{net.account.pk}").status_code == 200
    assert client.get(f"/api/v1/network/entities/{net.account.pk}/packet").status_code == 403
    assert not AuditEvent.objects.filter(action="network.packet_exported").exists()
    assert _as(net, "supervisor").get(f"/api/v1/network/entities/{net.account.pk}/packet").status_code == 200


def test_the_page_search_reads_an_account_typed_with_spaces(net: Net, login: Any) -> None:
    # The selector both the page and the API use: the bank's name, then the number however spaced.
    client = login(net.user("supervisor"))
    for typed in (ACCOUNT_TYPED, "BCA 7012334455", "BCA: 701-2334-455"):
        answer = client.post("/network/", {"kind": "bank", "value": typed})
        assert answer.status_code == 302 and answer["Location"] == f"/network/identifiers/{net.account.pk}/"
