"""The least-privileged application role (``manage.py create_app_role``), tested by logging in as it.

The test database's tables belong to the suite's superuser, like production tables belong to the role
that runs migrations. The command creates a fresh role; a second Django connection logs in as that
role (a real login with its own user name, not SET ROLE) and does what the application does, and what an
attacker holding the application's credentials would try against the audit table.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pantau.accounts.models import Organisation
from pantau.accounts.roles import OrgKind
from pantau.audit.models import AuditEvent
from pantau.regions.models import Region
from pantau.registry.models import Lksa

ALIAS = "as_app_role"
DB_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "pantau_cache"}}


def _drop_role(role: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone():
            # Privileges and default privileges first: a role that holds any cannot be dropped.
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')


@pytest.fixture
def role_name(transactional_db: None) -> Iterator[str]:
    # Roles belong to the whole cluster, where other test databases run at the same time: a unique name.
    role = f"pantau_app_t{secrets.token_hex(4)}"
    yield role
    _drop_role(role)


@pytest.fixture
def app_role(role_name: str, tmp_path: Path) -> Iterator[BaseDatabaseWrapper]:
    """Create the role with the command and return a connection logged in as it."""
    with override_settings(CACHES=DB_CACHE):
        call_command("createcachetable")  # production runs this before the role is created
    password = secrets.token_urlsafe(24)
    password_file = tmp_path / "password"
    password_file.write_text(password + "\n")
    out = StringIO()
    call_command("create_app_role", role=role_name, password_file=str(password_file), stdout=out)
    assert out.getvalue().startswith(f"Created role {role_name}: read/write on ")
    # Registered as a connection but not as a configured database: the ORM can use it (``using(ALIAS)``)
    # and the test runner neither creates nor flushes a database for it.
    settings_dict = {**connection.settings_dict, "USER": role_name, "PASSWORD": password}
    as_role = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, ALIAS)
    connections[ALIAS] = as_role
    try:
        yield as_role
    finally:
        as_role.close()
        del connections[ALIAS]
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS pantau_cache")


def _run(as_role: BaseDatabaseWrapper, statement: str) -> None:
    with as_role.cursor() as cursor:
        cursor.execute(statement)


def test_the_login_is_the_role_and_owns_nothing(app_role: BaseDatabaseWrapper, role_name: str) -> None:
    with app_role.cursor() as cursor:
        cursor.execute("SELECT current_user, session_user")
        assert cursor.fetchone() == (role_name, role_name)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolcanlogin, "
            "rolpassword LIKE 'SCRAM-SHA-256$%%' FROM pg_authid WHERE rolname = %s",
            [role_name],
        )
        assert cursor.fetchone() == (False, False, False, False, False, True, True)
        cursor.execute(
            "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = %s)",
            [role_name],
        )
        assert cursor.fetchone() == (0,)


def test_the_role_appends_to_the_audit_trail_and_cannot_rewrite_or_silence_it(
    app_role: BaseDatabaseWrapper,
) -> None:
    event = AuditEvent.objects.using(ALIAS).create(action="auth.login", target_label="as the app role")
    assert AuditEvent.objects.filter(pk=event.pk).get().target_label == "as the app role"

    # Refused by privilege, before the trigger is even reached (the trigger's message is "append-only").
    with pytest.raises(DatabaseError, match="permission denied for table audit_auditevent"):
        AuditEvent.objects.using(ALIAS).filter(pk=event.pk).update(target_label="rewritten")
    with pytest.raises(DatabaseError, match="permission denied for table audit_auditevent"):
        AuditEvent.objects.using(ALIAS).filter(pk=event.pk).delete()
    # The ways round the trigger that only an owner or a superuser has.
    with pytest.raises(DatabaseError, match="permission denied for table audit_auditevent"):
        _run(app_role, "TRUNCATE audit_auditevent")
    with pytest.raises(DatabaseError, match="must be owner of table audit_auditevent"):
        _run(app_role, "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
    with pytest.raises(DatabaseError, match="must be owner of relation audit_auditevent"):
        _run(app_role, "DROP TRIGGER audit_auditevent_append_only ON audit_auditevent")
    with pytest.raises(DatabaseError, match='permission denied to set parameter "session_replication_role"'):
        _run(app_role, "SET session_replication_role = replica")
    # Replacing the trigger's function needs CREATE on the schema, which the role lacks (else: ownership).
    with pytest.raises(DatabaseError, match="permission denied for schema public"):
        _run(
            app_role,
            "CREATE OR REPLACE FUNCTION pantau_audit_event_immutable() RETURNS trigger "
            "AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql",
        )

    assert AuditEvent.objects.filter(pk=event.pk).get().target_label == "as the app role"
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_auditevent_append_only'")
        assert cursor.fetchone() == ("O",)  # still enabled


def test_the_role_does_the_applications_ordinary_work(app_role: BaseDatabaseWrapper) -> None:
    Region.objects.create(code="36", name="Banten", level=1, kind="provinsi")
    Region.objects.create(code="36.03", name="Kabupaten Tangerang", level=2, kind="kabupaten", parent_id="36")
    # A registry row: created, read, updated and deleted through the ORM as the role.
    organisation = Organisation.objects.using(ALIAS).create(
        name="LKSA Uji", kind=OrgKind.LKSA, region_id="36.03"
    )
    home = Lksa.objects.using(ALIAS).create(organisation=organisation, name="LKSA Uji", region_code="36.03")
    assert Lksa.objects.using(ALIAS).filter(pk=home.pk).update(name="LKSA Uji Baru") == 1
    assert Lksa.objects.get(pk=home.pk).name == "LKSA Uji Baru"
    # Sessions: signing in writes one, every request may update it, signing out deletes it.
    expires = timezone.now() + timedelta(minutes=30)
    Session.objects.using(ALIAS).create(session_key="k" * 32, session_data="e30=", expire_date=expires)
    assert Session.objects.using(ALIAS).filter(pk="k" * 32).update(session_data="e31=") == 1
    assert Session.objects.using(ALIAS).filter(pk="k" * 32).delete()[0] == 1
    # The rate-limit cache table: inserts, updates and culls.
    _run(app_role, "INSERT INTO pantau_cache VALUES ('rl:1', 'MQ==', now() + interval '1 minute')")
    _run(app_role, "UPDATE pantau_cache SET value = 'Mg==' WHERE cache_key = 'rl:1'")
    _run(app_role, "DELETE FROM pantau_cache WHERE expires < now() + interval '1 hour'")
    # The background task queue: the web process enqueues, the worker claims and finishes.
    with app_role.cursor() as cursor:
        cursor.execute(
            "SELECT bool_and(has_table_privilege(current_user, %s, p)) FROM unnest(%s::text[]) AS p",
            [DBTaskResult._meta.db_table, ["SELECT", "INSERT", "UPDATE", "DELETE"]],
        )
        assert cursor.fetchone() == (True,)
    Lksa.objects.using(ALIAS).filter(pk=home.pk).delete()
    assert not Lksa.objects.filter(pk=home.pk).exists()


def test_schema_changes_are_not_the_roles_business(app_role: BaseDatabaseWrapper) -> None:
    with pytest.raises(DatabaseError, match="permission denied for table django_migrations"):
        _run(app_role, "DELETE FROM django_migrations WHERE app = 'audit'")
    with pytest.raises(DatabaseError, match="must be owner of table registry_lksa"):
        _run(app_role, "ALTER TABLE registry_lksa DISABLE TRIGGER ALL")


def test_new_tables_of_the_owner_are_usable_at_once(app_role: BaseDatabaseWrapper) -> None:
    """A migration adds a table before the command runs again: default privileges cover it."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE pantau_later (id bigint GENERATED BY DEFAULT AS IDENTITY, note text)")
    try:
        _run(app_role, "INSERT INTO pantau_later (note) VALUES ('x')")
        _run(app_role, "UPDATE pantau_later SET note = 'y'")
        with pytest.raises(DatabaseError, match="permission denied for table pantau_later"):
            _run(app_role, "TRUNCATE pantau_later")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE pantau_later")


