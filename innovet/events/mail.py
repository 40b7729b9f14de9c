"""E-mails of registrations, with the sessions as an .ics attachment (rendered now, sent by the worker)."""

from django.conf import settings
from django.utils.translation import gettext as _

from innovet.core.mail import render_mail

from . import calendar
from .models import BookingStatus, Registration


def _send(to, template_base, context, ics=None):
    from .tasks import deliver_mail_with_ics

    subject, body, html = render_mail(template_base, context)
    deliver_mail_with_ics([to], subject, body, html, ics.decode("utf-8") if ics else None)


def _registration(pk):
    return (
        Registration.objects.select_related("event", "person", "school")
        .prefetch_related("bookings__session__slot__day__event")
        .filter(pk=pk)
        .first()
    )


def _context(registration):
    bookings = sorted(registration.bookings.all(), key=lambda b: (b.session.starts_at, b.session.pk))
    return {
        "registration": registration,
        "event": registration.event,
        "confirmed": [b for b in bookings if b.status == BookingStatus.CONFIRMED],
        "waitlisted": [b for b in bookings if b.status == BookingStatus.WAITLISTED],
        "ticket_url": settings.SITE_URL + registration.get_absolute_url(),
    }


def _ics(context):
    sessions = [b.session for b in context["confirmed"]]
    return calendar.sessions_ics(sessions, context["event"].title) if sessions else None


def send_confirmation(pk):
    registration = _registration(pk)
    if registration is None or registration.person is None:
        return
    context = _context(registration)
    _send(registration.person.email, "events/email/confirmation", context, _ics(context))


def send_reminder(pk):
    registration = _registration(pk)
    if registration is None or registration.person is None:
        return
    context = _context(registration)
    if context["confirmed"]:
        _send(registration.person.email, "events/email/reminder", context, _ics(context))


def send_change_notice(person, session):
    event = session.slot.day.event
    context = {
        "person": person,
        "session": session,
        "event": event,
        "event_url": settings.SITE_URL + event.get_absolute_url(),
        "subject_hint": _("gewijzigd"),
    }
    _send(person.email, "events/email/change", context, calendar.sessions_ics([session], event.title))
