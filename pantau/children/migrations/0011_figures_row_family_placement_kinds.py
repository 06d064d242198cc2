"""The stored figures keep family-based placements per kind (not ended, started in 12 months). Existing
rows are marked dirty so that the next read recomputes them (their regions follow) before using them."""

from django.db import migrations, models


def mark_rows_dirty(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("children", "FiguresRow").objects.filter(level=0).update(dirty=True)


class Migration(migrations.Migration):
    dependencies = [("children", "0010_children_figures_summary")]

    operations = [
        migrations.AddField(
            model_name="figuresrow",
            name="family_kinds",
            field=models.JSONField(default=dict),
        ),
        migrations.RunPython(mark_rows_dirty, migrations.RunPython.noop),
    ]