def test_running_again_takes_back_stray_grants(app_role: BaseDatabaseWrapper, role_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'GRANT UPDATE, DELETE, TRUNCATE ON audit_auditevent TO "{role_name}"')
    out = StringIO()
    call_command("create_app_role", role=role_name, stdout=out)
    assert out.getvalue().startswith(f"Updated role {role_name}: ")
    with pytest.raises(DatabaseError, match="permission denied for table audit_auditevent"):
        _run(app_role, "TRUNCATE audit_auditevent")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p, has_table_privilege(%s, 'audit_auditevent', p) FROM unnest(%s::text[]) AS p",
            [role_name, ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"]],
        )
        assert dict(cursor.fetchall()) == {
            "SELECT": True,
            "INSERT": True,
            "UPDATE": False,
            "DELETE": False,
            "TRUNCATE": False,
        }


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        ("SUPERUSER", "has SUPERUSER, which would let it get round the audit trail"),
        ("CREATEROLE", "has CREATEROLE, which would let it get round the audit trail"),
    ],
)
def test_refuses_a_role_with_powers(role_name: str, attributes: str, message: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role_name}" LOGIN {attributes}')
    with pytest.raises(CommandError, match=message):
        call_command("create_app_role", role=role_name)


def test_refuses_a_member_of_the_owner_and_the_owner_itself(role_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
        cursor.execute(f'CREATE ROLE "{role_name}" LOGIN IN ROLE "{owner}"')
    with pytest.raises(CommandError, match=f"is a member of {owner}, the tables' owner"):
        call_command("create_app_role", role=role_name)
    with pytest.raises(CommandError, match=f"{owner} owns the tables"):
        call_command("create_app_role", role=owner)


def test_refuses_a_role_that_owns_a_table(role_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role_name}" LOGIN')
        cursor.execute("CREATE TABLE pantau_owned (id int)")
        cursor.execute(f'ALTER TABLE pantau_owned OWNER TO "{role_name}"')
    try:
        with pytest.raises(CommandError, match=f"Role {role_name} owns tables in schema public"):
            call_command("create_app_role", role=role_name)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE pantau_owned")


def test_bad_input_is_refused_before_anything_happens(role_name: str, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="use lower-case letters, digits and underscores"):
        call_command("create_app_role", role='app"; DROP TABLE audit_auditevent; --')
    short = tmp_path / "short"
    short.write_text("secret\n")
    with pytest.raises(CommandError, match="at least 16 characters"):
        call_command("create_app_role", role=role_name, password_file=str(short))
    with pytest.raises(CommandError, match="No such file or directory"):
        call_command("create_app_role", role=role_name, password_file=str(tmp_path / "missing"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s", [role_name])
        assert cursor.fetchone() == (0,)


def test_sqlite_is_refused_with_a_clear_message() -> None:
    connections.settings["sqlite_demo"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    try:
        with pytest.raises(CommandError, match=r"works only on PostgreSQL \(this database is sqlite\)"):
            call_command("create_app_role", database="sqlite_demo")
    finally:
        del connections.settings["sqlite_demo"]
