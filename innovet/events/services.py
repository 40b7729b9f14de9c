"""Writes for events: building the programme, registering, waiting lists, approval, check-in, attendance.

Every write runs in one transaction, checks the permission layer, is audited, and keeps the search
index in step. Seats are handed out under a row lock on each session (``select_for_update``): on
PostgreSQL concurrent registrations queue on that lock, so a session never holds more confirmed
bookings than seats and its waiting list is in arrival order (booking id). SQLite serialises writers
(IMMEDIATE transactions), which gives the same result.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from innovet.core.audit import log_action
from innovet.geo.services import resolve_postcode
from innovet.notifications.services import notify
from innovet.organisations.models import Membership, Role
from innovet.organisations.permissions import memberships, require
from innovet.participation import services as participation
from innovet.participation.models import ActivityKind, ParticipationRole
from innovet.search import services as search_services

from . import mail
from .models import (
    MAX_REMINDER_DAYS,
    SLOT_OF_PARTNER_KIND,
    Approval,
    Booking,
    BookingStatus,
    Event,
    EventDay,
    EventKind,
    EventStatus,
    Registration,
    SchoolPolicy,
    Session,
    SlotKind,
    StakeholderSlot,
    TimeSlot,
    needs_substitution,
)

EVENT_FIELDS = [
    "title",
    "kind",
    "summary",
    "description",
    "venue_name",
    "street",
    "postcode",
    "waiting_list",
    "registration_closes_at",
    "cancellation_deadline",
    "ask_dietary",
    "ask_access",
    "contact_email",
    "offer",
    "reminder_days",
]
EVENT_M2M = ["themes", "transition_priorities", "studiedomeinen", "graden", "onderwijsvormen"]
SESSION_FIELDS = [
    "title",
    "description",
    "theme",
    "transition_priority",
    "speakers",
    "room",
    "capacity",
    "stakeholder",
]
# Who may register colleagues of their school (a team): the school's contacts.
SCHOOL_CONTACT_ROLES = {Role.TA, Role.TAC, Role.DIRECTOR, Role.ORG_ADMIN}
APPROVER_ROLES = {Role.DIRECTOR, Role.TAC}
# Half days: a plenary opening, two rounds of parallel sessions, a plenary close.
HALF_DAYS = {
    "voormiddag": [
        ("09:00", "09:30", SlotKind.PLENARY),
        ("09:45", "10:45", SlotKind.PARALLEL),
        ("11:00", "12:00", SlotKind.PARALLEL),
        ("12:00", "12:30", SlotKind.PLENARY),
    ],
    "namiddag": [
        ("13:00", "13:30", SlotKind.PLENARY),
        ("13:45", "14:45", SlotKind.PARALLEL),
        ("15:00", "16:00", SlotKind.PARALLEL),
        ("16:00", "16:30", SlotKind.PLENARY),
    ],
}


# --- search index ------------------------------------------------------------------------------


def sync_index(event):
    from .search_indexes import EventIndex

    fresh = EventIndex().get_queryset().filter(pk=event.pk).first()
    if fresh is not None:
        search_services.index_object("events", fresh)
    else:
        search_services.remove_object("events", event.pk)


# --- building an event ---------------------------------------------------------------------------


def _apply_venue(event):
    place = resolve_postcode(event.postcode)  # Dutch ValidationError for an unknown postcode
    event.municipality = place.municipality
    event.province = place.province
    event.latitude, event.longitude = place.latitude, place.longitude


def _check_deadlines(event):
    errors = {}
    first = first_start(event) if event.pk else None
    if event.cancellation_deadline and first and event.cancellation_deadline > first:
        errors["cancellation_deadline"] = _("De annuleringstermijn ligt na de start van het netwerkmoment.")
    if event.registration_closes_at and first and event.registration_closes_at > first:
        errors["registration_closes_at"] = _("Het einde van de inschrijvingen ligt na de start van het netwerkmoment.")
    if errors:
        raise ValidationError(errors)


def _set_fields(event, data):
    for field in EVENT_FIELDS:
        if field in data:
            setattr(event, field, data[field])
    if event.offer_id and not event.offer.providers.filter(pk=event.organiser_id).exists():
        raise ValidationError({"offer": _("Koppel enkel aanbod waarvan je organisatie een aanbieder is.")})
    _apply_venue(event)
    event.full_clean(exclude=["organiser", "province"])
    _check_deadlines(event)


@transaction.atomic
def create_event(user, organiser, data):
    require(user, "events.organise_for", organiser)
    event = Event(organiser=organiser, created_by=user)
    _set_fields(event, data)
    event.save()
    for field in EVENT_M2M:
        if field in data:
            getattr(event, field).set(data[field])
    log_action(event, "events.event.created", user)
    return event


@transaction.atomic
def update_event(user, event, data):
    require(user, "events.change_event", event)
    _set_fields(event, data)
    event.save()
    for field in EVENT_M2M:
        if field in data:
            getattr(event, field).set(data[field])
    log_action(event, "events.event.changed", user)
    sync_index(event)
    return event


def missing_stakeholders(event):
    """The stakeholder slots of a kick-off that no session fills yet (in the order of the study); [] for other
    kinds of events."""
    if event.kind != EventKind.KICKOFF:
        return []
    sessions = Session.objects.filter(slot__day__event=event)
    filled = set(sessions.exclude(stakeholder="").values_list("stakeholder", flat=True))
    partner_kinds = set(sessions.values_list("partners__kind", flat=True))
    filled |= {SLOT_OF_PARTNER_KIND[k] for k in partner_kinds if k in SLOT_OF_PARTNER_KIND}
    return [slot for slot in StakeholderSlot if slot not in filled]


@transaction.atomic
def publish_event(user, event, accept_missing_stakeholders=False):
    """Publish. A kick-off whose programme leaves a stakeholder slot of the study empty is refused with a
    warning that names the slots, unless the organiser confirms they publish without them (recorded in the
    audit trail): the study's scenario asks for those voices, but an RTC may have good reasons."""
    require(user, "events.change_event", event)
    if not Session.objects.filter(slot__day__event=event).exists():
        raise ValidationError(_("Voeg eerst minstens één sessie toe aan het programma."))
    missing = missing_stakeholders(event)
    if missing and not accept_missing_stakeholders:
        raise ValidationError(
            _(
                "Deze kick-off heeft nog geen sessie van: %(slots)s. Voeg die toe (of duid bij een sessie aan wie "
                "ze brengt), of bevestig dat je toch publiceert."
            )
            % {"slots": ", ".join(str(s.label) for s in missing)},
            code="missing_stakeholders",
        )
    event.status = EventStatus.PUBLISHED
    event.published_at = event.published_at or timezone.now()
    event.save(update_fields=["status", "published_at", "updated_at"])
    extra = {"missing_stakeholders": [s.value for s in missing]} if missing else None
    log_action(event, "events.event.published", user, extra)
    sync_index(event)
    return event


