"""Hooks: an event registration that is cancelled or declined by the school cancels the substitution requests
raised for it, so no provider keeps a class reserved for an absence that will not happen. Connected in
SubstitutionConfig.ready(); the events app does not know this app."""

from django.apps import apps
from django.db.models.signals import post_save
from django.utils.translation import gettext as _


def _registration_saved(sender, instance, created, raw=False, **kwargs):
    if raw or created:
        return
    from . import services

    if instance.cancelled_at is not None:
        reason = _("De inschrijving voor het netwerkmoment werd geannuleerd.")
    elif instance.approval == "geweigerd":
        reason = _("De school keurde de inschrijving voor het netwerkmoment niet goed.")
    else:
        return
    services.cancel_for_source(instance, reason=reason)


def connect():
    if apps.is_installed("innovet.events"):
        post_save.connect(_registration_saved, sender="events.Registration", dispatch_uid="substitution.registration")
