from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "innovet.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self):
        from .page_cache import connect_signals

        connect_signals()
