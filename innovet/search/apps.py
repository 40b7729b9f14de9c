from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "innovet.search"
    label = "search"
    verbose_name = _("Zoeken")

    def ready(self):
        from innovet.core.audit import register_action_labels

        register_action_labels(
            {
                "search.index.rebuilt": _("zoekindex opnieuw opgebouwd"),
            }
        )