@transaction.atomic
def unpublish_event(user, event):
    require(user, "events.change_event", event)
    event.status = EventStatus.DRAFT
    event.save(update_fields=["status", "updated_at"])
    log_action(event, "events.event.unpublished", user)
    sync_index(event)
    return event


@transaction.atomic
def add_day(user, event, date, title=""):
    require(user, "events.change_event", event)
    if event.days.filter(date=date).exists():
        raise ValidationError({"date": _("Het programma heeft al een dag op %(date)s.") % {"date": f"{date:%d/%m/%Y}"}})
    day = EventDay.objects.create(event=event, date=date, title=title)
    log_action(event, "events.programme.changed", user, {"day": date.isoformat()})
    return day


def _time(value):
    return datetime.strptime(value, "%H:%M").time() if isinstance(value, str) else value


def _check_slot(day, starts, ends, exclude=None):
    if ends <= starts:
        raise ValidationError({"ends": _("Het einduur ligt niet na het beginuur.")})


@transaction.atomic
def add_slot(user, day, starts, ends, kind=SlotKind.PARALLEL, title=""):
    require(user, "events.change_event", day.event)
    starts, ends = _time(starts), _time(ends)
    _check_slot(day, starts, ends)
    slot = TimeSlot.objects.create(day=day, starts=starts, ends=ends, kind=kind, title=title)
    log_action(day.event, "events.programme.changed", user, {"slot": str(slot)})
    return slot


