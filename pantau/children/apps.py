from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildrenConfig(AppConfig):
    name = "pantau.children"
    verbose_name = _("Children in care")

    def ready(self) -> None:
        from pantau.children.importer import CHILDREN_IMPORT
        from pantau.imports.kinds import register_kind

        register_kind(CHILDREN_IMPORT)

        from pantau.children import signals

        signals.connect()
