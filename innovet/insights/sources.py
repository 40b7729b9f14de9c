"""Activity sources of the modules insights was built with (events, catalogue). Later modules register their
own in their AppConfig.ready() or through ``contributions.py``; see ``registry``."""

from collections import defaultdict

from .registry import ActivityInfo, register_activity_source


def _terms_of(through, owner_field, owner_ids):
    """{owner id: ({graad codes}, {studiedomein ids})} from a term M2M's through table, in one query."""
    grades, domains = defaultdict(set), defaultdict(set)
    rows = through.objects.filter(**{f"{owner_field}__in": owner_ids}).values_list(
        owner_field, "term_id", "term__code", "term__vocabulary__code"
    )
    for owner, term_id, code, vocabulary in rows:
        if vocabulary == "graad":
            grades[owner].add(code)
        elif vocabulary == "studiedomein":
            domains[owner].add(term_id)
    return grades, domains


def event_sessions(ids):
    from innovet.events.models import Event, Session

    sessions = dict(Session.objects.filter(pk__in=ids).values_list("pk", "slot__day__event_id"))
    events = {
        e["pk"]: e for e in Event.objects.filter(pk__in=set(sessions.values())).values("pk", "latitude", "longitude")
    }
    grades, _ = _terms_of(Event.graden.through, "event_id", events)
    _, domains = _terms_of(Event.studiedomeinen.through, "event_id", events)
    for pk, event_id in sessions.items():
        event = events[event_id]
        yield ActivityInfo(pk, grades[event_id], domains[event_id], event["latitude"], event["longitude"])


def _offers(offer_ids):
    from innovet.catalogue.models import Offer, OfferLocation

    grades, _ = _terms_of(Offer.graden.through, "offer_id", offer_ids)
    _, domains = _terms_of(Offer.studiedomeinen.through, "offer_id", offer_ids)
    places = {}
    for offer_id, lat, lon in (
        OfferLocation.objects.filter(offer_id__in=offer_ids, latitude__isnull=False)
        .order_by("offer_id", "id")
        .values_list("offer_id", "latitude", "longitude")
    ):
        places.setdefault(offer_id, (lat, lon))
    return grades, domains, places


def offers(ids):
    ids = [int(i) for i in ids]
    grades, domains, places = _offers(ids)
    for pk in ids:
        lat, lon = places.get(pk, (None, None))
        yield ActivityInfo(pk, grades[pk], domains[pk], lat, lon)


def offer_sessions(ids):
    from innovet.catalogue.models import OfferSession

    rows = list(
        OfferSession.objects.filter(pk__in=ids).values_list(
            "pk", "offer_id", "location__latitude", "location__longitude"
        )
    )
    grades, domains, places = _offers({offer_id for _pk, offer_id, _la, _lo in rows})
    for pk, offer_id, lat, lon in rows:
        if lat is None:
            lat, lon = places.get(offer_id, (None, None))
        yield ActivityInfo(pk, grades[offer_id], domains[offer_id], lat, lon)


def register_builtin_sources():
    register_activity_source("events.session", event_sessions)
    register_activity_source("catalogue.offer", offers)
    register_activity_source("catalogue.offersession", offer_sessions)
