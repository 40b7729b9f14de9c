"""An event registration as a source of substitution requests (innovet.substitution.registry): the
sessions booked during school hours are the hours to replace."""

from django.utils import timezone

from innovet.substitution.registry import Absence

from .models import Approval, BookingStatus
from .rules import approves_for


def describe(registration):
    if (
        registration.cancelled_at is not None
        or registration.approval == Approval.DECLINED
        or registration.school is None
    ):
        return None
    sessions = [
        b.session
        for b in registration.bookings.exclude(status=BookingStatus.CANCELLED).select_related("session__slot__day")
        if b.session.needs_substitution
    ]
    if not sessions:
        return None
    starts = [timezone.localtime(s.starts_at) for s in sessions]
    ends = [timezone.localtime(s.ends_at) for s in sessions]
    return Absence(
        title=registration.event.title,
        school=registration.school,
        teacher=registration.person,
        starts_on=min(starts).date(),
        ends_on=max(ends).date(),
        start_time=min(s.time() for s in starts),
        end_time=max(e.time() for e in ends),
    )


def may_request(user, registration):
    return registration.person_id == user.pk or bool(approves_for(user, registration.school))
