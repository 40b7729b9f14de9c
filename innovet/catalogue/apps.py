from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "innovet.catalogue"
    label = "catalogue"
    verbose_name = _("Aanbod en initiatieven")

    def ready(self):
        from innovet.core import dashboard, gdpr
        from innovet.core.audit import register_action_labels
        from innovet.search.registry import register

        from . import rules, selectors, services  # noqa: F401  (registers the permissions)
        from .search_indexes import CatalogueIndex, InitiativeIndex, OfferIndex

        register(OfferIndex())
        register(InitiativeIndex())
        register(CatalogueIndex())
        dashboard.register("catalogue/dashboard_panel.html", selectors.dashboard_panel, order=20)
        from innovet.core.navigation import register_user_item

        register_user_item("catalogue:saved_searches", _("Bewaarde zoekopdrachten"), lambda user: True)
        register_user_item(
            "catalogue:moderation", _("Moderatie"), lambda user: user.has_perm("catalogue.moderation_queue")
        )
        gdpr.register("aanbod", exporter=services.user_data, eraser=services.erase_user)
        register_action_labels(
            {
                "catalogue.offer.created": _("aanbod aangemaakt"),
                "catalogue.offer.changed": _("aanbod gewijzigd"),
                "catalogue.offer.published": _("aanbod gepubliceerd"),
                "catalogue.offer.unpublished": _("aanbod gedepubliceerd door moderator"),
                "catalogue.offer.archived": _("aanbod gearchiveerd"),
                "catalogue.offer.confirmed": _("aanbod bevestigd als actueel"),
                "catalogue.offer.deleted": _("concept verwijderd"),
                "catalogue.offer.imported": _("aanbod geïmporteerd"),
                "catalogue.initiative.created": _("initiatief aangemaakt"),
                "catalogue.initiative.changed": _("initiatief gewijzigd"),
                "catalogue.initiative.published": _("initiatief gepubliceerd"),
                "catalogue.initiative.unpublished": _("initiatief gedepubliceerd door moderator"),
                "catalogue.initiative.archived": _("initiatief gearchiveerd"),
                "catalogue.initiative.confirmed": _("initiatief bevestigd als actueel"),
                "catalogue.entry.stale_reminded": _("herinnering verstuurd: niet meer actueel?"),
                "catalogue.saved_search.created": _("zoekopdracht bewaard"),
                "catalogue.saved_search.deleted": _("zoekopdracht verwijderd"),
                "catalogue.import.uploaded": _("importbestand opgeladen"),
                "catalogue.import.committed": _("import uitgevoerd"),
                "catalogue.import.stale": _("import beëindigd: de achtergrondverwerking was gestopt"),
            }
        )
