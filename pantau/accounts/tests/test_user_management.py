"""Organisation administrators manage their own organisation's users; system admins manage organisations."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pantau.accounts.models import Membership, Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.audit.models import AuditEvent
from pantau.conftest import World, make_user


def test_org_admin_creates_user_in_own_organisation(world: World, login: Callable[..., Client]) -> None:
    client = login(world.user("org_admin"))
    response = client.post(
        "/users/new/",
        {
            "full_name": "Rina Siregar",
            "email": "Rina@Dinsos.Test.id",
            "organisation": world.dinsos.pk,
            "role": Role.SUPERVISOR,
        },
    )
    assert response.status_code == 200
    user = User.objects.get(email="rina@dinsos.test.id")
    assert user.must_change_password
    assert user.active_membership is not None and user.active_membership.organisation == world.dinsos
    # The temporary password is shown once, and works.
    password = response.context["password"]
    assert password in response.content.decode()
    assert user.check_password(password)
    event = AuditEvent.objects.get(action="user.created", target_id=str(user.pk))
    assert event.actor == world.user("org_admin")
    assert event.changes["role"] == [None, Role.SUPERVISOR]
    assert password not in str(event.changes)


def test_org_admin_cannot_create_in_another_organisation_or_give_system_admin(
    world: World, login: Callable[..., Client]
) -> None:
    client = login(world.user("org_admin"))
    response = client.post(
        "/users/new/",
        {
            "full_name": "X",
            "email": "x@medan.test.id",
            "organisation": world.dinsos_medan.pk,
            "role": Role.SUPERVISOR,
        },
    )
    assert response.status_code == 400
    response = client.post(
        "/users/new/",
        {
            "full_name": "X",
            "email": "x@dinsos.test.id",
            "organisation": world.dinsos.pk,
            "role": Role.SYSTEM_ADMIN,
        },
    )
    assert response.status_code == 400
    assert not User.objects.filter(email__startswith="x@").exists()
    assert not AuditEvent.objects.filter(action="user.created").exists()


def test_role_must_fit_the_organisation_kind(world: World, login: Callable[..., Client]) -> None:
    client = login(world.user("system_admin"))
    response = client.post(
        "/users/new/",
        {
            "full_name": "Y",
            "email": "y@lksa.test.id",
            "organisation": world.lksa.pk,
            "role": Role.INVESTIGATOR,
        },
    )
    assert response.status_code == 400
    assert "This role cannot be given in this organisation." in response.content.decode()


def test_duplicate_email_is_refused_with_a_clear_message(world: World, login: Callable[..., Client]) -> None:
    client = login(world.user("org_admin"))
    response = client.post(
        "/users/new/",
        {
            "full_name": "Dup",
            "email": "REKAN@dinsos.test.id",
            "organisation": world.dinsos.pk,
            "role": Role.VIEWER,
        },
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 400
    assert "Akun dengan alamat email ini sudah ada." in response.content.decode()


def test_org_admin_edits_colleague_role_and_it_is_audited(world: World, login: Callable[..., Client]) -> None:
    colleague = world.user("colleague")
    client = login(world.user("org_admin"))
    response = client.post(
        f"/users/{colleague.pk}/",
        {"full_name": "Rekan Baru", "email": colleague.email, "phone": "", "role": Role.VIEWER},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=colleague, is_active=True).role == Role.VIEWER
    event = AuditEvent.objects.get(action="user.updated", target_id=str(colleague.pk))
    assert event.changes == {"full_name": ["Rekan", "Rekan Baru"], "role": [Role.SUPERVISOR, Role.VIEWER]}


def test_org_admin_cannot_touch_outsider(world: World, login: Callable[..., Client]) -> None:
    outsider = world.user("outsider")
    client = login(world.user("org_admin"))
    assert client.post(f"/users/{outsider.pk}/active/", {"active": "0"}).status_code == 404
    assert client.post(f"/users/{outsider.pk}/reset-password/").status_code == 404
    outsider.refresh_from_db()
    assert outsider.is_active


def test_deactivate_and_reset_password(world: World, login: Callable[..., Client]) -> None:
    colleague = world.user("colleague")
    client = login(world.user("org_admin"))
    assert client.post(f"/users/{colleague.pk}/active/", {"active": "0"}).status_code == 302
    colleague.refresh_from_db()
    assert not colleague.is_active
    response = client.post(f"/users/{colleague.pk}/reset-password/")
    colleague.refresh_from_db()
    assert colleague.check_password(response.context["password"]) and colleague.must_change_password
    reset = AuditEvent.objects.get(action="user.password_reset")
    assert reset.changes == {"password": ["***", "***"]}
    # A deactivated person cannot sign in.
    attempt = Client().post(
        "/login/", {"username": colleague.email, "password": response.context["password"]}
    )
    assert attempt.status_code == 200 and "_auth_user_id" not in attempt.client.session


def test_admin_cannot_deactivate_self(world: World, login: Callable[..., Client]) -> None:
    admin = world.user("org_admin")
    client = login(admin)
    client.post(f"/users/{admin.pk}/active/", {"active": "0"})
    admin.refresh_from_db()
    assert admin.is_active


def test_system_admin_creates_organisation_with_validated_region(
    world: World, login: Callable[..., Client]
) -> None:
    client = login(world.user("system_admin"))
    # A regency office needs a kabupaten/kota, not a province.
    bad = client.post(
        "/organisations/new/",
        {"name": "Dinas Sosial Banten?", "kind": OrgKind.DINSOS_REGENCY, "region": "36", "is_active": "on"},
    )
    assert bad.status_code == 400
    assert "This kind of organisation cannot have a region at this level." in bad.content.decode()
    unknown = client.post(
        "/organisations/new/", {"name": "X", "kind": OrgKind.DINSOS_REGENCY, "region": "99.99"}
    )
    assert unknown.status_code == 400
    assert "No region has the code 99.99." in unknown.content.decode()
    ambiguous = client.post(
        "/organisations/new/", {"name": "X", "kind": OrgKind.DINSOS_REGENCY, "region": "Tangerang"}
    )
    assert ambiguous.status_code == 400
    assert (
        "&quot;Tangerang&quot; could be several places: Kab. Tangerang, Banten (36.03); Kota Tangerang, "
        "Banten (36.71)." in ambiguous.content.decode()
    )
    good = client.post(
        "/organisations/new/",
        {
            "name": "Dinas Sosial Kota Tangerang",
            "kind": OrgKind.DINSOS_REGENCY,
            "region": "kota  tangerang",  # typed by name
            "is_active": "on",
        },
    )
    assert good.status_code == 302
    organisation = Organisation.objects.get(name="Dinas Sosial Kota Tangerang")
    assert organisation.region_id == "36.71"
    assert AuditEvent.objects.filter(action="organisation.created", target_id=str(organisation.pk)).exists()


def test_changing_kind_cannot_strand_members_in_impossible_roles(
    world: World, login: Callable[..., Client]
) -> None:
    client = login(world.user("system_admin"))
    # Dinas Sosial has supervisors; an LKSA may not.
    response = client.post(
        f"/organisations/{world.dinsos.pk}/edit/",
        {"name": world.dinsos.name, "kind": OrgKind.LKSA, "region": "36.03", "is_active": "on"},
    )
    assert response.status_code == 400
    assert "change their roles first" in response.content.decode()
    world.dinsos.refresh_from_db()
    assert world.dinsos.kind == OrgKind.DINSOS_REGENCY


def test_police_unit_needs_police_parent(world: World, login: Callable[..., Client]) -> None:
    client = login(world.user("system_admin"))
    response = client.post(
        "/organisations/new/",
        {"name": "Unit Siber", "kind": OrgKind.POLICE_CYBER_UNIT, "region": "36.03", "is_active": "on"},
    )
    assert response.status_code == 400
    assert "A police unit must belong to a police command." in response.content.decode()


def test_list_pages_use_a_constant_number_of_queries(world: World, login: Callable[..., Client]) -> None:
    client = login(world.user("system_admin"))

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = {url: count(url) for url in ("/organisations/", "/users/")}
    for i in range(15):
        organisation = Organisation.objects.create(name=f"LKSA {i}", kind=OrgKind.LKSA, region_id="36.03.03")
        make_user(f"op{i}@lksa.test.id", organisation, Role.LKSA_OPERATOR)
    after = {url: count(url) for url in ("/organisations/", "/users/")}
    assert before == after
