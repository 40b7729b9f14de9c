"""Catalogue offers are written by another app: their changes reach the matcher through these signals,
as outbox rows in the same transaction (so a rolled-back change never triggers a recompute)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .sources import offer_model


def _offer_changed(sender, instance, **kwargs):
    from .models import OutboxEvent
    from .services import record_change

    record_change(OutboxEvent.Kind.OFFER, instance.pk)


def _part_changed(sender, instance, **kwargs):
    if instance.offer_id:
        from .models import OutboxEvent
        from .services import record_change

        record_change(OutboxEvent.Kind.OFFER, instance.offer_id)


def _offer_m2m_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _offer_changed(sender, instance)


def _offers_bulk_created(sender, offer_ids, **kwargs):
    from .models import OutboxEvent
    from .services import record_changes

    record_changes(OutboxEvent.Kind.OFFER, offer_ids)


def _offers_bulk_deleted(sender, offer_ids, **kwargs):
    from .models import Suggestion

    Suggestion.objects.filter(offer_id_ref__in=offer_ids).delete()


def _offer_deleted(sender, instance, **kwargs):
    from .models import Suggestion

    Suggestion.objects.filter(offer_id_ref=instance.pk).delete()


def connect():
    model = offer_model()
    if model is None:
        return
    post_save.connect(_offer_changed, sender=model, dispatch_uid="matching_offer_saved")
    post_delete.connect(_offer_deleted, sender=model, dispatch_uid="matching_offer_deleted")
    try:
        from innovet.catalogue.signals import offers_bulk_created, offers_bulk_deleted
    except ImportError:
        pass
    else:  # imports write offers in bulk, without per-object signals
        offers_bulk_created.connect(_offers_bulk_created, dispatch_uid="matching_offers_bulk_created")
        offers_bulk_deleted.connect(_offers_bulk_deleted, dispatch_uid="matching_offers_bulk_deleted")
    for part in ("OfferSession", "OfferLocation"):
        try:
            part_model = model._meta.apps.get_model("catalogue", part)
        except LookupError:
            continue
        post_save.connect(_part_changed, sender=part_model, dispatch_uid=f"matching_{part}_saved")
    for field in model._meta.many_to_many:
        if field.name in ("themes", "studiedomeinen", "graden"):
            m2m_changed.connect(
                _offer_m2m_changed, sender=field.remote_field.through, dispatch_uid=f"matching_{field.name}"
            )


connect()
