from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operating Pantau: backups and their proven restore (no models, no pages)."""

    name = "pantau.ops"
    verbose_name = _("Operations")