@transaction.atomic
def add_half_day(user, event, date, part="voormiddag", title=""):
    """A day (or the existing one) with the usual half-day frame: opening, two parallel rounds, closing."""
    require(user, "events.change_event", event)
    if part not in HALF_DAYS:
        raise ValidationError({"part": _("Kies voormiddag of namiddag.")})
    day = event.days.filter(date=date).first() or EventDay.objects.create(event=event, date=date, title=title)
    labels = {
        0: _("Welkom en inleiding"),
        3: _("Slot en netwerkmoment"),
    }
    slots = []
    for i, (starts, ends, kind) in enumerate(HALF_DAYS[part]):
        slot = TimeSlot.objects.create(
            day=day,
            starts=_time(starts),
            ends=_time(ends),
            kind=kind,
            title=str(labels.get(i, _("Ronde %(n)d") % {"n": i})),
        )
        if kind == SlotKind.PLENARY:
            Session.objects.create(slot=slot, title=slot.title)
        slots.append(slot)
    log_action(event, "events.programme.changed", user, {"half_day": date.isoformat(), "part": part})
    return day, slots


def _copy_session(session, slot):
    partners = list(session.partners.all())
    copy = Session.objects.create(slot=slot, **{f: getattr(session, f) for f in SESSION_FIELDS})
    copy.partners.set(partners)
    return copy


@transaction.atomic
def copy_slot(user, slot, day, starts):
    """The same block with the same sessions at another time or day (a repeated round, a 'terugkommoment')."""
    require(user, "events.change_event", slot.day.event)
    if day.event_id != slot.day.event_id:
        raise PermissionDenied
    starts = _time(starts)
    length = datetime.combine(day.date, slot.ends) - datetime.combine(day.date, slot.starts)
    end_dt = datetime.combine(day.date, starts) + length
    if end_dt.date() != day.date:
        raise ValidationError({"starts": _("Het gekopieerde blok loopt over middernacht: kies een vroeger beginuur.")})
    copy = TimeSlot.objects.create(day=day, starts=starts, ends=end_dt.time(), kind=slot.kind, title=slot.title)
    for session in slot.sessions.all():
        _copy_session(session, copy)
    log_action(day.event, "events.programme.changed", user, {"copied_slot": str(slot), "to": str(copy)})
    return copy


@transaction.atomic
def add_session(user, slot, data, partners=()):
    require(user, "events.change_event", slot.day.event)
    session = Session(slot=slot, **{f: data.get(f) for f in SESSION_FIELDS if f in data})
    session.full_clean()
    session.save()
    session.partners.set(partners)
    log_action(slot.day.event, "events.programme.changed", user, {"session": session.title})
    sync_index(slot.day.event)
    return session


@transaction.atomic
def repeat_session(user, session, slot):
    """Offer the same session again in another block (several moments to choose from)."""
    require(user, "events.change_event", session.slot.day.event)
    if slot.day.event_id != session.slot.day.event_id:
        raise PermissionDenied
    if slot.pk == session.slot_id:
        raise ValidationError({"slot": _("Kies een ander tijdsblok dan het huidige.")})
    copy = _copy_session(session, slot)
    log_action(slot.day.event, "events.programme.changed", user, {"repeated": session.title, "slot": str(slot)})
    return copy


@transaction.atomic
def update_session(user, session, data, partners=None):
    require(user, "events.change_event", session.slot.day.event)
    for f in SESSION_FIELDS:
        if f in data:
            setattr(session, f, data[f])
    session.full_clean()
    session.save()
    if partners is not None:
        session.partners.set(partners)
    _fill_from_waitlist(Session.objects.select_for_update().get(pk=session.pk))
    log_action(session.slot.day.event, "events.programme.changed", user, {"session": session.title})
    sync_index(session.slot.day.event)
    return session


@transaction.atomic
def delete_session(user, session):
    event = session.slot.day.event
    require(user, "events.change_event", event)
    if session.bookings.exclude(status=BookingStatus.CANCELLED).exists():
        raise ValidationError(_("Deze sessie heeft inschrijvingen: verplaats ze of annuleer eerst de inschrijvingen."))
    title = session.title
    session.delete()
    log_action(event, "events.programme.changed", user, {"deleted_session": title})
    sync_index(event)


@transaction.atomic
def delete_slot(user, slot):
    event = slot.day.event
    require(user, "events.change_event", event)
    if Booking.objects.filter(session__slot=slot).exclude(status=BookingStatus.CANCELLED).exists():
        raise ValidationError(_("Dit tijdsblok heeft inschrijvingen: verplaats het in plaats van het te verwijderen."))
    label = str(slot)
    slot.delete()
    log_action(event, "events.programme.changed", user, {"deleted_slot": label})
    sync_index(event)


