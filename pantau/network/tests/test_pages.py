"""The pages as each persona sees them: the owner (Dinas Sosial Kabupaten Tangerang), a colleague agency
(the police PPA unit of Tangerang, which leads the case about Medan's home) and the outsider (Dinas Sosial
Kota Medan). A place the reader may not see is counted, not shown; an identifier with no place the
reader may see is not found; every opening is audited; the queries do not grow with the identifier."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from pantau.accounts.models import User
from pantau.audit.models import AuditEvent
from pantau.monitoring.models import Post
from pantau.network.models import Entity, Signal
from pantau.network.tests.conftest import EVIDENCE_SHA256, Network

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]


def _entity(label: str) -> Entity:
    return Entity.objects.get(label=label)


def _places(body: str) -> int:
    return body.count('data-testid="place-row"')


def test_the_owner_sees_its_places_and_counts_the_others(network: Network, login: Login) -> None:
    client = login(network.world.user("supervisor"))
    shared = _entity("BCA ••••••4455")
    page = client.get(f"/network/identifiers/{shared.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert (
        _places(body) == 2
    )  # kasih's and cahaya's appeals; harapan's (Medan) and the case's evidence counted
    assert 'data-testid="places-count">2<' in body and 'data-testid="homes-count">2<' in body
    assert "Found in 2 more places you may not see:\ncases 1, online monitoring 1." in body
    assert "Panti Asuhan Harapan" not in body  # counted, not named, as its place is
    assert "1 home outside your jurisdiction" in body
    event = AuditEvent.objects.get(action="network.entity_viewed", actor=network.world.user("supervisor"))
    assert event.changes == {"places_shown": [None, 2], "places_withheld": [None, 2]}
    assert "7012334455" not in body and "Peduli" in body  # masked number, holder as written


def test_the_outsider_sees_only_medan_and_not_an_identifier_with_nothing_of_theirs(
    network: Network, login: Login
) -> None:
    client = login(network.world.user("outsider"))
    shared = _entity("BCA ••••••4455")
    assert _places(client.get(f"/network/identifiers/{shared.pk}/").content.decode()) == 1
    personal = _entity("BRI •••••••••••5503")  # kasih's alone
    assert client.get(f"/network/identifiers/{personal.pk}/").status_code == 404
    assert client.get(f"/network/identifiers/{personal.pk}/graph/").status_code == 404
    refused = AuditEvent.objects.filter(action="access.denied", actor=network.world.user("outsider"))
    assert refused.count() == 2


def test_a_case_s_alleged_person_is_shown_to_the_case_s_agency_only(network: Network, login: Login) -> None:
    person = _entity("R. S. D. (NIK)")
    owner = login(network.world.user("supervisor")).get(f"/network/identifiers/{person.pk}/").content.decode()
    assert _places(owner) == 1 and "Found in 1 more place you may not see:\ncases 1." in owner
    police = (
        login(network.world.user("investigator")).get(f"/network/identifiers/{person.pk}/").content.decode()
    )
    assert _places(police) == 2 and "KS-1" in police and "may not see" not in police


@pytest.mark.parametrize("persona", ["case_worker", "viewer", "lksa_operator", "auditor", "org_admin"])
def test_roles_without_the_network_are_refused(network: Network, login: Login, persona: str) -> None:
    client = login(network.world.user(persona))
    shared = _entity("BCA ••••••4455")
    for url in (
        "/network/",
        f"/network/identifiers/{shared.pk}/",
        f"/network/identifiers/{shared.pk}/packet/",
    ):
        assert client.get(url).status_code == 403, url


def test_the_entity_page_and_the_network_view_make_the_same_queries_for_any_identifier(
    network: Network, login: Login
) -> None:
    client = login(network.world.user("investigator"))
    counts = {}
    for label in ("BCA ••••••4455", "R. S. D. (NIK)", "+6281•••••1357", "@panti.kasih"):
        entity = _entity(label)
        for page in ("", "graph/"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/network/identifiers/{entity.pk}/{page}").status_code == 200
            counts[(label, page)] = len(queries)
    # One more when a signal's explanation names homes (their names are read in one query).
    assert counts == {
        ("BCA ••••••4455", ""): 16,
        ("R. S. D. (NIK)", ""): 15,
        ("+6281•••••1357", ""): 15,
        ("@panti.kasih", ""): 15,
        ("BCA ••••••4455", "graph/"): 19,
        ("R. S. D. (NIK)", "graph/"): 19,
        ("+6281•••••1357", "graph/"): 19,
        ("@panti.kasih", "graph/"): 19,
    }


def test_the_signals_list_is_the_jurisdiction_s_with_constant_queries(network: Network, login: Login) -> None:
    client = login(network.world.user("supervisor"))
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/network/").content.decode()
    assert body.count('data-testid="signal-row"') == 6  # harapan's (Medan) is not Tangerang's
    assert len(queries) == 8
    outsider = login(network.world.user("outsider")).get("/network/").content.decode()
    assert outsider.count('data-testid="signal-row"') == 1


def test_search_is_a_post_and_finds_only_what_the_reader_may_see(network: Network, login: Login) -> None:
    client = login(network.world.user("supervisor"))
    found = client.post("/network/", {"kind": "bank", "value": "bca 701-233-4455"})
    assert (
        found.status_code == 302
        and found["Location"] == f"/network/identifiers/{_entity('BCA ••••••4455').pk}/"
    )
    missing = client.post("/network/", {"kind": "phone", "value": "0811 0000 0000"})
    assert missing.status_code == 200 and "Not found in any record you may see." in missing.content.decode()
    invalid = client.post("/network/", {"kind": "phone", "value": ""})
    assert invalid.status_code == 400
    # A person: by NIK, or by name and date of birth; never by a name alone.
    ratna = _entity("R. S. D. (NIK)")
    by_nik = client.post("/network/", {"kind": "person", "value": "3603 1254 0379 0004"})
    assert by_nik.status_code == 302 and by_nik["Location"] == f"/network/identifiers/{ratna.pk}/"
    by_birth = client.post("/network/", {"kind": "person", "value": "Ratna Sari Dewi, 14-03-1979"})
    assert by_birth["Location"] == f"/network/identifiers/{_entity('R. S. D., 1979').pk}/"
    name_only = client.post("/network/", {"kind": "person", "value": "Ratna Sari Dewi"})
    assert "Not found in any record you may see." in name_only.content.decode()
    outsider = login(network.world.user("outsider"))
    assert outsider.post("/network/", {"kind": "bank", "value": "BRI 0123 0100 4455 503"}).status_code == 200


def test_the_packet_gives_the_number_in_full_with_hashes_and_is_audited(
    network: Network, login: Login
) -> None:
    client = login(network.world.user("investigator"))
    shared = _entity("BCA ••••••4455")
    answer = client.get(f"/network/identifiers/{shared.pk}/packet/")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages)
    assert "BCA (014) 7012334455" in text
    # The police lead the case about harapan: its evidence is cited with the hash taken at upload.
    assert f"evidencebukti-transfer.png:{EVIDENCE_SHA256}" in re.sub(r"\s", "", text)
    event = AuditEvent.objects.get(action="network.packet_exported")
    digest = event.changes["packet_sha256"][1]
    assert len(digest) == 64 and digest[:32] in text.replace("\n", "")


def test_the_post_page_links_its_identifiers(network: Network, login: Login) -> None:
    client = login(network.world.user("supervisor"))
    post: Post = network.posts["kasih"]
    body = client.get(f"/monitoring/posts/{post.pk}/").content.decode()
    shared = _entity("BCA ••••••4455")
    assert f'href="/network/identifiers/{shared.pk}/" data-testid="post-link">BCA ••••••4455</a>' in body
    viewer = login(network.world.user("viewer"))
    assert 'data-testid="post-links"' not in viewer.get(f"/monitoring/posts/{post.pk}/").content.decode()


def test_a_signal_opens_a_concern_from_its_page(network: Network, login: Login) -> None:
    client = login(network.world.user("supervisor"))
    signal = Signal.objects.get(code="paper_orphans")
    page = client.get(f"/network/signals/{signal.pk}/").content.decode()
    assert "3 of its 4 children in care have a living parent" in page
    assert f'href="/monitoring/posts/{network.posts["kasih"].pk}/"' in page  # the post making the claim
    read = AuditEvent.objects.get(action="network.signal_viewed")
    assert read.changes == {"places_shown": [None, 1], "places_withheld": [None, 0]}
    answer = client.post(f"/network/signals/{signal.pk}/concern/", {"note": "Kunjungi minggu ini."})
    assert answer.status_code == 302
    signal.refresh_from_db()
    assert signal.status == "concern" and signal.concern is not None
    page = client.get(f"/network/signals/{signal.pk}/").content.decode()
    assert f"Concern {signal.concern.tracking_code} opened for triage." in page
    refused = client.post(f"/network/signals/{signal.pk}/set-aside/", {"note": "x"})
    assert refused.status_code == 400 and "already decided" in refused.content.decode()
    empty = Signal.objects.get(code="personal_account")
    answer = client.post(f"/network/signals/{empty.pk}/set-aside/", {"note": ""})
    assert answer.status_code == 400 and "Say why the signal is set aside" in answer.content.decode()
    outsider = login(network.world.user("outsider"))
    assert outsider.get(f"/network/signals/{signal.pk}/").status_code == 404


def test_a_dinas_sosial_case_worker_reads_the_network_but_gets_no_packet(
    network: Network, login: Login
) -> None:
    from pantau.accounts.roles import Role
    from pantau.conftest import make_user

    worker = make_user("peksos@dinsos.test.id", network.world.dinsos, Role.CASE_WORKER)
    client = login(worker)
    shared = _entity("BCA ••••••4455")
    assert client.get(f"/network/identifiers/{shared.pk}/").status_code == 200
    assert 'data-testid="packet"' not in client.get(f"/network/identifiers/{shared.pk}/").content.decode()
    assert client.get(f"/network/identifiers/{shared.pk}/packet/").status_code == 403
    assert client.get(f"/api/v1/network/entities/{shared.pk}/packet").status_code == 403
    assert not AuditEvent.objects.filter(action="network.packet_exported").exists()
