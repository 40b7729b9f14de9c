"""Reads: programmes with seat counts, participant lists, a person's registrations, approvals, exports."""

from django.db.models import Count, Min, Prefetch, Q

from innovet.organisations.permissions import is_platform_admin, organisation_ids

from .advice import advise
from .models import Approval, Booking, BookingStatus, Event, EventDay, Registration, Session, TimeSlot
from .rules import APPROVER_ROLES


def sessions_with_counts():
    return (
        Session.objects.select_related("theme", "transition_priority")
        .prefetch_related("partners")
        .annotate(
            confirmed=Count("bookings", filter=Q(bookings__status=BookingStatus.CONFIRMED)),
            waitlisted=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITLISTED)),
        )
        .order_by("id")
    )


def event_detail_queryset():
    return Event.objects.select_related("organiser", "province").prefetch_related(
        "themes",
        Prefetch(
            "days",
            queryset=EventDay.objects.prefetch_related(
                Prefetch(
                    "slots",
                    queryset=TimeSlot.objects.prefetch_related(Prefetch("sessions", queryset=sessions_with_counts())),
                )
            ),
        ),
    )


def programme(event, with_advice=False):
    """[{day, advice, slots: [{slot, advice, sessions}]}] from the prefetched event."""
    days = []
    for day in event.days.all():
        slots = []
        for slot in day.slots.all():
            slot.day = day
            sessions = list(slot.sessions.all())
            for session in sessions:
                session.slot = slot
                session.free = None if session.capacity is None else max(0, session.capacity - session.confirmed)
            slots.append(
                {
                    "slot": slot,
                    "sessions": sessions,
                    "advice": advise(day.date, slot.starts, slot.ends) if with_advice else [],
                }
            )
        days.append({"day": day, "slots": slots, "advice": advise(day.date) if with_advice else []})
    return days


def stakeholder_coverage(programme):
    """For a kick-off's builder: each stakeholder slot of the study with the sessions that fill it (marked, or
    through a partner of that kind), from the prefetched programme (no queries)."""
    from .models import SLOT_OF_PARTNER_KIND, StakeholderSlot

    by_slot = {slot: [] for slot in StakeholderSlot}
    for day in programme:
        for item in day["slots"]:
            for session in item["sessions"]:
                slots = {session.stakeholder} if session.stakeholder else set()
                slots |= {
                    SLOT_OF_PARTNER_KIND[p.kind] for p in session.partners.all() if p.kind in SLOT_OF_PARTNER_KIND
                }
                for slot in slots:
                    by_slot[StakeholderSlot(slot)].append(session)
    return [{"slot": slot, "label": slot.label, "sessions": sessions} for slot, sessions in by_slot.items()]


def all_sessions(event):
    return [s for d in programme(event) for slot in d["slots"] for s in slot["sessions"]]


def events_for_hits(hits):
    """The events of a result page in the engine's order (one query), with their first and next day."""
    from django.utils import timezone

    ids = [h.pk for h in hits]
    by_id = {
        e.pk: e
        for e in Event.objects.filter(pk__in=ids)
        .select_related("organiser", "province")
        .annotate(
            first_date=Min("days__date"),
            next_date=Min("days__date", filter=Q(days__date__gte=timezone.localdate())),
        )
    }
    distances = {h.pk: h.distance_km for h in hits}
    events = [by_id[i] for i in ids if i in by_id]
    for event in events:
        event.distance_km = distances.get(event.pk)
    return events


def my_registration(user, event):
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event, person=user, cancelled_at__isnull=True)
        .prefetch_related(Prefetch("bookings", queryset=Booking.objects.select_related("session__slot__day")))
        .first()
    )


def my_registrations(user):
    return (
        Registration.objects.filter(person=user)
        .select_related("event", "school")
        .prefetch_related(Prefetch("bookings", queryset=Booking.objects.select_related("session__slot__day")))
        .order_by("-created_at")
    )


