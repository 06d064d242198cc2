"""Check a post before publishing: what each persona gets, the rules' outcomes against the home's own
permit and accounts, nothing stored unless kept, refusals (oversized, rate limit, a home out of scope)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from pantau.audit.models import AuditEvent
from pantau.monitoring.models import KeptPostCheck
from pantau.monitoring.post_check import CHECKS_PER_HOUR, MAX_CAPTION
from pantau.registry.models import BankAccount, FundraisingPermit, Lksa
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db
Login = Callable[..., Client]

RISKY = (
    "Live malam ini bareng adik-adik panti, kirim gift ya kak! "
    "Donasi ke BRI 0123-01-000123-50-1 a.n. Siti Aminah"
)
PERMITTED = "Open donasi untuk pembangunan asrama. Transfer ke BRI 012301000123501 a.n. Yayasan Kasih Bunda."
BENIGN = "Alhamdulillah hari ini anak-anak belajar mengaji bersama ustadzah."


def outcomes(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-testid="rule-(\w+)" data-outcome="(\w+)"', html))


def permit(home: Lksa, number: str = "012301000123501") -> FundraisingPermit:
    account = BankAccount.objects.create(
        lksa=home, bank="BRI", number=number, holder_name="Yayasan Kasih Bunda", holder_kind="foundation"
    )
    today = timezone.localdate()
    return FundraisingPermit.objects.create(
        lksa=home,
        number="PUB/36.03/7",
        issued_on=today - timedelta(days=10),
        valid_until=today + timedelta(days=60),
        bank_account=account,
    )


def check(client: Client, caption: str, **flags: Any) -> Any:
    return client.post("/monitoring/post-check/", {"caption": caption, **flags})


def test_a_risky_live_stream_is_explained_and_nothing_is_stored(
    registry: RegistryWorld, login: Login
) -> None:
    operator = registry.world.user("lksa_operator")
    page = check(login(operator), RISKY, is_live="on", children_shown="on", asks_money="on")
    html = page.content.decode()
    assert page.status_code == 200
    assert outcomes(html) == {
        "no_faces_in_appeals": "flagged",
        "no_live_with_children_for_gifts": "flagged",
        "permit_for_public_appeal": "flagged",
        "permit_account_shown": "not_applicable",
        "foundation_account": "flagged",
    }
    assert "This post would be flagged" in html
    assert "No fundraising permit of LKSA Kasih Bunda is valid today in the registry." in html
    assert "A person&#x27;s account or an e-wallet: BRI •••••••••••3501 a.n. Siti Aminah." in html
    assert "UU 35/2014 Pasal 76I jo. Pasal 88" in html and "SE Mensos No. 2/2023" in html
    assert "from secondary sources, article not checked against the text" in html
    assert "Risk score 100% (tier: tinjau)." in html
    # Nothing of the caption is kept: no check stored, one audit row without content.
    assert not KeptPostCheck.objects.exists()
    (event,) = AuditEvent.objects.filter(action__startswith="monitoring.post_check")
    assert (event.action, event.changes, event.target_id) == ("monitoring.post_checked", {"kept": False}, "")
    trail = json.dumps(list(AuditEvent.objects.values("changes", "target_label")))
    assert "Siti" not in trail and "gift" not in trail


def test_an_appeal_under_the_homes_permit_passes(registry: RegistryWorld, login: Login) -> None:
    permit(registry.home)
    html = check(login(registry.world.user("lksa_operator")), PERMITTED, asks_money="on").content.decode()
    assert outcomes(html) == {
        "no_faces_in_appeals": "ok",
        "no_live_with_children_for_gifts": "not_applicable",
        "permit_for_public_appeal": "ok",
        "permit_account_shown": "ok",
        "foundation_account": "ok",
    }
    until = (timezone.localdate() + timedelta(days=60)).isoformat()
    assert f"Permit PUB/36.03/7 is valid until {until}." in html
    assert "Nothing in this post breaks the rules below" in html


def test_an_account_other_than_the_permits_is_flagged(registry: RegistryWorld, login: Login) -> None:
    permit(registry.home, number="9990001112")
    html = check(login(registry.world.user("lksa_operator")), PERMITTED).content.decode()
    assert outcomes(html)["permit_account_shown"] == "flagged"
    assert "Not the account of your permit: BRI •••••••••••3501." in html


def test_a_benign_post_is_not_flagged(registry: RegistryWorld, login: Login) -> None:
    html = check(login(registry.world.user("lksa_operator")), BENIGN, children_shown="on").content.decode()
    assert set(outcomes(html).values()) == {"not_applicable"}
    assert "Nothing in this post breaks the rules below" in html


def test_kept_checks_are_the_homes_alone(registry: RegistryWorld, login: Login) -> None:
    operator = login(registry.world.user("lksa_operator"))
    check(operator, RISKY, keep="on")
    kept = KeptPostCheck.objects.get()
    assert (kept.organisation, kept.lksa, kept.caption) == (registry.world.lksa, registry.home, RISKY)
    assert kept.result["would_be_flagged"] is True
    assert AuditEvent.objects.filter(action="monitoring.post_check_kept", target_id=str(kept.pk)).count() == 1
    assert 'data-testid="kept-checks"' in operator.get("/monitoring/post-check/").content.decode()
    supervisor = login(registry.world.user("supervisor"), Client())
    assert "Siti Aminah" not in supervisor.get("/monitoring/post-check/").content.decode()


def test_staff_check_against_a_home_they_see(registry: RegistryWorld, login: Login) -> None:
    permit(registry.home)
    client = login(registry.world.user("supervisor"))
    html = check(client, PERMITTED, lksa=registry.home.pk).content.decode()
    assert outcomes(html)["permit_for_public_appeal"] == "ok"
    assert outcomes(check(client, PERMITTED).content.decode())["permit_for_public_appeal"] == "not_applicable"
    refused = check(client, PERMITTED, lksa=registry.medan.pk)
    assert refused.status_code == 400 and "Select a valid choice" in refused.content.decode()


@pytest.mark.parametrize("persona", ["investigator", "case_worker", "viewer", "system_admin"])
def test_others_may_not_check(registry: RegistryWorld, login: Login, persona: str) -> None:
    assert check(login(registry.world.user(persona)), BENIGN).status_code == 403


def test_an_oversized_caption_is_refused_clearly(registry: RegistryWorld, login: Login) -> None:
    client = login(registry.world.user("lksa_operator"))
    page = check(client, "a" * (MAX_CAPTION + 1))
    assert page.status_code == 400
    message = "The caption has 10.001 characters; at most 10.000 can be checked. Check it in parts."
    assert message in page.content.decode()
    api = client.post(
        "/api/v1/monitoring/post-check", {"caption": "a" * (MAX_CAPTION + 1)}, content_type="application/json"
    )
    assert (api.status_code, api.json()["detail"]) == (422, {"caption": [message]})
    assert check(client, "   ").status_code == 400
    assert not AuditEvent.objects.filter(action__startswith="monitoring.post_check").exists()


def test_checks_are_rate_limited(registry: RegistryWorld, login: Login) -> None:
    operator = registry.world.user("lksa_operator")
    client = login(operator)
    cache.set(f"ratelimit:post-check:{operator.pk}", CHECKS_PER_HOUR, timeout=3600)
    page = check(client, BENIGN)
    assert page.status_code == 429 and "Too many checks in the last hour." in page.content.decode()
    api = client.post("/api/v1/monitoring/post-check", {"caption": BENIGN}, content_type="application/json")
    assert api.status_code == 429


def test_the_api_explains_and_keeps_only_when_asked(registry: RegistryWorld, login: Login) -> None:
    client = login(registry.world.user("lksa_operator"))
    body = {"caption": RISKY, "is_live": True, "children_shown": True, "asks_money": True}
    answer = client.post("/api/v1/monitoring/post-check", body, content_type="application/json").json()
    assert (answer["would_be_flagged"], answer["kept"], answer["home"]) == (True, False, "LKSA Kasih Bunda")
    rule = next(r for r in answer["rules"] if r["code"] == "no_faces_in_appeals")
    assert rule["outcome"] == "flagged"
    assert [p["citation"] for p in rule["legal_basis"]] == [
        "UU 35/2014 Pasal 76I jo. Pasal 88",
        "SE Mensos No. 2/2023 (16 January 2023)",
        "UU 27/2022 Pasal 4 ayat (2), Pasal 25",
        "UNICEF, principles for reporting on children",
    ]
    assert not KeptPostCheck.objects.exists()
    kept = client.post(
        "/api/v1/monitoring/post-check", {**body, "keep": True}, content_type="application/json"
    )
    assert kept.json()["kept_id"] == KeptPostCheck.objects.get().pk
    other = login(registry.world.user("supervisor"), Client())
    refused = other.post(
        "/api/v1/monitoring/post-check",
        {"caption": BENIGN, "lksa_id": registry.medan.pk},
        content_type="application/json",
    )
    assert refused.status_code == 422


def test_the_home_page_offers_the_check(registry: RegistryWorld, login: Login) -> None:
    html = login(registry.world.user("lksa_operator")).get("/").content.decode()
    assert 'href="/monitoring/post-check/"' in html and 'href="/aid/"' in html
