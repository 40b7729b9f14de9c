"""Badges in a real browser: the organiser confirms attendance of a kick-off and the teacher receives the
RTC's badge automatically (award rule on the participation ledger), downloads it (PNG with the credential
baked in, and JSON); a visitor on a phone verifies the PNG, and a tampered copy fails with the reason.
Every page is scanned with axe-core, at 1280 px and at 390 px."""

import base64
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from innovet.badges import baking
from innovet.badges import services as badges
from innovet.badges.models import Award
from innovet.events import services as events
from innovet.events.models import SlotKind
from innovet.organisations.models import OrganisationKind, Role

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def kickoff_with_badge(make_org, make_user, school):
    rtc = make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")
    staff = make_user(email="rtc@ovl.example", org=rtc, role=Role.RTC_STAFF, is_manager=True)
    achievement = badges.create_achievement(
        staff,
        rtc,
        {
            "name": "Kick-off Industrie 4.0",
            "description": "Nam deel aan de regionale kick-off van RTC Oost-Vlaanderen.",
            "criteria": "Aanwezig op de kick-off, bevestigd door de organisator.",
            "valid_for_days": 730,
        },
    )
    badges.add_rule(staff, achievement, {"kind": "deelname", "event_kind": "kick-off"}, evaluate=False)
    event = events.create_event(
        staff,
        rtc,
        {
            "title": "Kick-off Gent",
            "kind": "kick-off",
            "summary": "Sessies",
            "venue_name": "Technocampus",
            "postcode": "9000",
        },
    )
    day = events.add_day(staff, event, timezone.localdate() + timedelta(days=7))
    slot = events.add_slot(staff, day, "13:00", "15:00", SlotKind.PARALLEL, "Ronde 1")
    session = events.add_session(staff, slot, {"title": "Cobots in de klas", "capacity": 20})
    events.publish_event(staff, event, accept_missing_stakeholders=True)
    teacher = make_user(org=school, role=Role.TEACHER, first_name="Lien", last_name="Peeters")
    events.register(teacher, event, teacher, [session.pk])
    return staff, teacher, event


def test_teacher_receives_downloads_and_a_visitor_verifies(
    page, browser, live_server, kickoff_with_badge, login_as, assert_accessible, tmp_path
):
    staff, teacher, event = kickoff_with_badge

    # The organiser confirms attendance: the ledger row triggers the badge rule.
    login_as(page, staff)
    page.goto(f"/netwerkmomenten/{event.pk}/aanwezigheden/")
    attended = page.get_by_label("Lien Peeters aanwezig in Cobots in de klas")
    attended.check()
    expect(attended).to_be_checked()
    page.get_by_role("button", name="Aanwezigheden bevestigen").click()
    expect(page.get_by_text("Aanwezigheden bevestigd: 1 deelnames geregistreerd.")).to_be_visible()
    award = Award.objects.get(recipient=teacher)
    page.goto("/badges/uitreiken/")
    expect(page.get_by_role("link", name="Kick-off Industrie 4.0")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Kick-off Industrie 4.0").click()
    expect(page.get_by_role("link", name="Lien Peeters")).to_be_visible()
    assert_accessible(page)
    page.context.clear_cookies()

    # The teacher finds the badge and downloads it.
    login_as(page, teacher)
    page.goto("/badges/")
    assert_accessible(page)
    page.get_by_role("link", name="Kick-off Industrie 4.0").click()
    expect(page.get_by_role("heading", name="Kick-off Industrie 4.0", level=1)).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as png_download:
        page.get_by_role("link", name="Badge als PNG-afbeelding (met ingebakken credential)").click()
    png_path = tmp_path / "badge.png"
    png_download.value.save_as(png_path)
    assert baking.read_png(png_path.read_bytes()) == award.credential_jwt
    with page.expect_download() as json_download:
        page.get_by_role("link", name="Credential als JSON-bestand").click()
    enveloped = json.loads(open(json_download.value.path(), encoding="utf-8").read())
    assert enveloped["type"] == "EnvelopedVerifiableCredential"

    # A visitor (not signed in, on a phone) verifies the PNG.
    visitor = browser.new_context(base_url=live_server.url, locale="nl-BE", viewport={"width": 390, "height": 844})
    phone = visitor.new_page()
    phone.goto("/badges/verifieer/")
    phone.get_by_label("Of kies een bestand").set_input_files(str(png_path))
    phone.get_by_role("button", name="Controleren").click()
    expect(phone.get_by_role("heading", name="Deze badge is echt en geldig.")).to_be_visible()
    expect(phone.get_by_text("ontvanger: Lien Peeters")).to_be_visible()
    _no_sideways_scroll(phone)
    assert_accessible(phone)

    # A tampered copy (the validity stretched by hand) fails, with the reason.
    token = enveloped["id"].split(",", 1)[1]
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["validUntil"] = "2099-12-31T00:00:00Z"
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    enveloped["id"] = "data:application/vc+jwt," + ".".join([header, forged_payload, signature])
    phone.goto("/badges/verifieer/")
    phone.get_by_label("Credential plakken").fill(json.dumps(enveloped))
    phone.get_by_role("button", name="Controleren").click()
    expect(phone.get_by_role("heading", name="Deze badge is niet geldig.")).to_be_visible()
    expect(phone.get_by_text("De handtekening klopt niet", exact=False)).to_be_visible()
    _no_sideways_scroll(phone)
    assert_accessible(phone)
    visitor.close()
