"""Who may administer whom: no self-administration, no peer or auditor take-over, LKSA stay in their lane."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory, override_settings

from pantau.accounts.models import ApiToken, Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.accounts.services import api_token_create
from pantau.accounts.testing import enter_code
from pantau.audit.models import AuditEvent
from pantau.audit.services import audit_record
from pantau.conftest import PASSWORD, World, make_user
from pantau.lib.net import client_ip


def test_kpai_org_admin_cannot_take_over_the_system_admin(world: World, login: Callable[..., Client]) -> None:
    kpai_admin = make_user("admin@kpai.test.id", world.kpai, Role.ORG_ADMIN)
    sysadmin = world.user("system_admin")
    client = login(kpai_admin)
    assert client.post(f"/users/{sysadmin.pk}/reset-password/").status_code == 403
    assert (
        client.post(
            f"/users/{sysadmin.pk}/", {"full_name": "x", "email": "evil@x.id", "role": Role.VIEWER}
        ).status_code
        == 403
    )
    assert client.post(f"/users/{sysadmin.pk}/active/", {"active": "0"}).status_code == 403
    sysadmin.refresh_from_db()
    assert sysadmin.is_active and sysadmin.email == "sysadmin@test.id" and sysadmin.check_password(PASSWORD)
    assert (
        AuditEvent.objects.filter(action="access.denied", changes__reason="no_authority_over_account").count()
        == 3
    )


@pytest.mark.parametrize("role", [Role.ORG_ADMIN, Role.AUDITOR])
def test_org_admin_cannot_manage_or_create_privileged_roles(
    world: World, login: Callable[..., Client], role: str
) -> None:
    peer = make_user(f"{role}2@dinsos.test.id", world.dinsos, role)
    client = login(world.user("org_admin"))
    assert client.post(f"/users/{peer.pk}/reset-password/").status_code == 403
    response = client.post(
        "/users/new/",
        {"full_name": "N", "email": "n@dinsos.test.id", "organisation": world.dinsos.pk, "role": role},
    )
    assert response.status_code == 400
    # ...and cannot promote a colleague to it.
    colleague = world.user("colleague")
    promoted = client.post(
        f"/users/{colleague.pk}/", {"full_name": "R", "email": colleague.email, "role": role}
    )
    assert promoted.status_code == 400
    assert colleague.active_membership.role == Role.SUPERVISOR  # type: ignore[union-attr]


def test_system_admin_may_appoint_org_admins_but_not_administer_self(
    world: World, login: Callable[..., Client]
) -> None:
    client = login(world.user("system_admin"))
    response = client.post(
        "/users/new/",
        {
            "full_name": "Baru",
            "email": "baru@dinsos.test.id",
            "organisation": world.dinsos.pk,
            "role": Role.ORG_ADMIN,
        },
    )
    assert response.status_code == 200
    assert client.post(f"/users/{world.user('system_admin').pk}/active/", {"active": "0"}).status_code == 403


def test_changing_your_password_asks_for_the_current_one(world: World, login: Callable[..., Client]) -> None:
    user = world.user("viewer")
    client = login(user)
    new = "another-good-password-5"
    refused = client.post("/account/password/", {"new_password1": new, "new_password2": new})
    assert refused.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    accepted = client.post(
        "/account/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert accepted.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_temporary_password_blocks_the_api_for_the_session_too(
    world: World, login: Callable[..., Client]
) -> None:
    user = world.user("viewer")
    user.must_change_password = True
    user.save()
    assert login(user).get("/api/v1/me").status_code == 401


def test_password_reset_revokes_api_tokens(world: World, login: Callable[..., Client]) -> None:
    _, clear = api_token_create(user=world.user("colleague"), name="x", days=10)
    login(world.user("org_admin")).post(f"/users/{world.user('colleague').pk}/reset-password/")
    assert ApiToken.objects.get().revoked_at is not None
    assert Client(HTTP_AUTHORIZATION=f"Bearer {clear}").get("/api/v1/me").status_code == 401


def test_sign_in_ignores_the_case_of_the_email(world: World) -> None:
    response = Client().post("/login/", {"username": "  Pengawas@Dinsos.Test.ID ", "password": PASSWORD})
    assert response.status_code == 302


def test_language_chosen_before_sign_in_is_kept_until_the_user_picks_one(world: World) -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    client.post("/login/", {"username": world.user("viewer").email, "password": PASSWORD})
    enter_code(client, world.user("viewer"))
    assert '<html lang="en">' in client.get("/").content.decode()


def test_lksa_admin_sees_only_its_own_home_in_the_directory(
    world: World, login: Callable[..., Client]
) -> None:
    neighbour = Organisation.objects.create(
        name="LKSA Tetangga", kind=OrgKind.LKSA, region_id="36.03.03.2001"
    )
    admin = make_user("admin@lksa.test.id", world.lksa, Role.ORG_ADMIN)
    names = {o["name"] for o in login(admin).get("/api/v1/organisations").json()["items"]}
    assert names == {world.lksa.name}
    assert login(admin).get(f"/organisations/{neighbour.pk}/").status_code == 404


def test_regional_auditor_sees_national_changes_to_records_in_the_region(
    world: World, login: Callable[..., Client]
) -> None:
    audit_record(action="organisation.updated", actor=world.user("system_admin"), target=world.lksa)
    audit_record(action="organisation.updated", actor=world.user("system_admin"), target=world.lksa_medan)
    response = login(world.user("auditor")).get("/audit/", {"action": "organisation.updated"})
    assert [e.target_label for e in response.context["page"]] == [world.lksa.name]


def test_create_system_admin_command_and_seed_demo_guard(db: None) -> None:
    out = io.StringIO()
    call_command("create_system_admin", "--email", "Admin@KPAI.go.id", "--full-name", "Admin", stdout=out)
    user = User.objects.get(email="admin@kpai.go.id")
    assert user.must_change_password and user.active_membership.role == Role.SYSTEM_ADMIN  # type: ignore[union-attr]
    assert "Temporary password" in out.getvalue()
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_system_admin", "--email", "admin@kpai.go.id", "--full-name", "Again")
    with override_settings(IS_PRODUCTION=True), pytest.raises(CommandError, match="refused in production"):
        call_command("seed_demo")


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.9"),  # no proxy configured: a forged header is ignored
        (
            1,
            "6.6.6.6, 203.0.113.7",
            "203.0.113.7",
        ),  # the client prepended a lie; our proxy appended the truth
        (2, "203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "", "10.0.0.9"),
    ],
)
def test_client_ip_trusts_only_our_own_proxies(proxies: int, forwarded: str, expected: str) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(PANTAU_TRUSTED_PROXIES=proxies):
        assert client_ip(request) == expected
