from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "innovet.accounts"
    label = "accounts"
    verbose_name = _("Gebruikers")

    def ready(self):
        from innovet.core import gdpr

        from . import gdpr as account_gdpr

        gdpr.register("aanmeldgegevens", exporter=account_gdpr.export_user, eraser=account_gdpr.erase_user)
