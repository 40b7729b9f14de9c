"""Issues 15 and 12 in a real browser, at 1280 and 390 px: netwerkmomenten among the catalogue's results
(narrowed with the facet 'Soort resultaat'), the moderation page's lists paged, and a kick-off's
stakeholder check before publishing. Every page: axe-core scan, nothing wider than the screen."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from innovet.catalogue.tests.conftest import many_initiatives, many_offers, provider  # noqa: F401 (fixtures)
from innovet.events import services
from innovet.events.models import EventKind, EventStatus, SlotKind
from innovet.organisations.models import OrganisationKind, Role
from innovet.search import services as search_services

pytestmark = pytest.mark.browser

SIZES = [(1280, 900), (390, 844)]


def _no_sideways_scroll(page):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def rtc(make_org, make_user):
    org = make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")
    return org, make_user(email="rtc@ovl.example", org=org, role=Role.RTC_STAFF, is_manager=True)


def _kickoff(org, staff, publish=True):
    event = services.create_event(
        staff,
        org,
        {
            "title": "Kick-off Gent: cobots en warmtepompen",
            "kind": EventKind.KICKOFF,
            "summary": "Parallelle sessies met sectoren en partners",
            "venue_name": "Technocampus",
            "postcode": "9000",
        },
    )
    day = services.add_day(staff, event, timezone.localdate() + timedelta(days=30))
    slot = services.add_slot(staff, day, "13:45", "14:45", SlotKind.PARALLEL, "Ronde 1")
    services.add_session(staff, slot, {"title": "Cobots in de klas", "stakeholder": "soc"})
    if publish:
        services.publish_event(staff, event, accept_missing_stakeholders=True)
    return event


def test_events_are_results_of_the_catalogue(page, rtc, many_offers, provider, assert_accessible):  # noqa: F811
    many_offers([provider], 3, published=3, title="Cobotworkshop")
    search_services.rebuild("offers")
    _kickoff(*rtc)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/aanbod/")
        expect(page.locator("#resultaat-aantal")).to_have_text("4 resultaten")
        card = page.locator("article").filter(has_text="Kick-off Gent: cobots en warmtepompen")
        expect(card).to_be_visible()
        expect(card.get_by_text("Inschrijven via InnoVET")).to_be_visible()
        _no_sideways_scroll(page)
        assert_accessible(page)
        if width < 992:
            page.get_by_role("button", name="Filters").click()
            page.get_by_role("dialog", name="Filters").wait_for(state="visible")
        page.get_by_label("Netwerkmomenten (inschrijven via InnoVET) (1)").check()
        page.wait_for_load_state("load")
        expect(page.locator("#resultaat-aantal")).to_have_text("1 resultaat")
        expect(page.locator("article")).to_have_count(1)
        _no_sideways_scroll(page)
        assert_accessible(page)


def test_moderation_lists_are_paged(page, make_org, make_user, many_initiatives, login_as, assert_accessible):  # noqa: F811
    lead = make_org("Robotix Kortrijk", OrganisationKind.COMPANY, "8500")
    many_initiatives(lead, [], 35, published=35)
    rtc_org = make_org("RTC West-Vlaanderen", OrganisationKind.RTC, "8200")
    moderator = make_user(email="rtc@wvl.example", org=rtc_org, role=Role.RTC_STAFF, is_manager=True)
    login_as(page, moderator)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/aanbod/moderatie/")
        expect(page.get_by_text("35 gepubliceerde initiatieven")).to_be_visible()
        nav = page.get_by_role("navigation", name="Paginering initiatieven")
        expect(nav.get_by_text("Pagina 1 van 2")).to_be_visible()
        _no_sideways_scroll(page)
        assert_accessible(page)
        nav.get_by_role("link", name="Volgende").click()
        expect(
            page.get_by_role("navigation", name="Paginering initiatieven").get_by_text("Pagina 2 van 2")
        ).to_be_visible()
        expect(page.get_by_role("link", name="depubliceren", exact=False)).to_have_count(5)
        _no_sideways_scroll(page)


def test_kickoff_shows_missing_stakeholders_and_publishes_on_confirmation(page, rtc, login_as, assert_accessible):
    org, staff = rtc
    event = _kickoff(org, staff, publish=False)
    login_as(page, staff)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"/netwerkmomenten/{event.pk}/programma/")
        panel = page.get_by_role("region", name="Stakeholders van de kick-off")
        expect(panel).to_be_visible()
        expect(panel.get_by_text("nog niet in het programma")).to_have_count(4)  # all but the SOC
        _no_sideways_scroll(page)
        assert_accessible(page)
    page.get_by_label("Ik publiceer deze kick-off toch, zonder", exact=False).check()
    page.get_by_role("region", name="Stakeholders van de kick-off").get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("Gepubliceerd: het netwerkmoment staat in de zoekresultaten.")).to_be_visible()
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
