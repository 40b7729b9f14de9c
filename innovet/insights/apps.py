from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "innovet.insights"
    label = "insights"
    verbose_name = _("Inzichten")

    def ready(self):
        from innovet.core import gdpr
        from innovet.core.navigation import register_main_item

        from . import access, contributions, rules, sources  # noqa: F401  (registers the permissions)
        from .models import PersonFact

        def erase(user):
            # The summary keeps counting the participations (as the ledger does), without the person.
            PersonFact.objects.filter(person=user).update(person=None)

        # Nothing to export: the summary tables only repeat the ledger, which participation exports.
        gdpr.register("inzichten", eraser=erase)

        sources.register_builtin_sources()
        contributions.register_installed()
        register_main_item(
            None,
            "insights:index",
            _("Inzichten"),
            "bar-chart-line",
            _("Bereik en valkuilen van de professionalisering, per provincie, school en sector."),
            check=access.has_any_dashboard,
        )
