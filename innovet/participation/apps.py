from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "innovet.participation"
    label = "participation"
    verbose_name = _("Deelnames")

    def ready(self):
        from innovet.core import dashboard, gdpr
        from innovet.core.audit import register_action_labels

        from . import rules, selectors, services  # noqa: F401  (registers the permissions)

        gdpr.register("deelnames", exporter=services.user_data, eraser=services.erase_user)
        dashboard.register("participation/dashboard_panel.html", selectors.dashboard_panel, order=40)
        register_action_labels(
            {
                "participation.recorded": _("deelname geregistreerd"),
                "participation.withdrawn": _("deelname ingetrokken"),
            }
        )