def participants(event):
    """The organiser's list: every registration with its bookings (person, school, sessions)."""
    return (
        Registration.objects.filter(event=event)
        .select_related("person", "school")
        .prefetch_related(
            Prefetch("bookings", queryset=Booking.objects.select_related("session__slot__day").order_by("id"))
        )
        .order_by("person__last_name", "person__first_name", "id")
    )


def checkin_search(event, text):
    qs = participants(event).filter(cancelled_at__isnull=True)
    text = (text or "").strip()
    if not text:
        return qs.none()
    for word in text.split()[:3]:
        qs = qs.filter(
            Q(person__first_name__icontains=word)
            | Q(person__last_name__icontains=word)
            | Q(school__name__icontains=word)
            | Q(ticket_code__iexact=word)
        )
    return qs[:20]


def checkin_counts(event):
    return Registration.objects.filter(event=event, cancelled_at__isnull=True).aggregate(
        total=Count("id", filter=Q(bookings__status=BookingStatus.CONFIRMED), distinct=True),
        checked_in=Count("id", filter=Q(checked_in_at__isnull=False), distinct=True),
    )


def organiser_events(user):
    qs = Event.objects.select_related("organiser", "province").annotate(
        registrations_count=Count("registrations", filter=Q(registrations__cancelled_at__isnull=True), distinct=True)
    )
    if not is_platform_admin(user):
        qs = qs.filter(organiser_id__in=organisation_ids(user))
    return qs.order_by("-created_at")


def pending_approvals(user):
    """Registrations waiting for this director's or TAC's decision (their schools only)."""
    from innovet.organisations.permissions import memberships

    school_ids = {
        m.organisation_id
        for m in memberships(user)
        if m.organisation.is_school and (m.role in APPROVER_ROLES or m.can_manage)
    }
    return (
        Registration.objects.filter(school_id__in=school_ids, approval=Approval.PENDING, cancelled_at__isnull=True)
        .select_related("person", "school", "event")
        .prefetch_related(Prefetch("bookings", queryset=Booking.objects.select_related("session__slot__day")))
        .order_by("created_at")
    )


def export_rows(event):
    """Rows for the CSV/XLSX export: only name, school and sessions; needs only when the organiser asked."""
    header = ["Naam", "School", "Sessies", "Wachtlijst", "Vervanging nodig", "Ingecheckt"]
    if event.ask_dietary:
        header.append("Voedingswensen")
    if event.ask_access:
        header.append("Toegankelijkheid")
    rows = []
    for r in participants(event).filter(cancelled_at__isnull=True).exclude(approval=Approval.DECLINED):
        bookings = list(r.bookings.all())
        row = [
            r.person.get_full_name() if r.person else "(verwijderd)",
            r.school.name if r.school else "",
            " / ".join(b.session.title for b in bookings if b.status == BookingStatus.CONFIRMED),
            " / ".join(b.session.title for b in bookings if b.status == BookingStatus.WAITLISTED),
            "ja" if r.needs_substitution else "nee",
            "ja" if r.checked_in_at else "nee",
        ]
        if event.ask_dietary:
            row.append(r.dietary_needs)
        if event.ask_access:
            row.append(r.access_needs)
        rows.append(row)
    return header, rows


def dashboard_panel(request):
    user = request.user
    if not user.is_authenticated:
        return None
    upcoming = [r for r in my_registrations(user).filter(cancelled_at__isnull=True)[:5]]
    approvals = pending_approvals(user).count()
    organised = organiser_events(user).count() if organisation_ids(user) else 0
    if not (upcoming or approvals or organised):
        return None
    return {"registrations": upcoming, "approvals": approvals, "organised": organised}


def offer_registration(offer, request):
    """The offer page's card: published, upcoming events organised for this offer ('Inschrijven via InnoVET')."""
    from django.utils import timezone

    events = list(
        Event.objects.published()
        .filter(offer=offer, days__date__gte=timezone.localdate())
        .annotate(first_date=Min("days__date"))
        .order_by("first_date")
    )
    if not events:
        return None
    return {"template": "events/_offer_registration.html", "events": events}
