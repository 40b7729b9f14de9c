"""iCalendar (RFC 5545) output: one session, a registration's sessions, and feeds per organiser or province.

No ORGANIZER property: calendar apps would otherwise e-mail the organiser when someone adds the event.
SEQUENCE grows when a session moves, so calendar apps replace the old time instead of adding a copy.
"""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vText

HOST = "innovet"


def _calendar(name):
    cal = Calendar()
    cal.add("prodid", "-//InnoVET//Netwerkmomenten//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def _session_component(session, event, stamp, status=None):
    url = settings.SITE_URL + event.get_absolute_url()
    component = Event()
    component.add("uid", f"innovet-netwerkmoment-{event.pk}-sessie-{session.pk}@{HOST}")
    component.add("dtstamp", stamp)
    component.add("sequence", session.sequence)
    component.add("dtstart", session.starts_at)
    component.add("dtend", session.ends_at)
    component.add("summary", f"{session.title} – {event.title}" if session.title != event.title else event.title)
    details = [session.description or event.summary]
    if session.speakers:
        details.append(session.speakers)
    details.append(url)
    component.add("description", "\n\n".join(d for d in details if d))
    component.add("url", url)
    location = ", ".join(p for p in (session.room, event.address) if p)
    if location:
        component.add("location", vText(location))
    if event.has_point:
        component.add("geo", (event.latitude, event.longitude))
    if status:
        component.add("status", status)
    return component


def sessions_ics(sessions, name):
    """Sessions (with slot__day__event loaded) as one calendar."""
    cal = _calendar(name)
    stamp = timezone.now()
    for session in sessions:
        event = session.slot.day.event
        status = "CANCELLED" if event.status == "geannuleerd" else None
        cal.add_component(_session_component(session, event, stamp, status))
    return cal.to_ical()
