"""Netwerkmomenten in a real browser: a teacher registers, is waitlisted and promoted; an RTC builds a
programme and checks people in on a phone-sized screen. Every page is scanned with axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from innovet.events import services
from innovet.events.models import BookingStatus, Registration, Session, SlotKind
from innovet.notifications.models import Notification
from innovet.organisations.models import OrganisationKind, Role

pytestmark = pytest.mark.browser


def _wednesday(weeks=4):
    today = timezone.localdate()
    return today + timedelta(days=(2 - today.weekday()) % 7 + 7 * weeks)


def _no_sideways_scroll(page):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def rtc(make_org, make_user):
    org = make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")
    return org, make_user(email="rtc@ovl.example", org=org, role=Role.RTC_STAFF, is_manager=True)


@pytest.fixture
def kickoff(rtc):
    org, staff = rtc
    event = services.create_event(
        staff,
        org,
        {"title": "Kick-off Gent", "summary": "Parallelle sessies", "venue_name": "Technocampus", "postcode": "9000"},
    )
    day = services.add_day(staff, event, _wednesday())
    plenary = services.add_slot(staff, day, "13:00", "13:30", SlotKind.PLENARY, "Welkom")
    services.add_session(staff, plenary, {"title": "Welkom en inleiding"})
    slot = services.add_slot(staff, day, "13:45", "14:45", SlotKind.PARALLEL, "Ronde 1")
    services.add_session(staff, slot, {"title": "Cobots in de klas", "capacity": 1})
    services.add_session(staff, slot, {"title": "Warmtepompen", "capacity": 20})
    services.publish_event(staff, event)
    return event


def test_teacher_registers_is_waitlisted_and_promoted(page, kickoff, school, make_user, login_as, assert_accessible):
    first = make_user(org=school, role=Role.TEACHER)
    cobots = Session.objects.get(title="Cobots in de klas")
    first_registration = services.register(first, kickoff, first, [cobots.pk])
    teacher = make_user(org=school, role=Role.TEACHER, first_name="Lien", last_name="Peeters")

    login_as(page, teacher)
    page.goto(kickoff.get_absolute_url())
    expect(page.get_by_role("heading", name="Kick-off Gent", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Cobots in de klas (volzet: wachtlijst)").check()
    page.get_by_role("button", name="Inschrijven", exact=True).click()
    expect(page.get_by_text("voor een volzette sessie sta je op de wachtlijst")).to_be_visible()
    expect(page.get_by_text("Op de wachtlijst", exact=True)).to_be_visible()
    assert_accessible(page)

    services.cancel_registration(first, first_registration)  # a seat comes free
    page.reload()
    expect(page.get_by_text("(van de wachtlijst gehaald)")).to_be_visible()
    expect(page.get_by_role("button", name="Plaats weigeren Cobots in de klas")).to_be_visible()
    assert Notification.objects.filter(recipient=teacher, title__startswith="Je hebt een plaats").exists()
    booking = Registration.objects.get(person=teacher).bookings.get(session=cobots)
    assert booking.status == BookingStatus.CONFIRMED


def test_rtc_builds_a_programme_and_checks_in_on_a_phone(page, rtc, school, make_user, login_as, assert_accessible):
    org, staff = rtc
    page.set_viewport_size({"width": 390, "height": 844})
    login_as(page, staff)
    page.goto("/netwerkmomenten/nieuw/")
    page.get_by_label("Organisator").select_option(label=org.name)
    page.get_by_label("Titel").fill("Netwerkmoment Gent")
    page.get_by_label("Korte omschrijving").fill("Parallelle sessies rond Industrie 4.0")
    page.get_by_label("Locatie").fill("Technocampus")
    page.get_by_label("Postcode").fill("9000")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Bouw nu het programma")).to_be_visible()

    page.get_by_label("Datum").first.fill(_wednesday(6).isoformat())
    page.get_by_label("Dagdeel").select_option("namiddag")
    page.get_by_role("button", name="Halve dag toevoegen").click()
    expect(page.get_by_text("Woensdagnamiddag: een team kan deelnemen zonder vervanging.").first).to_be_visible()
    page.locator("summary").filter(has_text="Sessie toevoegen").nth(1).click()  # the first parallel round
    page.locator("input[name$='-title']:visible").fill("Cobots in de klas")
    page.locator("input[name$='-capacity']:visible").fill("12")
    page.locator("details[open]").get_by_role("button", name="Sessie toevoegen").click()
    expect(page.get_by_role("strong").filter(has_text="Cobots in de klas")).to_be_visible()
    _no_sideways_scroll(page)
    assert_accessible(page)
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("Gepubliceerd: het netwerkmoment staat in de zoekresultaten.")).to_be_visible()

    event = org.organised_events.get()
    teacher = make_user(org=school, role=Role.TEACHER, first_name="Lien", last_name="Peeters")
    registration = services.register(teacher, event, teacher, [])
    page.goto(f"/netwerkmomenten/{event.pk}/inchecken/")
    _no_sideways_scroll(page)
    assert_accessible(page)
    page.get_by_label("Ticketcode (of scan de QR-code)").fill(registration.ticket_code.lower())
    page.get_by_role("button", name="Inchecken", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Lien Peeters is ingecheckt.")
    page.get_by_label("Zoek op naam of school").fill("peeters")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("ingecheckt", exact=False).last).to_be_visible()
    _no_sideways_scroll(page)
    assert_accessible(page)
    registration.refresh_from_db()
    assert registration.checked_in_by == staff
