from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "innovet.search"
    label = "search"
    verbose_name = _("Zoeken")

    def ready(self):
        from innovet.core import gdpr
        from innovet.core.audit import register_action_labels

        from .gdpr import forget_person

        gdpr.register("zoekindex", after_erase=forget_person)

        register_action_labels(
            {
                "search.index.rebuilt": _("zoekindex opnieuw opgebouwd"),
            }
        )
