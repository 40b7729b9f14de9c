"""Demo: one kick-off per province from data/demo_kickoffs.yaml, with registrations, a waiting list,
a promotion, a pending approval, and the past West-Flemish kick-off checked in with attendance confirmed
(so the participation ledger and the school page have content)."""

from datetime import timedelta
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.utils import timezone

from innovet.core.demo_registry import DEMO_PASSWORD
from innovet.organisations.models import Membership, Organisation, OrganisationKind, Role
from innovet.taxonomy.models import Term

from . import services
from .models import Event, EventDay, EventKind, SchoolPolicy, SlotKind

DATA = Path(__file__).parent / "data" / "demo_kickoffs.yaml"
ROUNDS = {1: ("13:45", "14:45"), 2: ("15:00", "16:00")}


def _day(weeks, weekday=2):
    """A Wednesday (or the given weekday) so many weeks from today (negative: in the past)."""
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)


def _teachers(ctx):
    """A few teachers per demo school (besides the demo accounts), so lists and counts look real."""
    User = get_user_model()
    people = []
    schools = list(Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("id")[:24])
    first = ["Joke", "Dirk", "Hanne", "Stijn", "Griet", "Yusuf", "Lotte", "Bram", "Fatima", "Ward"]
    for i, school in enumerate(schools):
        for j in range(2):
            n = i * 2 + j
            email = f"leerkracht-{n}@demo.innovet.test"
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email, password=DEMO_PASSWORD, first_name=first[n % len(first)], last_name=f"Demo {n}"
                )
            Membership.objects.get_or_create(user=user, organisation=school, defaults={"role": Role.TEACHER})
            people.append(user)
    return people


def load(ctx):
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    common = data["common"]
    by_name = {o.name: o for o in Organisation.objects.all()}
    themes = {t.code: t for t in Term.objects.of("thema")}
    transitions = {t.code: t for t in Term.objects.of("transitieprioriteit")}
    Event.objects.filter(title__in=[e["title"] for e in data["events"]]).delete()
    events = []
    for spec in data["events"]:
        organiser = by_name[spec["organiser"]]
        staff = Membership.objects.filter(organisation=organiser).select_related("user").first()
        actor = staff.user if staff else ctx.users["admin"]
        past = "weeks_ago" in spec
        weekday = spec.get("weekday", 2)
        date = _day(-spec["weeks_ago"] if past else spec["weeks_ahead"], weekday)
        event = services.create_event(
            ctx.users["admin"],
            organiser,
            {
                "title": spec["title"],
                "kind": EventKind.KICKOFF,
                "summary": "Regionaal netwerkmoment: kennismaken met innovaties en partners, "
                "thematische parallelle sessies en het RTC als aanspreekpunt.",
                "description": "Een namiddag om te ontdekken wat er verandert op de arbeidsmarkt en hoe je dat "
                "in je lessen binnenbrengt, samen met sectoren, bedrijven, VDAB en de pedagogische begeleiding.",
                "venue_name": spec["venue"],
                "street": spec["street"],
                "postcode": spec["postcode"],
                "contact_email": organiser.email,
                "ask_dietary": True,
                "themes": [themes[c] for c in spec["themes"]],
                "transition_priorities": list(
                    {
                        transitions[s["transition"] if "transition" in s else common[s["common"]]["transition"]]
                        for s in spec["sessions"]
                    }
                ),
            },
        )
        # Built on a future day (registration checks dates); a past event is moved back afterwards.
        day = services.add_day(actor if staff else ctx.users["admin"], event, _day(spec.get("weeks_ahead", 4), weekday))
        opening = services.add_slot(ctx.users["admin"], day, "13:00", "13:30", SlotKind.PLENARY, "Welkom")
        services.add_session(ctx.users["admin"], opening, {**common["opening"], "room": "Aula"})
        slots = {
            r: services.add_slot(ctx.users["admin"], day, a, b, SlotKind.PARALLEL, f"Ronde {r}")
            for r, (a, b) in ROUNDS.items()
        }
        for s in spec["sessions"]:
            s = {**common[s["common"]], **s} if "common" in s else s
            services.add_session(
                ctx.users["admin"],
                slots[s["round"]],
                {
                    "title": s["title"],
                    "theme": themes[s["theme"]],
                    "transition_priority": transitions[s["transition"]],
                    "speakers": s.get("speakers", ""),
                    "room": s.get("room", ""),
                    "capacity": s.get("capacity"),
                    "stakeholder": s.get("stakeholder", ""),
                },
                [by_name[p] for p in s.get("partners", []) if p in by_name],
            )
        closing = services.add_slot(ctx.users["admin"], day, "16:00", "16:30", SlotKind.PLENARY, "Slot")
        services.add_session(ctx.users["admin"], closing, {**common["closing"], "room": "Aula"})
        # Published even where a stakeholder slot is empty: the builder then shows which one (see the data file).
        services.publish_event(ctx.users["admin"], event, accept_missing_stakeholders=True)
        events.append((event, spec, date, past))

    teachers = _teachers(ctx)
    rng = ctx.rng
    for event, _spec, date, past in events:
        rounds = {}
        for day in event.days.all():
            for slot in day.slots.filter(kind=SlotKind.PARALLEL):
                rounds[slot.pk] = list(slot.sessions.all())
        for person in rng.sample(teachers, 14):
            choice = [rng.choice(sessions).pk for sessions in rounds.values()]
            services.register(person, event, person, choice)
        if past:
            EventDay.objects.filter(event=event).update(date=date)
            admin = ctx.users["admin"]
            for registration in event.registrations.all():
                if rng.random() < 0.85:
                    services.check_in(admin, event, registration.ticket_code)
            marks = {}
            for registration in event.registrations.prefetch_related("bookings"):
                for booking in registration.bookings.filter(status="bevestigd"):
                    role = "presentator" if rng.random() < 0.1 else "bezoeker"
                    marks[booking.pk] = (registration.checked_in_at is not None, role)
            services.confirm_attendance(admin, event, marks)
            services.sync_index(event)

    # The Gent journey: the demo teacher and TA want the small cobot session (3 seats): whoever is late
    # waits, and a cancellation promotes the first on the waiting list. Gent asks approval for school
    # hours: the Antwerp kick-off is on a Thursday, so the demo teacher's registration there waits for
    # the director.
    ovl = events[0][0]
    cobots = ovl.days.first().slots.get(title="Ronde 1").sessions.get(title__startswith="Cobots")
    gent = Organisation.objects.get(slug="vti-sint-jozef-gent")
    SchoolPolicy.objects.update_or_create(school=gent, defaults={"approval_for_school_hours": True})
    for key in ("leerkracht", "ta"):
        user = ctx.users.get(key)
        if user and not event_has(ovl, user):
            services.register(user, ovl, user, [cobots.pk])
    first = cobots.bookings.filter(status="bevestigd").select_related("registration__person").first()
    if first is not None:
        services.cancel_bookings(first.registration.person, first.registration, [first])
    antwerp = next(e for e, spec, *_ in events if spec.get("weekday") == 3)
    if ctx.users.get("leerkracht") and not event_has(antwerp, ctx.users["leerkracht"]):
        services.register(ctx.users["leerkracht"], antwerp, ctx.users["leerkracht"], [])
    ctx.extra["events"] = [e for e, *_ in events]
    ctx.say(f"    {len(events)} netwerkmomenten, {sum(e.registrations.count() for e, *_ in events)} inschrijvingen")


def event_has(event, user):
    return event.registrations.filter(person=user, cancelled_at__isnull=True).exists()
