from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innovet.events import services
from innovet.events.models import Approval, Booking, BookingStatus, Registration, SchoolPolicy
from innovet.notifications.models import Notification
from innovet.organisations.models import OrganisationKind, Role

from .conftest import future_weekday, session_named

pytestmark = pytest.mark.django_db


def test_register_confirms_and_includes_plenary_and_mails_an_ics(
    make_event, teacher, django_capture_on_commit_callbacks
):
    event = make_event()
    cobots = session_named(event, "Cobots in de klas")
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(teacher, event, teacher, [cobots.pk])
    statuses = {b.session.title: b.status for b in registration.bookings.select_related("session")}
    assert statuses == {"Welkom en inleiding": BookingStatus.CONFIRMED, "Cobots in de klas": BookingStatus.CONFIRMED}
    assert registration.needs_substitution  # a Tuesday afternoon
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Kick-off Oost-Vlaanderen" in message.subject
    filename, content, mimetype = message.attachments[0]
    assert filename.endswith(".ics") and "Cobots in de klas" in content and "BEGIN:VEVENT" in content


def test_full_session_waitlists_in_arrival_order_and_cancel_promotes_exactly_one(
    make_event, make_teacher, django_capture_on_commit_callbacks
):
    event = make_event(capacity=2)
    cobots = session_named(event, "Cobots in de klas")
    people = [make_teacher() for _ in range(5)]
    regs = [services.register(p, event, p, [cobots.pk]) for p in people]
    status = [r.bookings.get(session=cobots).status for r in regs]
    assert status == ["bevestigd", "bevestigd", "wachtlijst", "wachtlijst", "wachtlijst"]
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.cancel_registration(people[0], regs[0])
    assert [b.registration.person for b in promoted] == [people[2]]
    assert regs[2].bookings.get(session=cobots).status == BookingStatus.CONFIRMED
    assert regs[3].bookings.get(session=cobots).status == BookingStatus.WAITLISTED
    note = Notification.objects.get(recipient=people[2])
    assert "Je hebt een plaats" in note.title
    assert any(people[2].email in m.to for m in mail.outbox)
    # The promoted person declines (after the deadline too): the next one moves up.
    event.cancellation_deadline = timezone.now() - timedelta(hours=1)
    event.save()
    services.cancel_bookings(people[2], regs[2], [regs[2].bookings.get(session=cobots)])
    assert regs[3].bookings.get(session=cobots).status == BookingStatus.CONFIRMED
    assert Booking.objects.filter(session=cobots, status=BookingStatus.CONFIRMED).count() == 2


def test_refusals_are_dutch_and_change_nothing(make_event, teacher, make_teacher, organiser):
    event = make_event(capacity=1, waiting_list=False)
    cobots = session_named(event, "Cobots in de klas")
    heat = session_named(event, "Warmtepompen")
    with pytest.raises(ValidationError, match="één sessie per tijdsblok"):
        services.register(teacher, event, teacher, [cobots.pk, heat.pk])
    services.register(teacher, event, teacher, [cobots.pk])
    with pytest.raises(ValidationError, match="al ingeschreven"):
        services.register(teacher, event, teacher, [heat.pk])
    other = make_teacher()
    with pytest.raises(ValidationError, match="volzet en heeft geen wachtlijst"):
        services.register(other, event, other, [cobots.pk])
    assert not Registration.objects.filter(person=other).exists()
    event.registration_closes_at = timezone.now() - timedelta(minutes=1)
    event.save()
    with pytest.raises(ValidationError, match="afgesloten"):
        services.register(other, event, other, [heat.pk])
    assert Registration.objects.filter(event=event).count() == 1


def test_session_in_the_past_is_refused(make_event, teacher):
    event = make_event(day=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError, match="al voorbij"):
        services.register(teacher, event, teacher, [session_named(event, "Warmtepompen").pk])
    assert not Registration.objects.exists()


def test_cancellation_deadline(make_event, teacher):
    event = make_event()
    registration = services.register(teacher, event, teacher, [session_named(event, "Warmtepompen").pk])
    event.cancellation_deadline = timezone.now() - timedelta(hours=1)
    event.save()
    with pytest.raises(ValidationError, match="termijn liep af"):
        services.cancel_registration(teacher, registration)
    assert registration.bookings.filter(status=BookingStatus.CONFIRMED).count() == 2


