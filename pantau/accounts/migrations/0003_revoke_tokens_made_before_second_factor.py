"""API tokens made before the second factor existed were made in sessions that never gave one; a
token needs no code when it is used, so they are revoked (their owners make new ones after signing in
with their second factor)."""

from django.db import migrations
from django.db.models.functions import Now


def revoke_tokens(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(revoked_at__isnull=True).update(revoked_at=Now())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_api_token_replaced_by"),
    ]

    operations = [migrations.RunPython(revoke_tokens, migrations.RunPython.noop)]