@transaction.atomic
def move_slot(user, slot, day, starts, ends):
    """Move a block; everyone booked in its sessions gets a change notice with the new time."""
    event = slot.day.event
    require(user, "events.change_event", event)
    if day.event_id != event.pk:
        raise PermissionDenied
    starts, ends = _time(starts), _time(ends)
    _check_slot(day, starts, ends)
    before = slot.starts_at
    slot.day, slot.starts, slot.ends = day, starts, ends
    slot.save()
    sessions = list(slot.sessions.all())
    Session.objects.filter(pk__in=[s.pk for s in sessions]).update(sequence=F("sequence") + 1)
    log_action(event, "events.programme.moved", user, {"slot": str(slot), "before": before.isoformat()})
    sync_index(event)
    for session in Session.objects.filter(slot=slot).select_related("slot__day__event"):
        people = [
            b.registration.person
            for b in session.bookings.filter(
                status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITLISTED]
            ).select_related("registration__person")
            if b.registration.person_id
        ]
        if people:
            when = date_format(timezone.localtime(session.starts_at), "l j F Y H:i")
            notify(
                people,
                "events.change",
                _("Sessie verplaatst: %(title)s") % {"title": session.title},
                _("'%(title)s' van %(event)s begint nu op %(when)s.")
                % {"title": session.title, "event": event.title, "when": when},
                url=event.get_absolute_url(),
                actor=user,
                target=event,
            )
            for person in people:
                transaction.on_commit(lambda p=person, s=session: mail.send_change_notice(p, s))
    return slot


@transaction.atomic
def set_school_policy(user, school, approval_for_school_hours):
    if not (user.has_perm("events.approve_for_school", school)):
        raise PermissionDenied
    policy, _created = SchoolPolicy.objects.update_or_create(
        school=school, defaults={"approval_for_school_hours": approval_for_school_hours}
    )
    log_action(school, "events.policy.changed", user, {"approval": approval_for_school_hours})
    return policy


# --- reads used by the writes --------------------------------------------------------------------


def first_start(event):
    slot = TimeSlot.objects.filter(day__event=event).select_related("day").order_by("day__date", "starts").first()
    return slot.starts_at if slot else None


def confirmed_counts(session_ids):
    rows = (
        Booking.objects.filter(session_id__in=session_ids, status=BookingStatus.CONFIRMED)
        .values("session_id")
        .annotate(n=Count("id"))
    )
    counts = {sid: 0 for sid in session_ids}
    counts.update({r["session_id"]: r["n"] for r in rows})
    return counts


def school_contact_schools(user):
    return {
        m.organisation_id
        for m in memberships(user)
        if m.organisation.is_school and (m.role in SCHOOL_CONTACT_ROLES or m.can_manage)
    }


def _person_school(person, registered_by):
    """The school the registration counts for: shared with the contact who registers, else the person's first."""
    ms = Membership.objects.filter(user=person, organisation__kind="school", organisation__is_active=True)
    ms = ms.select_related("organisation").order_by("id")
    if registered_by is not None and registered_by.pk != person.pk:
        ms = ms.filter(organisation_id__in=school_contact_schools(registered_by))
    m = ms.first()
    return m.organisation if m else None


# --- registration --------------------------------------------------------------------------------


def _check_can_register(actor, person):
    """A person registers themselves; a school contact (TA, TAC, director) registers colleagues of their school."""
    if actor.pk == person.pk:
        return
    shared = school_contact_schools(actor) & set(
        Membership.objects.filter(user=person).values_list("organisation_id", flat=True)
    )
    if not shared:
        raise PermissionDenied(_("Je kan alleen collega's van je eigen school inschrijven."))


def register(actor, event, person, session_ids, dietary_needs="", access_needs=""):
    """Register ``person`` for ``event`` in the given sessions (plenary sessions are always included).

    Returns the Registration. Raises a Dutch ValidationError (nothing changed) for: not open, twice,
    after the deadline, a session in the past, two sessions in one block, a full session without waiting list.
    """
    _check_can_register(actor, person)
    try:
        with transaction.atomic():
            return _register(actor, event, person, session_ids, dietary_needs, access_needs)
    except IntegrityError:
        # The partial unique index caught a second registration racing the first.
        raise ValidationError(
            _("%(name)s is al ingeschreven voor dit netwerkmoment.") % {"name": person.get_full_name()}
        ) from None


