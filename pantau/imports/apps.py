from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "pantau.imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        from pantau.imports.recovery import imports_recover
        from pantau.lib.jobs import register_recovery

        register_recovery("imports", imports_recover)
