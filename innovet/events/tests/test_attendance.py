from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innovet.core import gdpr
from innovet.events import services
from innovet.events.models import Registration
from innovet.participation import selectors as ledger
from innovet.participation.models import Participation

from .conftest import session_named

pytestmark = pytest.mark.django_db


def test_check_in_counts_once_for_several_staff(make_event, teacher, organiser, make_user, rtc):
    colleague = make_user(org=rtc)
    event = make_event()
    registration = services.register(teacher, event, teacher, [session_named(event, "Warmtepompen").pk])
    _, first = services.check_in(organiser, event, registration.ticket_code.lower())
    again, second = services.check_in(colleague, event, registration.ticket_code)
    assert first and not second
    assert again.checked_in_by == organiser
    with pytest.raises(ValidationError, match="Onbekend ticket"):
        services.check_in(organiser, event, "XXXX")


def test_check_in_is_the_organisers_only(make_event, teacher, other_org_user):
    event = make_event()
    registration = services.register(teacher, event, teacher, [session_named(event, "Warmtepompen").pk])
    with pytest.raises(PermissionDenied):
        services.check_in(other_org_user, event, registration.ticket_code)
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


def test_attendance_writes_the_participation_ledger(make_event, teacher, make_teacher, organiser, school):
    event = make_event()
    heat = session_named(event, "Warmtepompen")
    absent = make_teacher()
    reg = services.register(teacher, event, teacher, [heat.pk])
    reg2 = services.register(absent, event, absent, [heat.pk])
    marks = {b.pk: (True, "presentator" if b.session == heat else "bezoeker") for b in reg.bookings.all()}
    marks.update({b.pk: (False, "bezoeker") for b in reg2.bookings.all()})
    assert services.confirm_attendance(organiser, event, marks) == 2
    mine = ledger.participations(person=teacher)
    assert {(p.title, p.role, p.hours) for p in mine} == {
        ("Kick-off Oost-Vlaanderen: Warmtepompen", "presentator", Decimal("1.00")),
        ("Kick-off Oost-Vlaanderen: Welkom en inleiding", "bezoeker", Decimal("0.50")),
    }
    assert not ledger.participations(person=absent).exists()
    totals = ledger.summary(ledger.participations(school=school))
    assert totals["records"] == 2 and totals["people"] == 1 and totals["active_share"] == 50
    # Correcting to absent removes the record; confirming twice does not duplicate.
    services.confirm_attendance(organiser, event, marks)
    assert Participation.objects.filter(person=teacher).count() == 2
    heat_booking = reg.bookings.get(session=heat)
    services.confirm_attendance(organiser, event, {heat_booking.pk: (False, "bezoeker")})
    assert Participation.objects.filter(person=teacher).count() == 1


def test_attendance_refuses_a_booking_of_another_event(make_event, teacher, organiser):
    event = make_event()
    other = make_event(title="Ander event")
    reg = services.register(teacher, other, teacher, [session_named(other, "Warmtepompen").pk])
    with pytest.raises(ValidationError, match="Onbekende inschrijving"):
        services.confirm_attendance(organiser, event, {reg.bookings.first().pk: (True, "bezoeker")})
    assert not Participation.objects.exists()


def test_gdpr_export_and_erasure_keep_anonymous_counts(make_event, teacher, organiser, school):
    event = make_event()
    reg = services.register(teacher, event, teacher, [session_named(event, "Warmtepompen").pk])
    services.confirm_attendance(organiser, event, {b.pk: (True, "bezoeker") for b in reg.bookings.all()})
    data = gdpr.export_user_data(teacher)["gegevens"]
    assert data["netwerkmomenten"][0]["netwerkmoment"] == "Kick-off Oost-Vlaanderen"
    assert len(data["deelnames"]) == 2
    gdpr.erase_user(teacher)
    assert not Registration.objects.filter(person=teacher).exists()
    assert Registration.objects.filter(event=event, person=None).count() == 1
    totals = ledger.summary(ledger.participations(school=school))
    assert totals["records"] == 2 and totals["people"] == 0


def test_scheduling_advice_says_why():
    from datetime import date, time

    from innovet.events.advice import advise

    good = advise(date(2027, 3, 17), time(13, 30), time(16, 0))  # a Wednesday afternoon in March
    assert [a.tone for a in good] == ["goed", "goed"]
    assert "Woensdagnamiddag" in good[1].text
    september = [a.text for a in advise(date(2026, 9, 8), time(9, 0), time(12, 0))]
    assert any("Start van het schooljaar" in t for t in september)
    assert any("vervanging" in t for t in september)
    before_christmas = [a.text for a in advise(date(2026, 12, 17))]
    assert any("examenperiode van december" in t for t in before_christmas)
    assert any("Net vóór de kerstvakantie" in t for t in before_christmas)


def test_publish_needs_a_session(organiser, rtc):
    event = services.create_event(
        organiser, rtc, {"title": "Leeg", "summary": "x", "venue_name": "Zaal", "postcode": "9000"}
    )
    with pytest.raises(ValidationError, match="minstens één sessie"):
        services.publish_event(organiser, event)


def test_unknown_postcode_is_refused(organiser, rtc):
    with pytest.raises(ValidationError):
        services.create_event(organiser, rtc, {"title": "X", "summary": "x", "venue_name": "Zaal", "postcode": "0001"})


def test_other_organisation_cannot_build(make_event, other_org_user, rtc):
    event = make_event()
    with pytest.raises(PermissionDenied):
        services.add_day(other_org_user, event, timezone.localdate() + timedelta(days=40))
    with pytest.raises(PermissionDenied):
        services.create_event(
            other_org_user, rtc, {"title": "X", "summary": "x", "venue_name": "Z", "postcode": "9000"}
        )
