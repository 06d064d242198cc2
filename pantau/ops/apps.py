from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operating Pantau: backups and their proven restore. No models, no pages (so no translated name)."""

    name = "pantau.ops"
