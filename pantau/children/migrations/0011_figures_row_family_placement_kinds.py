"""The stored figures keep family-based placements per kind (not ended, started in 12 months). Existing
rows are filled here, as of the summary's day, the same way ``summary.tally_homes`` counts them; each
region row is the sum of its homes' rows (as the full refresh and the catch-up keep it)."""

from datetime import timedelta

from django.db import migrations, models
from django.db.models import Count, Q

FAMILY_BASED = ["reunification", "kinship", "foster", "guardianship", "adoption"]


def fill_family_kinds(apps, schema_editor):  # type: ignore[no-untyped-def]
    FiguresRow = apps.get_model("children", "FiguresRow")
    state = apps.get_model("children", "FiguresState").objects.order_by("pk").first()
    if state is None:
        return  # no summary yet: the first full refresh computes everything
    today, since = state.day, state.day - timedelta(days=365)
    per_home: dict[int, dict[str, list[int]]] = {}
    rows = (
        apps.get_model("children", "Placement")
        .objects.filter(kind__in=FAMILY_BASED, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(started_on__gte=since))
        .values("child__lksa_id", "kind")
        .annotate(
            current=Count("pk", filter=Q(ended_on__isnull=True)),
            exits=Count("pk", filter=Q(started_on__gte=since)),
        )
        .order_by()
        .values_list("child__lksa_id", "kind", "current", "exits")
    )
    for home, kind, current, exits in rows:
        if current or exits:
            per_home.setdefault(home, {})[kind] = [current, exits]
    changed = []
    per_region: dict[tuple[int, str], dict[str, list[int]]] = {}
    for row in FiguresRow.objects.filter(level=0).only("pk", "lksa_id", "region_code"):
        kinds = per_home.get(row.lksa_id, {})
        for digits in (2, 5):
            if row.region_code:
                merged = per_region.setdefault((digits, row.region_code[:digits]), {})
                for kind, (current, exits) in kinds.items():
                    pair = merged.setdefault(kind, [0, 0])
                    pair[0] += current
                    pair[1] += exits
        if kinds:
            row.family_kinds = dict(sorted(kinds.items()))
            changed.append(row)
    for row in FiguresRow.objects.filter(level__gt=0).only("pk", "level", "region_code"):
        kinds = per_region.get((row.level, row.region_code), {})
        if kinds:
            row.family_kinds = dict(sorted(kinds.items()))
            changed.append(row)
    FiguresRow.objects.bulk_update(changed, ["family_kinds"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("children", "0010_children_figures_summary")]

    operations = [
        migrations.AddField(
            model_name="figuresrow",
            name="family_kinds",
            field=models.JSONField(default=dict),
        ),
        migrations.RunPython(fill_family_kinds, migrations.RunPython.noop),
    ]