def _deadline_passed(event, now):
    """The Dutch refusal once the registration deadline has passed, else None (the page and ``register`` agree)."""
    if event.registration_closes_at and now > event.registration_closes_at:
        return _("De inschrijvingen zijn afgesloten sinds %(when)s.") % {
            "when": date_format(timezone.localtime(event.registration_closes_at), "j F Y H:i")
        }
    return None


def registration_closed(event, programme):
    """Why nobody can register any more (a Dutch sentence), or None: the event page then shows no form that
    ``register`` would refuse. From the prefetched programme (no queries)."""
    now = timezone.now()
    deadline = _deadline_passed(event, now)
    if deadline:
        return deadline
    slots = [item["slot"] for day in programme for item in day["slots"] if item["sessions"]]
    # Plenary parts are always booked and a session that has started cannot be: see _register.
    if slots and (
        all(slot.starts_at < now for slot in slots) or any(slot.is_plenary and slot.starts_at < now for slot in slots)
    ):
        return _("Dit netwerkmoment is al begonnen of voorbij: inschrijven kan niet meer.")
    return None


def _register(actor, event, person, session_ids, dietary_needs, access_needs):
    now = timezone.now()
    if not event.is_published:
        raise ValidationError(_("Inschrijven kan niet: dit netwerkmoment is niet (meer) gepubliceerd."))
    deadline = _deadline_passed(event, now)
    if deadline:
        raise ValidationError(deadline)
    if Registration.objects.filter(event=event, person=person, cancelled_at__isnull=True).exists():
        if actor.pk == person.pk:
            raise ValidationError(_("Je bent al ingeschreven voor dit netwerkmoment."))
        raise ValidationError(
            _("%(name)s is al ingeschreven voor dit netwerkmoment.") % {"name": person.get_full_name()}
        )
    wanted = {int(s) for s in session_ids}
    plenary = set(
        Session.objects.filter(slot__day__event=event, slot__kind=SlotKind.PLENARY).values_list("pk", flat=True)
    )
    ids = sorted(wanted | plenary)
    if not ids:
        raise ValidationError({"sessions": _("Kies minstens één sessie.")})
    # Everything that needs no lock is read and checked first: the lock is held only to count and insert.
    sessions = list(
        Session.objects.filter(pk__in=ids, slot__day__event=event).select_related("slot__day").order_by("pk")
    )
    if len(sessions) != len(ids):
        raise ValidationError({"sessions": _("Een gekozen sessie hoort niet bij dit netwerkmoment.")})
    seen_slots = {}
    for s in sessions:
        slot = s.slot
        if slot.starts_at < now:
            raise ValidationError({"sessions": _("De sessie '%(title)s' is al voorbij.") % {"title": s.title}})
        if slot.pk in seen_slots:
            raise ValidationError(
                {
                    "sessions": _("Kies één sessie per tijdsblok (%(slot)s): '%(a)s' en '%(b)s' lopen tegelijk.")
                    % {"slot": f"{slot.starts:%H:%M}", "a": seen_slots[slot.pk], "b": s.title}
                }
            )
        seen_slots[slot.pk] = s.title
    school = _person_school(person, actor)
    substitution = any(needs_substitution(s.slot.starts_at, s.slot.ends_at) for s in sessions)
    approval = Approval.NOT_NEEDED
    if substitution and school is not None:
        policy = SchoolPolicy.objects.filter(school=school).first()
        if policy and policy.approval_for_school_hours:
            approval = Approval.PENDING
    # Lock the sessions in a fixed order (no deadlocks between two registrations), then count the seats
    # taken: everyone after us waits on this lock, so the count cannot change until we commit.
    capacity = dict(Session.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", "capacity"))
    counts = confirmed_counts(ids)
    statuses = {}
    for s in sessions:
        if capacity[s.pk] is None or counts[s.pk] < capacity[s.pk]:
            statuses[s.pk] = BookingStatus.CONFIRMED
        elif event.waiting_list:
            statuses[s.pk] = BookingStatus.WAITLISTED
        else:
            raise ValidationError(
                {"sessions": _("De sessie '%(title)s' is volzet en heeft geen wachtlijst.") % {"title": s.title}}
            )
    registration = Registration.objects.create(
        event=event,
        person=person,
        school=school,
        registered_by=actor,
        needs_substitution=substitution,
        approval=approval,
        dietary_needs=(dietary_needs or "")[:200] if event.ask_dietary else "",
        access_needs=(access_needs or "")[:200] if event.ask_access else "",
    )
    Booking.objects.bulk_create(
        [Booking(registration=registration, session=s, status=statuses[s.pk]) for s in sessions]
    )
    log_action(
        registration,
        "events.registration.created",
        actor,
        {"sessions": {str(k): v for k, v in statuses.items()}, "approval": approval},
    )
    if approval == Approval.PENDING:
        approvers = [
            m.user
            for m in Membership.objects.filter(organisation=school, role__in=APPROVER_ROLES).select_related("user")
        ]
        notify(
            approvers,
            "events.approval",
            _("Goedkeuring gevraagd: %(name)s") % {"name": person.get_full_name()},
            _("%(name)s wil tijdens de schooluren naar %(event)s (vervanging nodig).")
            % {"name": person.get_full_name(), "event": event.title},
            url=_approvals_url(),
            actor=actor,
            target=registration,
        )
    transaction.on_commit(lambda: mail.send_confirmation(registration.pk))
    return registration


def _approvals_url():
    from django.urls import reverse

    return reverse("events:approvals")


def _fill_from_waitlist(session, actor=None):
    """Promote waitlisted bookings (arrival order) while the session (locked by the caller) has seats."""
    if session.capacity is None:
        free = None
    else:
        free = session.capacity - Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED).count()
        if free <= 0:
            return []
    waiting = Booking.objects.filter(
        session=session,
        status=BookingStatus.WAITLISTED,
        registration__cancelled_at__isnull=True,
    ).order_by("id")
    if free is not None:
        waiting = waiting[:free]
    promoted = list(waiting.select_related("registration__person", "registration__event"))
    now = timezone.now()
    for booking in promoted:
        booking.status = BookingStatus.CONFIRMED
        booking.promoted_at = now
        booking.save(update_fields=["status", "promoted_at"])
        log_action(booking.registration, "events.registration.promoted", actor, {"session": session.pk})
        person = booking.registration.person
        if person is not None:
            notify(
                [person],
                "events.registration",
                _("Je hebt een plaats: %(title)s") % {"title": session.title},
                _(
                    "Er kwam een plaats vrij in '%(title)s' (%(event)s). Kan je toch niet? Annuleer dan via je ticket, "
                    "zodat de volgende op de wachtlijst je plaats krijgt."
                )
                % {"title": session.title, "event": booking.registration.event.title},
                url=booking.registration.get_absolute_url(),
                target=booking.registration.event,
            )
    return promoted


