from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.test import Client

from pantau.accounts.models import User
from pantau.accounts.roles import Role
from pantau.accounts.services import user_create
from pantau.audit.models import AuditEvent
from pantau.audit.services import audit_record, changes_between
from pantau.conftest import World


@pytest.fixture
def event(world: World) -> AuditEvent:
    return audit_record(action="user.updated", actor=world.user("org_admin"), target=world.user("colleague"))


def test_database_refuses_update_and_delete(event: AuditEvent) -> None:
    assert connection.vendor == "postgresql"  # the suite runs on the production engine
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="auth.login")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditevent SET target_label = 'rewritten'")
    event.refresh_from_db()
    assert event.action == "user.updated"


def test_audit_entry_rolls_back_with_the_change(world: World) -> None:
    """The audit row is written in the change's transaction: a failed change leaves neither behind."""
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        # An LKSA cannot have an investigator: the membership check fails after the user row is written.
        user_create(
            actor=world.user("system_admin"),
            email="new@lksa.test.id",
            full_name="New",
            organisation=world.lksa,
            role=Role.INVESTIGATOR,
        )
    assert not User.objects.filter(email="new@lksa.test.id").exists()
    assert AuditEvent.objects.count() == before


def test_unregistered_action_is_a_programming_error(world: World) -> None:
    with pytest.raises(ValueError, match="Unregistered audit action"):
        audit_record(action="made.up")


def test_sensitive_values_are_masked() -> None:
    diff = changes_between(
        {"nik": "3603034101150001", "name": "A"}, {"nik": "3603034101150002", "name": "B"}, ["nik", "name"]
    )
    assert diff == {"nik": ["***", "***"], "name": ["A", "B"]}


def test_snapshot_labels_survive(event: AuditEvent, world: World) -> None:
    assert event.actor_label == world.user("org_admin").email
    assert event.organisation_label == world.dinsos.name and event.region_code == "36.03"
    assert event.target_type == "accounts.user" and event.target_label == str(world.user("colleague"))


def test_auditor_search_is_scoped_and_itself_audited(world: World, login: Callable[..., Client]) -> None:
    audit_record(action="auth.login", actor=world.user("outsider"))  # Medan: outside the auditor's region
    audit_record(action="auth.login", actor=world.user("supervisor"))  # Kabupaten Tangerang
    client = login(world.user("auditor"))
    # Both logins match "pengawas"; only the one inside Kabupaten Tangerang is within scope.
    response = client.get("/audit/", {"action": "auth.login", "actor": "pengawas"})
    assert response.status_code == 200
    labels = [e.actor_label for e in response.context["page"]]
    assert labels == [world.user("supervisor").email]
    assert AuditEvent.objects.filter(action="audit.searched", actor=world.user("auditor")).exists()
    api = client.get("/api/v1/audit/events", {"action": "auth", "actor": "pengawas"}).json()
    assert {item["actor_label"] for item in api["items"]} == {world.user("supervisor").email}
    bad = client.get("/audit/", {"since": "2026-02-01T10:00", "until": "2026-01-01T10:00"})
    assert bad.status_code == 400 and "later than" in bad.content.decode()


def test_national_auditor_sees_everything(world: World, login: Callable[..., Client]) -> None:
    from pantau.conftest import make_user

    national = make_user("auditor@kpai.test.id", world.kpai, Role.AUDITOR)
    audit_record(action="auth.login", actor=world.user("outsider"))
    response = login(national).get("/audit/", {"actor": "medan"})
    assert [e.actor_label for e in response.context["page"]] == [world.user("outsider").email]


def test_audit_list_query_count_is_constant(
    world: World, login: Callable[..., Client], django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = login(world.user("auditor"))
    for _ in range(60):
        audit_record(action="auth.login", actor=world.user("supervisor"))
    with django_assert_max_num_queries(12):
        assert client.get("/audit/").status_code == 200
