"""An index for places typed by name (``regions.lookup``): Django's case-insensitive lookups compare
UPPER(name), which without this index reads all 91,599 names. ``text_pattern_ops`` serves both "=" and
"LIKE 'TIGAR%'" (suggestions). PostgreSQL only: the SQLite demo has no operator classes and reads its
small file fast enough."""

from django.db import migrations

INDEX = "region_upper_name_idx"


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON regions_region (UPPER(name::text) text_pattern_ops)"
        )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_region_hierarchy")]

    operations = [migrations.RunPython(create, drop)]
