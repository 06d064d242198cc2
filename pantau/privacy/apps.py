from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "pantau.privacy"
    verbose_name = _("Personal data (UU 27/2022 PDP)")
