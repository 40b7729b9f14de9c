from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TiendagenConfig(AppConfig):
    name = "innovet.tiendagen"
    label = "tiendagen"
    verbose_name = _("VDAB 10-dagenregeling")

    def ready(self):
        from innovet.core import dashboard, gdpr
        from innovet.core.audit import register_action_labels
        from innovet.core.navigation import EXPERIENCE, register_main_item, register_user_item
        from innovet.notifications.registry import register_category

        from . import rules, selectors, services  # noqa: F401  (registers the permissions)

        gdpr.register("10-dagenregeling", exporter=services.user_data, eraser=services.erase_user)
        dashboard.register("tiendagen/dashboard_panel.html", selectors.dashboard_panel, order=40)
        register_category("tiendagen.request", _("Aanvragen 10-dagenregeling"))
        register_category("tiendagen.reminder", _("Herinneringen 10-dagenregeling"))
        register_main_item(
            EXPERIENCE,
            "tiendagen:overview",
            _("VDAB 10-dagenregeling"),
            "tools",
            _("Tot 10 dagen praktijkles met je klas in een opleidingscentrum van VDAB, aangevraagd via het RTC."),
        )
        register_user_item("tiendagen:my_requests", _("Mijn aanvragen 10-dagenregeling"), selectors.has_school)
        register_user_item("tiendagen:rtc_queue", _("Aanvragen 10-dagenregeling (RTC)"), selectors.is_rtc)
        register_action_labels(
            {
                "tiendagen.infrastructure.created": _("infrastructuur toegevoegd"),
                "tiendagen.training.created": _("opleiding toegevoegd"),
                "tiendagen.training.changed": _("opleiding gewijzigd"),
                "tiendagen.availability.added": _("beschikbare periode toegevoegd"),
                "tiendagen.wegwijs.created": _("wegwijssessie gepland"),
                "tiendagen.wegwijs.registered": _("ingeschreven voor een wegwijssessie"),
                "tiendagen.wegwijs.attendance": _("aanwezigheden wegwijssessie bevestigd"),
                "tiendagen.request.submitted": _("10-dagenregeling aangevraagd"),
                "tiendagen.request.forwarded": _("aanvraag doorgestuurd naar het centrum"),
                "tiendagen.request.declined": _("aanvraag geweigerd"),
                "tiendagen.request.confirmed": _("lesdagen bevestigd"),
                "tiendagen.request.withdrawn": _("aanvraag ingetrokken"),
            }
        )
