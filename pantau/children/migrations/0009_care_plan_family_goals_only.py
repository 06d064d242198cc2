"""A care plan aims for family-based care only: goals that are not (a transfer, "in this LKSA", running
away, death) are cleared on existing plans, then the choices are narrowed."""

from django.db import migrations, models

FAMILY_GOALS = ("reunification", "kinship", "foster", "guardianship", "adoption")


def clear_other_goals(apps, schema_editor):  # type: ignore[no-untyped-def]
    CarePlan = apps.get_model("children", "CarePlan")
    CarePlan.objects.exclude(family_based_goal="").exclude(family_based_goal__in=FAMILY_GOALS).update(
        family_based_goal=""
    )


class Migration(migrations.Migration):
    dependencies = [("children", "0008_gatekeeping_signoff_and_admission_reason")]

    operations = [
        migrations.RunPython(clear_other_goals, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="careplan",
            name="family_based_goal",
            field=models.CharField(
                blank=True,
                choices=[
                    ("reunification", "Reunification with parents"),
                    ("kinship", "Kinship care"),
                    ("foster", "Foster family"),
                    ("guardianship", "Guardianship"),
                    ("adoption", "Adoption"),
                ],
                max_length=14,
                verbose_name="family-based care aimed for",
            ),
        ),
    ]
