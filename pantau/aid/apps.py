from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "pantau.aid"
    verbose_name = _("Social assistance")
