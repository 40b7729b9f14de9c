"""The centre's confirmed days as an iCalendar feed (RFC 5545), like events/calendar.py: all-day events, no
ORGANIZER (calendar apps would e-mail it), no pupils' or teachers' names (the feed is public)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def centre_ics(centre, booked_days):
    cal = Calendar()
    cal.add("prodid", "-//InnoVET//10-dagenregeling//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"10-dagenregeling – {centre.name}")
    stamp = timezone.now()
    url = settings.SITE_URL + f"/10-dagenregeling/centrum/{centre.slug}/kalender/"
    for booked in booked_days:
        component = Event()
        component.add("uid", f"innovet-tiendagen-{booked.pk}@innovet")
        component.add("dtstamp", stamp)
        component.add("dtstart", booked.day)
        component.add("dtend", booked.day + timedelta(days=1))
        component.add("summary", f"Bezet (10-dagenregeling): {booked.infrastructure.name}")
        component.add("url", url)
        component.add("transp", "OPAQUE")
        cal.add_component(component)
    return cal.to_ical()