def _may_cancel(actor, registration):
    if actor.pk == registration.person_id or actor.pk == registration.registered_by_id:
        return True
    return registration.school_id in school_contact_schools(actor) or actor.has_perm(
        "events.manage_participants", registration.event
    )


def cancel_bookings(actor, registration, bookings=None, reason=""):
    """Cancel some (or all) bookings of a registration; each freed seat goes to the next on the waiting list.

    After the organiser's cancellation deadline only waiting-list places and just-promoted places
    (declining the promotion) can be given back by the participant; the organiser can always cancel.
    """
    if not _may_cancel(actor, registration):
        raise PermissionDenied
    with transaction.atomic():
        registration = Registration.objects.select_related("event").get(pk=registration.pk)
        qs = registration.bookings.exclude(status=BookingStatus.CANCELLED)
        if bookings is not None:
            qs = qs.filter(pk__in=[b.pk for b in bookings])
        targets = list(qs)
        if not targets:
            raise ValidationError(_("Er is niets meer te annuleren."))
        event = registration.event
        deadline = event.cancellation_deadline
        organiser = actor.has_perm("events.manage_participants", event)
        if (
            deadline
            and timezone.now() > deadline
            and not organiser
            and any(b.status == BookingStatus.CONFIRMED and b.promoted_at is None for b in targets)
        ):
            raise ValidationError(
                _("Annuleren kan niet meer: de termijn liep af op %(when)s. Neem contact op met de organisator.")
                % {"when": date_format(timezone.localtime(deadline), "j F Y H:i")}
            )
        session_ids = sorted({b.session_id for b in targets})
        locked = {s.pk: s for s in Session.objects.select_for_update().filter(pk__in=session_ids).order_by("pk")}
        Booking.objects.filter(pk__in=[b.pk for b in targets]).update(status=BookingStatus.CANCELLED)
        if not registration.bookings.exclude(status=BookingStatus.CANCELLED).exists():
            registration.cancelled_at = timezone.now()
            registration.save(update_fields=["cancelled_at"])
        log_action(
            registration,
            "events.registration.cancelled",
            actor,
            {"bookings": [b.pk for b in targets], "reason": reason},
        )
        promoted = []
        for sid in session_ids:
            promoted += _fill_from_waitlist(locked[sid], actor)
        return promoted


