from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "pantau.linkage"
    verbose_name = _("Duplicate children across homes")

    def ready(self) -> None:
        # Children sits below linkage; it reaches duplicate detection through its port.
        from pantau.children import duplicates
        from pantau.linkage.port import LinkageDetection

        duplicates.install(LinkageDetection())

        from pantau.lib.jobs import register_recovery
        from pantau.linkage.services import runs_recover

        register_recovery("linkage runs", runs_recover)
