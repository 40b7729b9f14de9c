from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "innovet.events"
    label = "events"
    verbose_name = _("Netwerkmomenten")

    def ready(self):
        from innovet.core import dashboard, gdpr
        from innovet.core.audit import register_action_labels
        from innovet.notifications.registry import register_category
        from innovet.search.registry import register

        from . import rules, selectors, services  # noqa: F401  (registers the permissions)
        from .search_indexes import EventIndex

        register(EventIndex())
        from innovet.catalogue import related

        # Upcoming events are results of the catalogue search itself (ranked and counted with the offers).
        related.register_results(
            "events",
            "netwerkmoment",
            _("Netwerkmomenten (inschrijven via InnoVET)"),
            selectors.events_for_hits,
            "events/_catalogue_card.html",
            upcoming_only=True,
        )
        related.register_offer(selectors.offer_registration)
        from innovet.substitution.registry import register_source

        from . import substitution

        # A registration for sessions during school hours can raise a substitution request.
        register_source(
            "netwerkmoment", _("Netwerkmoment"), "events.Registration", substitution.describe, substitution.may_request
        )
        gdpr.register("netwerkmomenten", exporter=services.user_data, eraser=services.erase_user)
        dashboard.register("events/dashboard_panel.html", selectors.dashboard_panel, order=25)
        register_category("events.registration", _("Inschrijvingen voor netwerkmomenten"))
        register_category("events.approval", _("Goedkeuringen voor netwerkmomenten"))
        register_category("events.change", _("Wijzigingen in netwerkmomenten"))
        register_action_labels(
            {
                "events.event.created": _("netwerkmoment aangemaakt"),
                "events.event.changed": _("netwerkmoment gewijzigd"),
                "events.event.published": _("netwerkmoment gepubliceerd"),
                "events.event.unpublished": _("netwerkmoment teruggezet naar concept"),
                "events.programme.changed": _("programma gewijzigd"),
                "events.programme.moved": _("tijdsblok verplaatst"),
                "events.policy.changed": _("schoolregel voor inschrijvingen gewijzigd"),
                "events.registration.created": _("ingeschreven"),
                "events.registration.promoted": _("van de wachtlijst gehaald"),
                "events.registration.cancelled": _("inschrijving geannuleerd"),
                "events.registration.approved": _("inschrijving goedgekeurd"),
                "events.registration.declined": _("inschrijving geweigerd"),
                "events.registration.checked_in": _("ingecheckt"),
                "events.attendance.confirmed": _("aanwezigheden bevestigd"),
            }
        )
