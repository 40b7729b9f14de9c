"""Where costs come from and how attendance finds them, without importing the source apps at module level
(events and catalogue are looked up through the app registry, so the budget works without either)."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .models import Cost, CostStatus


def _model(app_label, name):
    if not apps.is_installed(f"innovet.{app_label}"):
        return None
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def costs_for_participation(record):
    """The person's live costs (planned or committed) for the activity a participation record is about:
    the registration for the event of an attended session, or the catalogue offer behind it."""
    model = record.activity_type.model_class()
    Session = _model("events", "Session")
    Registration = _model("events", "Registration")
    OfferSession = _model("catalogue", "OfferSession")
    Offer = _model("catalogue", "Offer")
    event_id = offer_id = None
    if Session is not None and model is Session:
        row = (
            Session.objects.filter(pk=record.activity_id)
            .values("slot__day__event_id", "slot__day__event__offer_id")
            .first()
        )
        if row:
            event_id, offer_id = row["slot__day__event_id"], row["slot__day__event__offer_id"]
    elif OfferSession is not None and model is OfferSession:
        offer_id = OfferSession.objects.filter(pk=record.activity_id).values_list("offer_id", flat=True).first()
    elif Offer is not None and model is Offer:
        offer_id = record.activity_id
    match = Q(pk__in=[])
    if event_id is not None and Registration is not None:
        ids = [
            str(pk)
            for pk in Registration.objects.filter(event_id=event_id, person_id=record.person_id).values_list(
                "pk", flat=True
            )
        ]
        match |= Q(source_type=ContentType.objects.get_for_model(Registration), source_id__in=ids)
    if offer_id is not None and Offer is not None:
        match |= Q(source_type=ContentType.objects.get_for_model(Offer), source_id=str(offer_id))
    return list(
        Cost.objects.filter(match, person_id=record.person_id, status__in=[CostStatus.PLANNED, CostStatus.COMMITTED])
    )
