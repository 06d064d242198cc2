# ImportJob now belongs to pantau.imports (imports/0001), which keeps this app's table registry_importjob:
# the model leaves the registry's state only; no table or row is touched.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0002_import_job_kind_and_saving_status"),
        ("imports", "0001_import_job_moved_from_registry"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ImportJob")],
            database_operations=[],
        ),
    ]
