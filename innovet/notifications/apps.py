from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "innovet.notifications"
    label = "notifications"
    verbose_name = _("Meldingen")

    def ready(self):
        from innovet.core import gdpr

        from . import services

        gdpr.register("meldingen", exporter=services.export_for_user, eraser=services.erase_for_user)
