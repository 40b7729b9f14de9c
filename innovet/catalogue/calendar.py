"""Calendar exports of an offer's sessions: an .ics file and add-to-calendar links.

No ORGANIZER property: calendar apps would otherwise e-mail the organiser when someone adds the event.
"""

from datetime import UTC
from urllib.parse import urlencode

from django.utils import timezone
from icalendar import Calendar, Event, vText

from .models import needs_address


def _location_text(session, offer):
    location = session.location or next(iter(offer.locations.all()), None)
    if location is None:
        return ""
    if not needs_address(location.location_type):
        return str(location.location_type)
    parts = [location.name, location.street, f"{location.postcode} {location.municipality}".strip()]
    return ", ".join(p for p in parts if p)


def ics(offer, request):
    url = request.build_absolute_uri(offer.get_absolute_url())
    cal = Calendar()
    cal.add("prodid", "-//InnoVET//Aanbod//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", offer.title)
    stamp = timezone.now()
    for session in offer.sessions.all():
        event = Event()
        event.add("uid", f"innovet-aanbod-{offer.pk}-sessie-{session.pk}@{request.get_host()}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", session.title or offer.title)
        event.add("description", f"{offer.summary}\n\n{url}")
        event.add("url", url)
        location = _location_text(session, offer)
        if location:
            event.add("location", vText(location))
        cal.add_component(event)
    return cal.to_ical()


def _utc(value):
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def links(offer, request):
    """Per upcoming session: Google Calendar and Outlook.com links (they open a pre-filled new event)."""
    url = request.build_absolute_uri(offer.get_absolute_url())
    result = []
    for session in offer.upcoming_sessions():
        title = session.title or offer.title
        location = _location_text(session, offer)
        details = f"{offer.summary}\n{url}"
        google = "https://calendar.google.com/calendar/render?" + urlencode(
            {
                "action": "TEMPLATE",
                "text": title,
                "dates": f"{_utc(session.starts_at)}/{_utc(session.ends_at)}",
                "details": details,
                "location": location,
            }
        )
        outlook = "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(
            {
                "path": "/calendar/action/compose",
                "rru": "addevent",
                "subject": title,
                "startdt": session.starts_at.astimezone(UTC).isoformat(),
                "enddt": session.ends_at.astimezone(UTC).isoformat(),
                "body": details,
                "location": location,
            }
        )
        result.append({"session": session, "google": google, "outlook": outlook})
    return result
