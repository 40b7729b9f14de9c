"""A teacher shares their portfolio by a link, a visitor opens it, the teacher revokes it; a director sets the
school's nascholingsbudget and approves a cost above the threshold. Accessible, at 1280 and 390 px."""

import re
from datetime import date

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from innovet.organisations.models import OrganisationKind, Role

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def fits_the_screen(page):
    """No sideways scrolling once the page has settled at its new width: on a busy machine the layout of the old
    width was once still measured right after the resize (seen on PostgreSQL under load, never alone)."""
    try:
        page.wait_for_function("() => document.documentElement.scrollWidth <= window.innerWidth + 1", timeout=5000)
    except PlaywrightTimeoutError:
        return False
    return True


@pytest.fixture
def school_people(make_org, make_user):
    school = make_org("VTI Sint-Jozef Gent", OrganisationKind.SCHOOL, "9000")
    rtc = make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")
    teacher = make_user(org=school, role=Role.TEACHER, first_name="Lien", last_name="Peeters")
    director = make_user(org=school, role=Role.DIRECTOR, is_manager=True, first_name="Marc", last_name="Claes")
    return school, rtc, teacher, director


def test_teacher_shares_and_revokes_the_portfolio_link(
    page, browser, live_server, school_people, login_as, assert_accessible
):
    from innovet.participation.services import record_participation

    school, rtc, teacher, _director = school_people
    record_participation(
        person=teacher,
        activity=rtc,
        kind="netwerkmoment",
        title="Kick-off Oost-Vlaanderen: cobots in de klas",
        date=date(2026, 10, 7),
        hours="2.5",
        role="presentator",
        school=school,
        organiser=rtc,
    )
    login_as(page, teacher)
    page.goto("/portfolio/")
    assert "privé" in page.content()
    page.get_by_role("button", name="Maak een openbare link").click()
    link = page.get_by_label("Openbare link").input_value()
    assert "/portfolio/gedeeld/" in link
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert fits_the_screen(page)
    assert_accessible(page)

    visitor = browser.new_context(base_url=live_server.url, locale="nl-BE", viewport=PHONE)
    try:
        other = visitor.new_page()
        response = other.goto(link)
        assert response.status == 200
        assert other.get_by_role("heading", level=1).inner_text() == "Portfolio van Lien Peeters"
        assert "Kick-off Oost-Vlaanderen: cobots in de klas" in other.content()
        assert fits_the_screen(other)
        assert_accessible(other)

        page.set_viewport_size({"width": 1280, "height": 900})
        page.get_by_role("button", name="Link intrekken").click()
        expect(page.get_by_text("De link is ingetrokken")).to_be_visible()
        assert other.goto(link).status == 404
    finally:
        visitor.close()


def test_director_sets_the_budget_and_approves_a_cost(page, school_people, login_as, assert_accessible):
    school, _rtc, _teacher, director = school_people
    login_as(page, director)
    page.goto("/nascholingsbudget/")
    assert page.get_by_role("heading", level=1).inner_text() == "Nascholingsbudget VTI Sint-Jozef Gent"
    page.get_by_label("Budget voor nascholing (€)").fill("1.500")
    page.get_by_label("Goedkeuring nodig boven (€)").fill("100")
    assert_accessible(page)
    page.get_by_role("button", name="Budget bewaren").click()
    expect(page.locator("#resterend")).to_have_text("€ 1.500")

    page.get_by_role("link", name="Kost toevoegen").click()
    page.get_by_label("Omschrijving").fill("Opleiding PLC-programmatie (2 dagen)")
    page.get_by_label("Bedrag (€)").fill("250")
    page.get_by_label("Vakgroep").fill("Elektriciteit")
    page.get_by_role("button", name="Kost bewaren").click()
    expect(page.get_by_text("wacht op goedkeuring").first).to_be_visible()
    page.set_viewport_size(PHONE)
    assert fits_the_screen(page)
    assert_accessible(page)
    # The button names its cost for screen readers ('Goedkeuren: <kost>', the title visually hidden).
    page.get_by_role("button", name=re.compile(r"^Goedkeuren\s*: Opleiding PLC-programmatie")).click()
    expect(page.get_by_text("De kost is goedgekeurd")).to_be_visible()
    expect(page.locator("#resterend")).to_have_text("€ 1.250")
    assert_accessible(page)
