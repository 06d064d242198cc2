"""The public check: verdicts anyone can read, and nothing private on the page or in the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from pantau.audit.models import AuditEvent
from pantau.cases.models import Concern
from pantau.registry.models import BankAccount, FundraisingPermit, Lksa, SocialAccount
from pantau.registry.tests.conftest import RegistryWorld, make_sound, refresh

pytestmark = pytest.mark.django_db

PRIVATE = ["Ibu Pengasuh Rahayu", "Pak Peksos Hidayat", "0812999888777", "Jl. Rahasia 9", "Budi Perorangan"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def sound(registry: RegistryWorld) -> Lksa:
    today = timezone.localdate()
    home = make_sound(registry.home, today=today)
    Lksa.objects.filter(pk=home.pk).update(phone="0812999888777", address="Jl. Rahasia 9", children_count=33)
    account = BankAccount.objects.get(lksa=home)
    FundraisingPermit.objects.create(
        lksa=home,
        number="PUB/36.03/7",
        level="regency",
        issued_on=today - timedelta(days=5),
        valid_until=today + timedelta(days=60),
        bank_account=account,
    )
    BankAccount.objects.create(
        lksa=home, bank="BCA", number="777.888.9999", holder_name="Budi Perorangan", holder_kind="person"
    )
    SocialAccount.objects.create(lksa=home, platform="tiktok", handle="@Panti.KasihBunda")
    return refresh(home, today)


def test_search_shows_a_plain_verdict_and_no_private_field(sound: Lksa, client: Client) -> None:
    page = client.get("/check/", {"q": "kasih"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A Dinas Sosial registration valid until" in page and "is recorded in Pantau." in page
    assert "A fundraising permit valid until" in page
    api = client.get("/api/v1/public/lksa", {"q": "kasih"}).content.decode()
    detail = client.get(f"/check/lksa/{sound.pk}/").content.decode()
    for text in (page, api, detail):
        for private in PRIVATE:
            assert private not in text
    assert "0123-01-000111-50-9" in detail  # the permitted account is public on purpose


def test_unregistered_home_says_so(registry: RegistryWorld, client: Client) -> None:
    refresh(registry.home)
    page = client.get("/check/", {"q": "kasih"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No Dinas Sosial registration is recorded in Pantau." in page


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0123 01 000111 50 9", "a fundraising permit valid today, recorded in Pantau, covers it"),
        ("777-888-9999", "held by a person"),
        ("https://www.tiktok.com/@panti.kasihbunda/", "social-media account is registered to"),
        ("999-000-111-222", "does not belong to any children's home registered"),
    ],
)
def test_account_lookup(sound: Lksa, client: Client, value: str, expected: str) -> None:
    page = client.post("/check/account/", {"value": value}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert expected in page
    # By POST only: a value in the address is not looked up (addresses are logged).
    ignored = client.get("/check/account/", {"value": value}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert expected not in ignored and 'method="post"' in ignored


def test_account_lookup_needs_the_csrf_token(sound: Lksa) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/check/account/", {"value": "777-888-9999"}).status_code == 403
    form = client.get("/check/account/")
    token = form.cookies["csrftoken"].value
    answer = client.post(
        "/check/account/", {"value": "777-888-9999", "csrfmiddlewaretoken": token}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert answer.status_code == 200 and "held by a person" in answer.content.decode()


def test_api_lookup_by_post(sound: Lksa, client: Client) -> None:
    answer = client.post("/api/v1/public/lookup", {"value": "777-888-9999"}, content_type="application/json")
    assert answer.status_code == 200
    assert [(m["kind"], m["held_by_person"]) for m in answer.json()] == [("bank", True)]
    empty = client.post("/api/v1/public/lookup", {"value": ""}, content_type="application/json")
    assert empty.status_code == 422

    # A NUL in the value (found by the schema fuzzing) is no handle: an empty answer, not a 500.
    nul = client.get("/api/v1/public/lookup", {"value": "\x00abc\x00def"})
    assert (nul.status_code, nul.json()) == (200, [])


def test_report_a_concern_and_follow_it(sound: Lksa, client: Client) -> None:
    response = client.post(
        "/check/report/",
        {
            "lksa": sound.pk,
            "category": "livestream",
            "description": "<script>alert(1)</script> siaran malam hari",
            "reporter_contact": "0811000222",
        },
    )
    concern = Concern.objects.get()
    assert response.status_code == 200 and concern.tracking_code in response.content.decode()
    assert concern.lksa == sound and concern.region_code == sound.region_code and concern.source == "public"
    event = AuditEvent.objects.get(action="concern.created")
    assert event.changes["source"] == [None, "public"] and event.target_label == concern.tracking_code
    assert "0811000222" not in str(event.changes) and event.actor is None
    status = client.get("/check/track/", {"code": concern.tracking_code.lower()}, HTTP_ACCEPT_LANGUAGE="en")
    body = status.content.decode()
    assert "Received, waiting for review" in body
    assert "siaran malam" not in body and "0811000222" not in body and "<script>alert" not in body
    unknown = client.get(
        "/check/track/", {"code": "PNT-XXXX-YYYY"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "No report has this tracking code" in unknown


def test_report_validation_and_rate_limit(registry: RegistryWorld, client: Client) -> None:
    too_long = client.post("/check/report/", {"category": "other", "description": "x" * 5001})
    assert too_long.status_code == 400 and not Concern.objects.exists()
    # Every submission counts against the limit, refused ones too: floods of junk are what it stops.
    for _ in range(4):
        response = client.post("/check/report/", {"category": "other", "description": "Ada yang aneh"})
        assert response.status_code == 200
    assert client.post("/check/report/", {"category": "other", "description": "lagi"}).status_code == 429
    assert Concern.objects.count() == 4


def test_public_api_is_rate_limited(registry: RegistryWorld, client: Client) -> None:
    for _ in range(60):
        client.get("/api/v1/public/lksa", {"q": "a"})
    response = client.get("/api/v1/public/lksa", {"q": "a"})
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Terlalu banyak permintaan")


def test_a_permit_never_exposes_a_personal_account(sound: Lksa, client: Client) -> None:
    from django.core.exceptions import ValidationError

    person = BankAccount.objects.get(holder_name="Budi Perorangan")
    permit = FundraisingPermit(
        lksa=sound,
        number="PUB/X",
        level="regency",
        issued_on=timezone.localdate(),
        valid_until=timezone.localdate() + timedelta(days=30),
        bank_account=person,
    )
    with pytest.raises(ValidationError):
        permit.full_clean()
    permit.save()  # even if one slipped in through old data, the public never sees the person
    for text in (
        client.get(f"/check/lksa/{sound.pk}/").content.decode(),
        client.get("/api/v1/public/lookup", {"value": "777.888.9999"}).content.decode(),
    ):
        assert "Budi Perorangan" not in text and "777.888.9999" not in text
