"""Monitored accounts are created only in the caller's jurisdiction (page, API, bulk import), and a
refusal never names the office whose queue holds an account (issue 14)."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pantau.accounts.models import User
from pantau.accounts.roles import Role
from pantau.audit.models import AuditEvent
from pantau.conftest import make_user
from pantau.monitoring import services
from pantau.monitoring.models import MonitoredAccount
from pantau.monitoring.tests.conftest import Monitored
from pantau.registry.models import SocialAccount

OUTSIDE_HOME = (
    "This handle belongs to a registered home outside your jurisdiction: the office responsible for "
    "that home monitors it."
)
ELSEWHERE = "This account is already monitored by another office."
# What a refusal to the Medan office must never say about the Tangerang account and its office.
TANGERANG_WORDS = ("Tangerang", "Kasih Bunda", "36.03", "Pasir Bolang", "Tigaraksa")


def refusals(user: User) -> list[dict[str, object]]:
    return [
        {"label": e.target_label, **e.changes}
        for e in AuditEvent.objects.filter(action="access.denied", actor_id=user.pk).order_by("pk")
    ]


def api_add(client: Client, **payload: object) -> tuple[int, dict[str, object]]:
    response = client.post("/api/v1/monitoring/accounts", payload, content_type="application/json")
    return response.status_code, response.json()


def test_api_refuses_a_registered_handle_of_a_home_in_another_region(
    monitored: Monitored, login: Callable[..., Client]
) -> None:
    SocialAccount.objects.create(lksa=monitored.registry.home, platform="instagram", handle="@kasih.bunda.ig")
    outsider = monitored.registry.world.user("outsider")
    before = MonitoredAccount.objects.count()
    status, body = api_add(login(outsider), platform="instagram", handle="kasih.bunda.ig")
    assert status == 422
    assert body == {"detail": {"handle": [OUTSIDE_HOME]}}
    assert MonitoredAccount.objects.count() == before
    assert refusals(outsider) == [
        {
            "label": "instagram @kasih.bunda.ig",
            "reason": "monitoring_out_of_scope",
            "permission": "monitoring.work",
        }
    ]
    # With one of the caller's own homes named, the registry's home still decides: no squatting.
    status, body = api_add(
        login(outsider, Client()),
        platform="instagram",
        handle="kasih.bunda.ig",
        lksa_id=monitored.registry.medan.pk,
    )
    assert status == 422 and body == {"detail": {"handle": [OUTSIDE_HOME]}}
    assert MonitoredAccount.objects.count() == before


def test_api_creates_a_registered_handle_of_an_own_home_in_its_region(
    monitored: Monitored, login: Callable[..., Client]
) -> None:
    SocialAccount.objects.create(lksa=monitored.registry.medan, platform="tiktok", handle="@harapan.live")
    status, body = api_add(
        login(monitored.registry.world.user("outsider")), platform="tiktok", handle="harapan.live"
    )
    assert status == 201
    assert (body["lksa_id"], body["region_code"]) == (monitored.registry.medan.pk, "12.71.02")


def test_a_national_office_may_monitor_a_home_anywhere(
    monitored: Monitored, login: Callable[..., Client]
) -> None:
    SocialAccount.objects.create(lksa=monitored.registry.medan, platform="tiktok", handle="@harapan.live")
    kpai = make_user("pengawas@kpai.test.id", monitored.registry.world.kpai, Role.SUPERVISOR)
    status, body = api_add(login(kpai), platform="tiktok", handle="harapan.live")
    assert status == 201 and body["region_code"] == "12.71.02"
    # An unknown operator's account registered by a national office joins the national queue.
    status, body = api_add(login(kpai, Client()), platform="tiktok", handle="peduli.anak.nusantara")
    assert status == 201 and (body["lksa_id"], body["region_code"]) == (None, "")


def test_an_account_monitored_elsewhere_is_refused_without_naming_the_office(
    monitored: Monitored, login: Callable[..., Client]
) -> None:
    world = monitored.registry.world
    # An unknown operator's account, in the Tangerang queue.
    services.account_register(
        actor=world.user("supervisor"), account=MonitoredAccount(platform="tiktok", handle="peduli.yatim")
    )
    outsider = world.user("outsider")
    status, body = api_add(login(outsider), platform="tiktok", handle="@Peduli.Yatim")
    assert status == 422 and body == {"detail": {"handle": [ELSEWHERE]}}
    page = login(outsider, Client()).post(
        "/monitoring/accounts/", {"platform": "tiktok", "handle": "peduli.yatim"}
    )
    text = page.content.decode()
    assert page.status_code == 400 and ELSEWHERE in text
    # The page lists the caller's own accounts only; none of the refusal's words points to Tangerang.
    assert not [w for w in TANGERANG_WORDS if w in json.dumps(body) + text]
    assert [r["reason"] for r in refusals(outsider)] == ["monitoring_out_of_scope"] * 2
    # Inside one's own jurisdiction the duplicate still says where it is.
    status, body = api_add(login(world.user("colleague"), Client()), platform="tiktok", handle="peduli.yatim")
    assert status == 422
    assert body == {
        "detail": {"handle": ["This account is already monitored, in the queue of Kabupaten Tangerang."]}
    }


def test_page_form_refuses_a_registered_handle_of_another_region(
    monitored: Monitored, login: Callable[..., Client]
) -> None:
    SocialAccount.objects.create(lksa=monitored.registry.home, platform="facebook", handle="kasihbunda.tgr")
    outsider = monitored.registry.world.user("outsider")
    response = login(outsider).post(
        "/monitoring/accounts/", {"platform": "facebook", "handle": "@KasihBunda.tgr"}
    )
    text = response.content.decode()
    assert response.status_code == 400 and OUTSIDE_HOME in text
    assert not MonitoredAccount.objects.filter(handle_normalised="kasihbunda.tgr").exists()
    assert refusals(outsider)[-1]["reason"] == "monitoring_out_of_scope"
    # The same handle from the home's own Dinas Sosial is linked to the home.
    ok = login(monitored.registry.world.user("supervisor"), Client()).post(
        "/monitoring/accounts/", {"platform": "facebook", "handle": "@KasihBunda.tgr"}
    )
    assert ok.status_code == 302
    account = MonitoredAccount.objects.get(handle_normalised="kasihbunda.tgr")
    assert (account.lksa, account.region_code) == (monitored.registry.home, "36.03.03.2001")


def test_import_refuses_new_accounts_of_homes_in_another_region_once_audited(
    monitored: Monitored, login: Callable[..., Client]
) -> None:
    SocialAccount.objects.create(lksa=monitored.registry.home, platform="tiktok", handle="@kasih.bunda.live")
    lines = [
        {"id": "1", "text": "live malam", "platform": "tiktok", "account": "@kasih.bunda.live"},
        {"id": "2", "text": "live lagi", "platform": "tiktok", "account": "kasih.bunda.live"},
        {"id": "3", "text": "donasi", "platform": "tiktok", "account": "harapan.sunggal.baru"},
    ]
    data = "\n".join(json.dumps(line) for line in lines).encode()
    outsider = monitored.registry.world.user("outsider")
    response = login(outsider).post(
        "/monitoring/import/",
        {"file": SimpleUploadedFile("posts.jsonl", data, content_type="application/jsonl")},
    )
    assert response.status_code == 200
    assert not MonitoredAccount.objects.filter(handle_normalised="kasih.bunda.live").exists()
    created = MonitoredAccount.objects.get(handle_normalised="harapan.sunggal.baru")
    assert (created.region_code, created.lksa_id) == ("12.71", None)
    # Two lines refused, the refusal audited once for the file.
    assert [r["reason"] for r in refusals(outsider)] == ["monitoring_out_of_scope"]
    text = response.content.decode()
    assert text.count(OUTSIDE_HOME) == 2


def test_api_import_refuses_an_account_monitored_elsewhere(
    monitored: Monitored, login: Callable[..., Client]
) -> None:
    outsider = monitored.registry.world.user("outsider")
    data = json.dumps({"id": "9", "text": "x", "platform": "tiktok", "account": "@panti.kasih.bunda"})
    response = login(outsider).post(
        "/api/v1/monitoring/import", {"format": "jsonl", "data": data}, content_type="application/json"
    )
    body = response.json()
    assert response.status_code == 200 and body["created"] == 0
    assert body["problems"] == [{"line": 1, "message": "the account is outside your jurisdiction"}]
    assert not [w for w in TANGERANG_WORDS if w in json.dumps(body)]
    assert [r["reason"] for r in refusals(outsider)] == ["monitoring_out_of_scope"]
