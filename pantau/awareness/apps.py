from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwarenessConfig(AppConfig):
    name = "pantau.awareness"
    verbose_name = _("Awareness")
