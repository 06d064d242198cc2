# The ImportJob model moves from the registry to this app. Its table (registry_importjob) and rows stay
# as they are: this migration only tells Django's state that the model now lives here.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import pantau.imports.kinds
import pantau.lib.storage


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("accounts", "0001_organisations_users_memberships_tokens"),
        ("registry", "0002_import_job_kind_and_saving_status"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportJob",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=pantau.imports.kinds.kind_choices, max_length=10)),
                        ("file", models.FileField(storage=pantau.lib.storage.private_storage, upload_to=pantau.lib.storage.random_upload_path)),
                        ("original_name", models.CharField(max_length=255)),
                        ("status", models.CharField(choices=[("pending", "Waiting to start"), ("validating", "Checking rows"), ("saving", "Saving"), ("failed", "Refused: errors found, nothing was saved"), ("done", "Imported")], default="pending", max_length=12)),
                        ("total_rows", models.PositiveIntegerField(default=0)),
                        ("processed_rows", models.PositiveIntegerField(default=0)),
                        ("created_count", models.PositiveIntegerField(default=0)),
                        ("updated_count", models.PositiveIntegerField(default=0)),
                        ("errors", models.JSONField(blank=True, default=list)),
                        ("error_count", models.PositiveIntegerField(default=0)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        ("created_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.organisation")),
                    ],
                    options={
                        "verbose_name": "import",
                        "verbose_name_plural": "imports",
                        "db_table": "registry_importjob",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
