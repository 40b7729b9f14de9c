"""Hooks: an event registration that is cancelled or declined by the school cancels the substitution requests
raised for it, so no provider keeps a class reserved for an absence that will not happen. Connected in
SubstitutionConfig.ready(); the events app does not know this app."""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_save
from django.utils.translation import gettext as _


def _registration_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or created or (update_fields is not None and not {"cancelled_at", "approval"} & set(update_fields)):
        return
    from . import services

    if instance.cancelled_at is not None:
        reason = _("De inschrijving voor het netwerkmoment werd geannuleerd.")
    elif instance.approval == "geweigerd":
        reason = _("De school keurde de inschrijving voor het netwerkmoment niet goed.")
    else:
        return
    with transaction.atomic():  # its row locks need a transaction when the save had none
        services.cancel_for_source(instance, reason=reason)


def connect():
    if apps.is_installed("innovet.events"):
        post_save.connect(_registration_saved, sender="events.Registration", dispatch_uid="substitution.registration")
