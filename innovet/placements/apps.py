from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "innovet.placements"
    label = "placements"
    verbose_name = _("Bedrijfsstages")

    def ready(self):
        from innovet.core import dashboard, gdpr
        from innovet.core.audit import register_action_labels
        from innovet.core.navigation import EXPERIENCE, register_main_item, register_user_item
        from innovet.notifications.registry import register_category
        from innovet.organisations.permissions import is_school_staff
        from innovet.search.registry import register

        from . import rules, selectors, services  # noqa: F401  (registers the permissions)
        from .search_indexes import PlacementIndex

        register(PlacementIndex())
        from innovet.catalogue import related

        related.register(selectors.catalogue_related)
        from innovet.substitution.registry import register_source

        from . import substitution

        register_source(
            "bedrijfsstage",
            _("Bedrijfsstage"),
            "placements.Application",
            substitution.describe,
            substitution.may_request,
        )
        gdpr.register("bedrijfsstages", exporter=services.user_data, eraser=services.erase_user)
        dashboard.register("placements/dashboard_panel.html", selectors.dashboard_panel, order=27)
        register_category("placements.application", _("Aanvragen voor bedrijfsstages"))
        register_category("placements.decision", _("Beslissingen over bedrijfsstages"))
        register_category("placements.reminder", _("Herinneringen aan bedrijfsstages"))
        # In the header under 'Innovatie beleven' (and in the catalogue's search as a box of matching
        # places); the own pages sit in the user menu, each only for who can open it.
        register_main_item(
            EXPERIENCE,
            "placements:place_list",
            _("Bedrijfsstages"),
            "briefcase",
            _("Stageplaatsen in bedrijven met een actieve rol voor de leerkracht, en hybride leerkrachten."),
        )
        register_user_item(
            "placements:my_applications",
            _("Mijn stage-aanvragen"),
            lambda user: bool(is_school_staff(user)),
        )
        register_user_item(
            "placements:company_places", _("Mijn stageplaatsen"), lambda user: bool(rules.host_organisations(user))
        )
        register_user_item(
            "placements:releases", _("Vrijgaven voor stages"), lambda user: bool(selectors.led_schools(user))
        )
        register_action_labels(
            {
                "placements.place.created": _("stageplaats aangemaakt"),
                "placements.place.changed": _("stageplaats gewijzigd"),
                "placements.place.published": _("stageplaats gepubliceerd"),
                "placements.place.unpublished": _("stageplaats teruggezet naar concept"),
                "placements.place.archived": _("stageplaats gearchiveerd"),
                "placements.application.created": _("aangemeld voor een stage"),
                "placements.application.released": _("leerkracht vrijgegeven voor de stage"),
                "placements.application.not_released": _("leerkracht niet vrijgegeven voor de stage"),
                "placements.application.accepted": _("stage-aanvraag aanvaard"),
                "placements.application.declined": _("stage-aanvraag geweigerd"),
                "placements.application.withdrawn": _("stage-aanvraag ingetrokken"),
                "placements.application.reflected": _("reflectie over de stage geschreven"),
                "placements.application.completed": _("afronding van de stage bevestigd"),
                "placements.hybrid.created": _("profiel hybride leerkracht aangemaakt"),
                "placements.hybrid.changed": _("profiel hybride leerkracht gewijzigd"),
                "placements.hybrid.deleted": _("profiel hybride leerkracht verwijderd"),
            }
        )
