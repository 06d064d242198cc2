from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "pantau.cases"
    verbose_name = _("Concerns and cases")
