"""Hooks: an event registration with a price plans a cost; its cancellation cancels the cost; a participation
record (attendance confirmed) makes the cost spent. Connected in BudgetConfig.ready()."""

from django.apps import apps
from django.db.models.signals import post_save


def _registration_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    from . import services

    if created:
        services.cost_from_registration(instance)
    elif instance.cancelled_at is not None or instance.approval == "geweigerd":
        services.cancel_for_source(instance)


def _participation_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from . import services

    services.spend_for_participation(instance)


def connect():
    post_save.connect(_participation_saved, sender="participation.Participation", dispatch_uid="budget.participation")
    if apps.is_installed("innovet.events"):
        post_save.connect(_registration_saved, sender="events.Registration", dispatch_uid="budget.registration")
