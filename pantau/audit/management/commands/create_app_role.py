"""Create (or bring up to date) the least-privileged PostgreSQL role the application runs as.

The audit table's trigger refuses UPDATE and DELETE, but the table's owner can still TRUNCATE it, disable
the trigger (ALTER TABLE ... DISABLE TRIGGER) or skip it (SET session_replication_role = replica, as a
superuser). So the application must not connect as the owner: migrations run as the owner, the web and
worker processes as this role, which owns nothing, reads and writes the application's tables, and may only
read and append to ``audit_auditevent``. Re-running it is safe and re-applies exactly these grants (run it
after every ``migrate``: new tables get their grants, and any stray grant is taken back).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg import sql

AUDIT_TABLE = "audit_auditevent"
# Table -> the only privileges the application gets on it; every other table gets READ_WRITE.
READ_WRITE = ("SELECT", "INSERT", "UPDATE", "DELETE")
RESTRICTED = {
    AUDIT_TABLE: ("SELECT", "INSERT"),  # append-only: never UPDATE, DELETE or TRUNCATE
    "django_migrations": ("SELECT",),  # schema changes are the owner's job
}
# Role attributes that would let the role get round the trigger or grant itself more.
DANGEROUS_ATTRIBUTES = {
    "rolsuper": "SUPERUSER",
    "rolcreaterole": "CREATEROLE",
    "rolcreatedb": "CREATEDB",
    "rolreplication": "REPLICATION",
    "rolbypassrls": "BYPASSRLS",
}
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class Command(BaseCommand):
    help = (
        "Create or update the PostgreSQL login role the application runs as: it owns no table, reads and "
        "writes the application's tables, and may only read and insert audit entries. Run as the role "
        "that owns the tables (the one that runs migrate), which needs CREATEROLE to create the role."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--role", default="pantau_app", help="name of the application role")
        parser.add_argument(
            "--password-file",
            type=Path,
            help="file holding the role's password (stored as a SCRAM hash; never on the command line)",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)")

    def handle(
        self, *args: Any, role: str, password_file: Path | str | None, database: str, **options: Any
    ) -> None:
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError(
                f"create_app_role works only on PostgreSQL (this database is {connection.vendor}). "
                "The SQLite demo runs as one local user and has no roles."
            )
        if not ROLE_NAME.match(role):
            raise CommandError(
                f"--role {role!r}: use lower-case letters, digits and underscores (at most 63), "
                "starting with a letter."
            )
        password = _read_password(Path(password_file)) if password_file else None
        with transaction.atomic(using=database), connection.cursor() as cursor:
            schema, owner = _schema_and_owner(cursor)
            if role == owner:
                raise CommandError(
                    f"{role} owns the tables (it runs the migrations); the application role must be another."
                )
            created = _ensure_role(cursor, role, owner, schema)
            if password is not None:
                raw = connection.connection  # the psycopg connection, to hash the password like psql does
                hashed = raw.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
                cursor.execute(
                    sql.SQL("ALTER ROLE {} PASSWORD {}")
                    .format(sql.Identifier(role), sql.Literal(hashed.decode()))
                    .as_string(raw)
                )
            tables, sequences = _grant(cursor, connection, role, owner, schema)
            _verify(cursor, role, schema)
        verb = "Created" if created else "Updated"
        self.stdout.write(
            f"{verb} role {role}: read/write on {tables - len(RESTRICTED)} tables, "
            f"{', '.join(RESTRICTED[AUDIT_TABLE])} only on {AUDIT_TABLE}, SELECT only on django_migrations, "
            f"{sequences} sequences; default privileges for new tables created by {owner}."
        )
        if password is None and created:
            self.stdout.write("No password set: give one with --password-file, or use certificate login.")


def _read_password(path: Path) -> str:
    try:
        password = path.read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as error:
        raise CommandError(f"--password-file {path}: {error.strerror}") from error
    if len(password) < 16:
        raise CommandError(f"--password-file {path}: the password must have at least 16 characters.")
    return password


def _schema_and_owner(cursor: Any) -> tuple[str, str]:
    cursor.execute(
        "SELECT current_schema(), pg_get_userbyid(c.relowner) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relname = %s",
        [AUDIT_TABLE],
    )
    row = cursor.fetchone()
    if row is None:
        raise CommandError(f"{AUDIT_TABLE} does not exist here: run `manage.py migrate` first.")
    return row[0], row[1]


def _ensure_role(cursor: Any, role: str, owner: str, schema: str) -> bool:
    """Create the role, or check that an existing one cannot get round the audit trigger. True if created."""
    cursor.execute(
        f"SELECT {', '.join(DANGEROUS_ATTRIBUTES)} FROM pg_roles WHERE rolname = %s",  # noqa: S608 (constant)
        [role],
    )
    row = cursor.fetchone()
    if row is None:
        cursor.execute(
            sql.SQL(
                "CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
            ).format(sql.Identifier(role))
        )
        return True
    held = [name for name, on in zip(DANGEROUS_ATTRIBUTES.values(), row, strict=True) if on]
    if held:
        raise CommandError(
            f"Role {role} has {', '.join(held)}, which would let it get round the audit trail. "
            f"Take them away (ALTER ROLE {role} NO{' NO'.join(held)}) or choose another role."
        )
    cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [role, owner])
    if cursor.fetchone()[0]:
        raise CommandError(
            f"Role {role} is a member of {owner}, the tables' owner, so it could act as the owner. "
            f"REVOKE {owner} FROM {role} first."
        )
    cursor.execute(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = %s)",
        [schema, role],
    )
    if cursor.fetchone()[0]:
        raise CommandError(f"Role {role} owns tables in schema {schema}; the application role must own none.")
    cursor.execute(sql.SQL("ALTER ROLE {} LOGIN").format(sql.Identifier(role)))
    return False


def _grant(
    cursor: Any, connection: BaseDatabaseWrapper, role: str, owner: str, schema: str
) -> tuple[int, int]:
    """Take back whatever the role held in the schema, then grant exactly what the application needs."""
    who, where, by = sql.Identifier(role), sql.Identifier(schema), sql.Identifier(owner)
    database = sql.Identifier(connection.settings_dict["NAME"])
    for statement in (
        "GRANT CONNECT ON DATABASE {database} TO {who}",
        "GRANT USAGE ON SCHEMA {where} TO {who}",
        "REVOKE ALL ON ALL TABLES IN SCHEMA {where} FROM {who}",
        "REVOKE ALL ON ALL SEQUENCES IN SCHEMA {where} FROM {who}",
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {where} TO {who}",
        # Tables the owner creates later (a new migration) are usable before this command runs again.
        "ALTER DEFAULT PRIVILEGES FOR ROLE {by} IN SCHEMA {where} "
        "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {who}",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {by} IN SCHEMA {where} GRANT USAGE, SELECT ON SEQUENCES TO {who}",
    ):
        cursor.execute(sql.SQL(statement).format(database=database, where=where, who=who, by=by))
    cursor.execute(
        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'S') ORDER BY c.relname",
        [schema],
    )
    relations = cursor.fetchall()
    tables = [name for name, kind in relations if kind != "S"]
    for table in tables:
        privileges = RESTRICTED.get(table, READ_WRITE)
        cursor.execute(
            sql.SQL("GRANT {} ON TABLE {} TO {}").format(
                sql.SQL(", ").join(sql.SQL(p) for p in privileges),
                sql.Identifier(schema, table),
                who,
            )
        )
    return len(tables), len(relations) - len(tables)


def _verify(cursor: Any, role: str, schema: str) -> None:
    """The point of the role: fail loudly if it could still rewrite or empty the audit table (for example
    through a grant to PUBLIC that this command does not control)."""
    table = f"{schema}.{AUDIT_TABLE}"
    for privilege in ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES"):
        cursor.execute("SELECT has_table_privilege(%s, %s, %s)", [role, table, privilege])
        if cursor.fetchone()[0]:
            raise CommandError(
                f"Role {role} still has {privilege} on {AUDIT_TABLE} (granted to PUBLIC or another role it "
                f"belongs to). REVOKE {privilege} ON {AUDIT_TABLE} FROM PUBLIC and run this again."
            )
