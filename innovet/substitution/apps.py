from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubstitutionConfig(AppConfig):
    name = "innovet.substitution"
    label = "substitution"
    verbose_name = _("Vervanging")

    def ready(self):
        from innovet.core import dashboard, gdpr
        from innovet.core.audit import register_action_labels
        from innovet.core.navigation import EXPERIENCE, register_main_item, register_user_item
        from innovet.notifications.registry import register_category

        from . import rules, selectors, services, signals  # noqa: F401  (registers the permissions)

        signals.connect()

        gdpr.register("vervanging", exporter=services.user_data, eraser=services.erase_user)
        dashboard.register("substitution/dashboard_panel.html", selectors.dashboard_panel, order=28)
        register_category("substitution.request", _("Vervangingsaanvragen"))
        # In the header under 'Innovatie beleven'; the own pages sit in the user menu.
        register_main_item(
            EXPERIENCE,
            "substitution:offer_list",
            _("Vervanging"),
            "arrow-left-right",
            _("Vervangingsaanbod zodat leerkrachten de school uit kunnen voor een stage of netwerkmoment."),
        )
        register_user_item(
            "substitution:request_list",
            _("Vervangingsaanvragen"),
            lambda user: bool(selectors.led_schools(user) or rules.provider_organisations(user)),
        )
        register_user_item(
            "substitution:my_offers", _("Mijn vervangingsaanbod"), lambda user: bool(rules.provider_organisations(user))
        )
        register_action_labels(
            {
                "substitution.offer.created": _("vervangingsaanbod aangemaakt"),
                "substitution.offer.changed": _("vervangingsaanbod gewijzigd"),
                "substitution.offer.published": _("vervangingsaanbod gepubliceerd"),
                "substitution.offer.unpublished": _("vervangingsaanbod teruggezet naar concept"),
                "substitution.offer.archived": _("vervangingsaanbod gearchiveerd"),
                "substitution.offer.fit_noted": _("aansluiting bij het leerplan beoordeeld"),
                "substitution.request.created": _("vervanging aangevraagd"),
                "substitution.request.proposed": _("vervanging gevraagd aan een aanbieder"),
                "substitution.request.accepted": _("vervanging aanvaard door de aanbieder"),
                "substitution.request.declined": _("vervanging geweigerd door de aanbieder"),
                "substitution.request.confirmed": _("vervanging bevestigd door de school"),
                "substitution.request.cancelled": _("vervangingsaanvraag geannuleerd"),
            }
        )