def test_team_registration_only_for_colleagues_of_own_school(make_event, make_user, school, make_org, teacher):
    event = make_event()
    tac = make_user(org=school, role=Role.TAC)
    services.register(tac, event, teacher, [session_named(event, "Warmtepompen").pk])
    assert Registration.objects.get(person=teacher).registered_by == tac
    elsewhere = make_org("GO! Atheneum Hasselt", OrganisationKind.SCHOOL, "3500")
    stranger = make_user(org=elsewhere, role=Role.TEACHER)
    with pytest.raises(PermissionDenied):
        services.register(tac, event, stranger, [session_named(event, "Warmtepompen").pk])
    # A plain teacher cannot register a colleague, not even of the same school.
    colleague = make_user(org=school, role=Role.TEACHER)
    with pytest.raises(PermissionDenied):
        services.register(teacher, event, colleague, [])
    assert not Registration.objects.filter(person__in=[stranger, colleague]).exists()


def test_director_approval_for_school_hours(make_event, teacher, director, school, make_teacher):
    SchoolPolicy.objects.create(school=school, approval_for_school_hours=True)
    event = make_event(capacity=1)
    heat = session_named(event, "Warmtepompen")
    registration = services.register(teacher, event, teacher, [heat.pk])
    assert registration.approval == Approval.PENDING
    assert Notification.objects.filter(recipient=director, category="events.approval").exists()
    waiting = make_teacher(org=None)
    second = services.register(waiting, event, waiting, [heat.pk])
    with pytest.raises(ValidationError, match="reden"):
        services.decide_approval(director, registration, False, "")
    services.decide_approval(director, registration, False, "Examenweek: geen vervanging mogelijk")
    registration.refresh_from_db()
    assert registration.approval == Approval.DECLINED
    assert Notification.objects.filter(recipient=teacher, title__startswith="Niet goedgekeurd").exists()
    # The declined seat went to the waiting list.
    assert second.bookings.get(session=heat).status == BookingStatus.CONFIRMED


def test_director_of_another_school_cannot_decide(make_event, teacher, school, make_org, make_user):
    SchoolPolicy.objects.create(school=school, approval_for_school_hours=True)
    event = make_event()
    registration = services.register(teacher, event, teacher, [session_named(event, "Warmtepompen").pk])
    other = make_org("Andere school", OrganisationKind.SCHOOL, "2000")
    with pytest.raises(PermissionDenied):
        services.decide_approval(make_user(org=other, role=Role.DIRECTOR), registration, True)
    registration.refresh_from_db()
    assert registration.approval == Approval.PENDING


def test_wednesday_afternoon_needs_no_substitution(make_event, teacher, school):
    SchoolPolicy.objects.create(school=school, approval_for_school_hours=True)
    event = make_event(day=future_weekday(2))
    registration = services.register(teacher, event, teacher, [session_named(event, "Warmtepompen").pk])
    assert not registration.needs_substitution
    assert registration.approval == Approval.NOT_NEEDED


def test_moving_a_slot_sends_a_change_notice(make_event, teacher, organiser, django_capture_on_commit_callbacks):
    event = make_event()
    heat = session_named(event, "Warmtepompen")
    services.register(teacher, event, teacher, [heat.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.move_slot(organiser, heat.slot, heat.slot.day, "15:00", "16:00")
    heat.refresh_from_db()
    assert heat.sequence == 1
    assert Notification.objects.filter(recipient=teacher, category="events.change").exists()
    change = [m for m in mail.outbox if "Gewijzigd uur" in m.subject]
    assert change and "SEQUENCE:1" in change[0].attachments[0][1]


def test_reminders_once(make_event, teacher, django_capture_on_commit_callbacks):
    event = make_event(day=timezone.localdate() + timedelta(days=1))
    services.register(teacher, event, teacher, [session_named(event, "Warmtepompen").pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders() == 1
        assert services.send_due_reminders() == 0
    assert [m.subject for m in mail.outbox] == ["Herinnering: Kick-off Oost-Vlaanderen"]
