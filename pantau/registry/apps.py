from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "pantau.registry"
    verbose_name = _("LKSA registry")

    def ready(self) -> None:
        from pantau.imports.kinds import register_kind
        from pantau.registry.importer import LKSA_IMPORT

        register_kind(LKSA_IMPORT)
