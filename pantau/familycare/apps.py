from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamilycareConfig(AppConfig):
    name = "pantau.familycare"
    verbose_name = _("Family-based care")

    def ready(self) -> None:
        from pantau.children.papers import register
        from pantau.familycare.papers import FilePapers

        register(FilePapers())
