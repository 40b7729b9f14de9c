from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "innovet.matching"
    label = "matching"
    verbose_name = _("Noden en matchmaking")

    def ready(self):
        from innovet.core import dashboard, gdpr
        from innovet.core.audit import register_action_labels

        from . import rules, selectors, services, signals  # noqa: F401  (registers perms and signals)

        register_action_labels(
            {
                "matching.need.created": _("nood ingediend"),
                "matching.need.changed": _("nood gewijzigd"),
                "matching.need.status": _("status van de nood gewijzigd"),
                "matching.suggestion.confirmed": _("suggestie bevestigd door het RTC"),
                "matching.suggestion.added": _("suggestie toegevoegd door het RTC"),
                "matching.introduction.proposed": _("partijen voorgesteld aan elkaar"),
                "matching.introduction.gecontacteerd": _("één partij wil kennismaken"),
                "matching.introduction.akkoord": _("beide partijen akkoord"),
                "matching.introduction.afgerond": _("samenwerking afgerond"),
                "matching.introduction.afgewezen": _("introductie afgewezen"),
                "matching.introduction.verlopen": _("introductie verlopen zonder antwoord"),
                "matching.willingness.created": _("aanbod tot samenwerking aangemaakt"),
                "matching.willingness.changed": _("aanbod tot samenwerking gewijzigd"),
                "matching.willingness.activated": _("aanbod tot samenwerking geactiveerd"),
                "matching.willingness.deactivated": _("aanbod tot samenwerking gepauzeerd"),
                "matching.interest.signalled": _("een partner meldt dat het kan helpen"),
            }
        )
        gdpr.register("noden en matchmaking", exporter=services.export_for_user, eraser=services.erase_for_user)
        dashboard.register("matching/dashboard_panel.html", selectors.dashboard_panel, order=40)
        if apps.is_installed("innovet.notifications"):
            from innovet.notifications.registry import DIGEST, IMMEDIATE, register_category

            register_category("matching.new_need", _("Nieuwe noden in mijn provincie (RTC)"), default=DIGEST)
            register_category("matching.introduction", _("Introducties tussen school en partner"), default=IMMEDIATE)
            register_category(
                "matching.introduction_update", _("Antwoorden en opvolging van introducties"), default=IMMEDIATE
            )
            register_category("matching.expired", _("Verlopen introducties (RTC)"), default=IMMEDIATE)
            register_category(
                "matching.interest", _("Partners die kunnen helpen met een nood (RTC)"), default=IMMEDIATE
            )
        from innovet.core.navigation import register_user_item

        from .rules import helping_organisation_ids

        register_user_item(
            "matching:provider_matches", _("Passende noden"), lambda u: bool(helping_organisation_ids(u))
        )
