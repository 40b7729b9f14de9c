"""The catalogue in a real browser: search with a facet, open an offer, both pages accessible."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from innovet.organisations.models import OrganisationKind
from innovet.taxonomy.models import Term

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def reference_lists(live_server):
    """The catalogue's lists come from its own migration; a flush between browser tests can lose them.
    Kept although the root conftest restores a snapshot: without it (and its early live_server) the full
    SQLite suite logs live-server request threads that outlive their test."""
    from innovet.catalogue.reference import load_reference_lists

    load_reference_lists()


def _term(vocabulary, code):
    return Term.objects.of(vocabulary).get(code=code)


def _offer(admin, provider, title, kind, postcode, theme):
    from innovet.catalogue import services

    day = timezone.localdate() + timedelta(days=10)
    start = timezone.make_aware(datetime(day.year, day.month, day.day, 9, 0))
    return services.create_offer(
        admin,
        {
            "title": title,
            "summary": f"{title}: een dag in de praktijk.",
            "description": "Leerkrachten werken met de toestellen van het bedrijf en maken er een les van.",
            "kind": _term("aanbodsoort", kind),
            "pillar": _term("pijler", "innovatie-beleven"),
            "cost": Decimal("75"),
            "registration_url": "https://www.example.be/inschrijven",
            "providers": [provider],
            "themes": [_term("thema", theme)],
            "studiedomeinen": [_term("studiedomein", "stem")],
            "graden": [_term("graad", "3")],
            "locations": [
                {"location_type": _term("locatietype", "bedrijf"), "name": provider.name, "postcode": postcode}
            ],
            "sessions": [{"title": "", "starts_at": start, "ends_at": start + timedelta(hours=7)}],
        },
        publish=True,
    )


def test_search_with_a_facet_and_open_an_offer(page, make_org, admin_user, assert_accessible):
    robotix = make_org("Robotix Kortrijk", OrganisationKind.COMPANY, "8500")
    solar = make_org("Solar Limburg", OrganisationKind.COMPANY, "3600")
    _offer(admin_user, robotix, "Workshop cobots in de praktijk", "workshop", "8500", "cobots")
    _offer(admin_user, solar, "Opleiding zonnepanelen en batterijen", "opleiding", "3600", "zonnepanelen")

    page.goto("/aanbod/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanbod voor leerkrachten")
    expect(page.get_by_text("2 resultaten")).to_be_visible()
    assert_accessible(page)

    # A facet checkbox submits the form (JavaScript enhancement); the URL keeps the choice.
    page.get_by_label("Workshop (1)").check()
    page.wait_for_url("**soort=workshop**")
    expect(page.get_by_text("1 resultaat")).to_be_visible()
    assert page.get_by_role("link", name="Opleiding zonnepanelen en batterijen").count() == 0
    # Keyboard users keep their place: focus is back on the checkbox they changed.
    assert page.evaluate("document.activeElement.id") == "f-soort-workshop"

    # Search by distance from a postcode: the distance is shown on the result.
    page.get_by_label("Rond postcode").fill("8500")
    page.get_by_label("Maximale afstand").select_option("25")
    page.get_by_role("button", name="Zoek").click()
    page.wait_for_url("**postcode=8500**")
    expect(page.get_by_text("km ver").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Workshop cobots in de praktijk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Workshop cobots in de praktijk")
    expect(page.get_by_role("table").get_by_text("1 sessie")).to_be_visible()
    expect(page.get_by_role("link", name="Alle sessies in je agenda (.ics)")).to_be_visible()
    # The map is drawn by js/map.js once the page has loaded: wait for it rather than count at once.
    expect(page.locator("#kaart.leaflet-container")).to_have_count(1)
    assert_accessible(page)


def test_provider_adds_an_offer_through_the_form(page, make_org, make_user, login_as, assert_accessible):
    from innovet.organisations.models import Role

    robotix = make_org("Robotix Kortrijk", OrganisationKind.COMPANY, "8500")
    contact = make_user(email="an@robotix.example", org=robotix, role=Role.COMPANY_CONTACT, is_manager=True)
    login_as(page, contact)
    page.goto("/aanbod/nieuw/")
    assert_accessible(page)

    page.get_by_label("Titel").fill("Workshop PLC voor beginners")
    page.get_by_label("Korte omschrijving").fill("Een dag PLC-programmatie.")
    page.locator("#id_description").fill("Leerkrachten programmeren een PLC en maken er een les van.")
    page.get_by_label("Soort aanbod").select_option(label="Workshop")
    page.get_by_label("Kostprijs per deelnemer (€)").fill("-10")
    page.get_by_label("Inschrijven via (link)").fill("https://www.robotix.example/inschrijven")
    page.locator("#id_locaties-0-location_type").select_option(label="Bij een bedrijf")
    page.locator("#id_locaties-0-postcode").fill("8500")
    page.get_by_role("button", name="Bewaren en publiceren").click()
    # Refused in Dutch, at the field and in the alert on top, whose link leads to the field; nothing saved; the page
    # stays accessible with its errors.
    expect(page.get_by_text("De kostprijs kan niet negatief zijn.", exact=True)).to_be_visible()
    alert = page.get_by_role("alert").filter(has_text="Niet bewaard")
    expect(alert).to_contain_text("Kostprijs per deelnemer (€): De kostprijs kan niet negatief zijn.")
    expect(alert.get_by_role("link", name="Kostprijs per deelnemer (€)")).to_have_attribute("href", "#id_cost")
    assert_accessible(page)

    page.get_by_label("Kostprijs per deelnemer (€)").fill("60")
    page.get_by_role("button", name="Bewaren en publiceren").click()
    expect(page.get_by_text("Aanbod gepubliceerd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Workshop PLC voor beginners")

    page.goto("/aanbod/mijn/")
    expect(page.get_by_role("link", name="Workshop PLC voor beginners", exact=True)).to_be_visible()
    assert_accessible(page)
    page.goto("/aanbod/import/")
    assert_accessible(page)


def test_initiatives_moderation_and_saved_searches(page, make_org, make_user, admin_user, login_as, assert_accessible):
    from innovet.catalogue import services
    from innovet.geo.models import Province
    from innovet.organisations.models import Role

    agoria = make_org("Agoria", OrganisationKind.SECTOR, "1030")
    school = make_org("VTI Kortrijk", OrganisationKind.SCHOOL, "8500")
    rtc = make_org("RTC West-Vlaanderen", OrganisationKind.RTC, "8200")
    moderator = make_user(email="rtc@wvl.example", org=rtc, role=Role.RTC_STAFF, is_manager=True)
    robotix = make_org("Robotix Kortrijk", OrganisationKind.COMPANY, "8500")
    _offer(admin_user, robotix, "Workshop cobots in de praktijk", "workshop", "8500", "cobots")
    services.create_initiative(
        admin_user,
        {
            "title": "Leergemeenschap EMT duaal",
            "summary": "Scholen en technologiebedrijven werken samen aan het duale traject.",
            "description": "Een gedeeld opleidingsplan voor elektromechanische technieken.",
            "lead": agoria,
            "provinces": [Province.objects.get(slug="west-vlaanderen")],
            "goals": [_term("initiatiefdoel", "kwaliteit")],
            "themes": [_term("thema", "robotica-automatisering")],
            "partners": [{"organisation": school, "role": _term("partnerrol", "school"), "contribution": "Test"}],
        },
        publish=True,
    )
    page.goto("/aanbod/initiatieven/")
    expect(page.get_by_text("1 resultaat")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Leergemeenschap EMT duaal").click()
    expect(page.get_by_role("cell", name="Deelnemende school")).to_be_visible()
    assert_accessible(page)

    login_as(page, moderator)
    page.goto("/aanbod/moderatie/")
    expect(page.get_by_role("link", name="Workshop cobots in de praktijk", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Depubliceren Workshop cobots in de praktijk").click()
    page.get_by_label("Reden (de aanbieder ziet ze)").fill("De datum klopt niet meer.")
    page.get_by_role("button", name="Depubliceren").click()
    expect(page.get_by_text("Aanbod gedepubliceerd.")).to_be_visible()

    page.goto("/aanbod/initiatieven/?q=emt")
    page.get_by_label("Zoekopdracht bewaren als").fill("EMT in mijn regio")
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_text("Zoekopdracht bewaard.")).to_be_visible()
    page.goto("/aanbod/zoekopdrachten/")
    assert page.get_by_role("textbox", name="Naam").input_value() == "EMT in mijn regio"
    assert_accessible(page)
