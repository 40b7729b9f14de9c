from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "innovet.portfolio"
    label = "portfolio"
    verbose_name = _("Portfolio en profielen")

    def ready(self):
        from innovet.core import dashboard, gdpr
        from innovet.core.audit import register_action_labels
        from innovet.core.navigation import register_user_item

        from . import rules, sections, selectors, services  # noqa: F401  (registers the permissions)

        sections.register_builtin_sections()
        gdpr.register("portfolio", exporter=services.user_data, eraser=services.erase_user)
        dashboard.register("portfolio/dashboard_panel.html", selectors.dashboard_panel, order=45)
        register_user_item("portfolio:mine", _("Mijn portfolio"), lambda user: True)
        register_action_labels(
            {
                "portfolio.shared": _("portfolio gedeeld via een openbare link"),
                "portfolio.share_revoked": _("openbare link van het portfolio ingetrokken"),
                "portfolio.name_on_school_profile": _("keuze over de naam op het schoolprofiel gewijzigd"),
            }
        )