def cancel_registration(actor, registration, reason=""):
    return cancel_bookings(actor, registration, None, reason)


@transaction.atomic
def decide_approval(actor, registration, approve, reason=""):
    """The director (or TAC) of the registration's school approves, or declines with a reason."""
    if not actor.has_perm("events.approve_for_school", registration.school):
        raise PermissionDenied
    if registration.approval != Approval.PENDING:
        raise ValidationError(_("Over deze inschrijving is al beslist."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Geef een reden als je weigert: de leerkracht krijgt ze te zien.")})
    registration.approval = Approval.APPROVED if approve else Approval.DECLINED
    registration.approval_reason = reason[:300]
    registration.approved_by = actor
    registration.save(update_fields=["approval", "approval_reason", "approved_by"])
    log_action(
        registration,
        "events.registration.approved" if approve else "events.registration.declined",
        actor,
        {"reason": reason},
    )
    if not approve:
        # The seats go to the next on the waiting lists.
        registration.approval = Approval.DECLINED
        targets = list(registration.bookings.exclude(status=BookingStatus.CANCELLED))
        if targets:
            locked = {
                s.pk: s
                for s in Session.objects.select_for_update()
                .filter(pk__in=sorted({b.session_id for b in targets}))
                .order_by("pk")
            }
            Booking.objects.filter(pk__in=[b.pk for b in targets]).update(status=BookingStatus.CANCELLED)
            registration.cancelled_at = timezone.now()
            registration.save(update_fields=["cancelled_at"])
            for session in locked.values():
                _fill_from_waitlist(session, actor)
    if registration.person is not None:
        title = (_("Goedgekeurd: %(event)s") if approve else _("Niet goedgekeurd: %(event)s")) % {
            "event": registration.event.title
        }
        notify(
            [registration.person],
            "events.registration",
            title,
            reason,
            url=registration.get_absolute_url(),
            actor=actor,
            target=registration.event,
        )
    return registration


# --- check-in and attendance ---------------------------------------------------------------------


def check_in(actor, event, code):
    """Check a ticket in. Several staff may scan at once: the conditional update lets only the first count.

    Returns (registration, newly_checked_in). Raises a Dutch ValidationError for an unknown or invalid ticket.
    """
    require(actor, "events.manage_participants", event)
    code = (code or "").strip().upper().replace(" ", "").replace("-", "")
    if "/" in code:  # a scanned URL: the code is its last part
        code = code.rstrip("/").rsplit("/", 1)[-1]
    registration = Registration.objects.filter(event=event, ticket_code=code).select_related("person", "school").first()
    if registration is None:
        raise ValidationError(_("Onbekend ticket '%(code)s' voor dit netwerkmoment.") % {"code": code})
    if registration.cancelled_at is not None or registration.approval == Approval.DECLINED:
        raise ValidationError(_("Het ticket van %(name)s is geannuleerd.") % {"name": registration.person})
    if not registration.bookings.filter(status=BookingStatus.CONFIRMED).exists():
        raise ValidationError(_("%(name)s staat enkel op de wachtlijst.") % {"name": registration.person})
    with transaction.atomic():
        updated = Registration.objects.filter(pk=registration.pk, checked_in_at__isnull=True).update(
            checked_in_at=timezone.now(), checked_in_by=actor
        )
        if updated:
            log_action(registration, "events.registration.checked_in", actor)
    registration.refresh_from_db(fields=["checked_in_at", "checked_in_by"])
    return registration, bool(updated)


@transaction.atomic
def confirm_attendance(actor, event, marks):
    """After the event: ``marks`` = {booking_id: (attended: bool, role)}; writes the participation ledger.

    Only confirmed bookings of this event count; an attended booking becomes one record in the ledger
    (hours of its time slot), a no-show removes a record made earlier.
    """
    require(actor, "events.manage_participants", event)
    bookings = {
        b.pk: b
        for b in Booking.objects.filter(
            registration__event=event, status=BookingStatus.CONFIRMED, pk__in=list(marks)
        ).select_related("registration__person", "registration__school", "session__slot__day")
    }
    unknown = set(marks) - set(bookings)
    if unknown:
        raise ValidationError(
            _("Onbekende inschrijving(en) voor dit netwerkmoment: %(ids)s.")
            % {"ids": ", ".join(str(i) for i in sorted(unknown))}
        )
    url = event.get_absolute_url()
    recorded = 0
    for pk, (attended, role) in marks.items():
        booking = bookings[pk]
        if role not in ParticipationRole.values:
            raise ValidationError(_("Onbekende rol '%(role)s' (rij %(pk)s).") % {"role": role, "pk": pk})
        booking.attended, booking.role = bool(attended), role
        booking.save(update_fields=["attended", "role"])
        person = booking.registration.person
        if person is None:
            continue
        session = booking.session
        if attended:
            participation.record_participation(
                person=person,
                activity=session,
                kind=ActivityKind.EVENT_SESSION,
                title=f"{event.title}: {session.title}",
                date=session.slot.day.date,
                hours=session.slot.hours,
                role=role,
                school=booking.registration.school,
                organiser=event.organiser,
                province=event.province,
                url=url,
                recorded_by=actor,
            )
            recorded += 1
        else:
            participation.withdraw_participation(person=person, activity=session, withdrawn_by=actor)
    log_action(event, "events.attendance.confirmed", actor, {"attended": recorded, "marked": len(marks)})
    return recorded


# --- reminders and GDPR --------------------------------------------------------------------------


def send_due_reminders(now=None):
    """One reminder per event to everyone with a confirmed seat, ``event.reminder_days`` days before its first
    session (0: none). Only events with a day inside the longest possible lead time are looked at."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    candidates = (
        Event.objects.published()
        .filter(
            reminder_sent_at__isnull=True,
            reminder_days__gt=0,
            days__date__gte=today,
            days__date__lte=today + timedelta(days=MAX_REMINDER_DAYS + 1),
        )
        .distinct()
    )
    for event in candidates:
        start = first_start(event)
        if start is None or not (now < start <= now + timedelta(days=event.reminder_days)):
            continue
        with transaction.atomic():
            claimed = Event.objects.filter(pk=event.pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now)
            if not claimed:
                continue
            ids = list(
                Registration.objects.filter(
                    event=event, cancelled_at__isnull=True, bookings__status=BookingStatus.CONFIRMED
                )
                .exclude(approval__in=[Approval.DECLINED])
                .values_list("pk", flat=True)
                .distinct()
            )
            for pk in ids:
                transaction.on_commit(lambda pk=pk: mail.send_reminder(pk))
            sent += len(ids)
    return sent


def user_data(user):
    regs = (
        Registration.objects.filter(person=user).select_related("event", "school").prefetch_related("bookings__session")
    )
    return [
        {
            "netwerkmoment": r.event.title,
            "school": r.school.name if r.school_id else None,
            "ingeschreven op": r.created_at.isoformat(),
            "geannuleerd op": r.cancelled_at.isoformat() if r.cancelled_at else None,
            "goedkeuring": r.get_approval_display(),
            "voedingswensen": r.dietary_needs,
            "toegankelijkheid": r.access_needs,
            "ingecheckt om": r.checked_in_at.isoformat() if r.checked_in_at else None,
            "sessies": [
                {"sessie": b.session.title, "status": b.get_status_display(), "aanwezig": b.attended}
                for b in r.bookings.all()
            ],
        }
        for r in regs
    ]


def erase_user(user):
    """Registrations stay as anonymous counts (seats, attendance); the person and their needs go."""
    Registration.objects.filter(person=user).update(person=None, dietary_needs="", access_needs="", registered_by=None)
    Registration.objects.filter(registered_by=user).update(registered_by=None)


def organiser_choices(user):
    """Organisations the user may organise events for (any membership; platform admins pick any)."""
    return [m.organisation for m in memberships(user)]
