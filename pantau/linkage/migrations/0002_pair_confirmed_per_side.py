"""Per-side "same child" confirmations on candidate pairs (who may see the other office's child).

Pairs already decided "same child" were decided by an officer who saw both records: both sides count as
confirmed by that officer, so the rule "same child means both sides confirmed" holds for old rows too.
"""

import django.db.models.deletion
from django.apps.registry import Apps
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def confirm_decided_pairs(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    pair = apps.get_model("linkage", "CandidatePair")
    pair.objects.filter(status="same").update(
        confirmed_a_by=models.F("decided_by"), confirmed_b_by=models.F("decided_by")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("linkage", "0001_linkage_keys_runs_pairs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="candidatepair",
            name="confirmed_a_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="candidatepair",
            name="confirmed_b_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(confirm_decided_pairs, migrations.RunPython.noop),
    ]
