import pytest
from playwright.sync_api import expect

from innovet.organisations.models import OrganisationKind, Role

pytestmark = pytest.mark.browser


def test_home_directory_and_organisation_pages_work_and_are_accessible(page, make_org, assert_accessible):
    make_org("GO! Technisch Atheneum Genk", OrganisationKind.SCHOOL, "3600", description="Technische school.")
    make_org("Bouwbedrijf Brugge", OrganisationKind.COMPANY, "8000")
    page.goto("/")
    assert "Innovatie uit de arbeidsmarkt" in page.title()
    # The skip link is the first stop for keyboard users and moves focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Naar de inhoud"
    assert_accessible(page)

    page.get_by_role("link", name="Organisaties").first.click()
    page.get_by_label("Zoek op naam of gemeente").fill("atheneum")
    page.get_by_label("Provincie").select_option(label="Limburg")
    page.get_by_role("button", name="Zoek").click()
    expect(page.get_by_text("1 organisatie gevonden")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="GO! Technisch Atheneum Genk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("GO! Technisch Atheneum Genk")
    expect(page.get_by_text("3600 Genk")).to_be_visible()
    assert_accessible(page)


def test_manager_logs_in_edits_organisation_and_invites_a_colleague(
    page, make_org, make_user, login_as, assert_accessible
):
    school = make_org("VTI Sint-Jozef Gent", OrganisationKind.SCHOOL, "9000")
    director = make_user(email="directeur@school.be", org=school, role=Role.DIRECTOR, is_manager=True)
    login_as(page, director)
    expect(page.get_by_role("heading", name="Dag Voornaam")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/organisaties/{school.slug}/bewerken/")
    page.get_by_label("Postcode").fill("9999")
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_text("Postcode 9999 bestaat niet in België.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Postcode").fill("9300")
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_text("De gegevens zijn bewaard.")).to_be_visible()
    expect(page.get_by_text("9300 Aalst")).to_be_visible()

    page.get_by_role("link", name="Leden beheren").click()
    page.get_by_label("E-mailadres").fill("collega@school.be")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_text("Uitnodiging verstuurd naar collega@school.be.")).to_be_visible()
    assert_accessible(page)


def test_phone_layout_has_a_working_menu(browser, live_server, assert_accessible):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto("/")
    menu = page.get_by_role("button", name="Menu openen")
    expect(menu).to_be_visible()
    menu.click()
    expect(page.get_by_role("link", name="Organisaties").first).to_be_visible()
    assert_accessible(page)
    context.close()
