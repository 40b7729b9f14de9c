"""Needs and matchmaking in a real browser: a teacher states a need and sees explained suggestions."""

import re

import pytest
from playwright.sync_api import expect

from innovet.organisations.models import OrganisationKind, Role

pytestmark = pytest.mark.browser


def test_teacher_states_a_need_and_sees_suggestions(page, make_org, make_user, login_as, assert_accessible):
    from innovet.matching import services

    school = make_org("VTI Sint-Jozef Gent", OrganisationKind.SCHOOL, "9000")
    teacher = make_user(org=school, role=Role.TEACHER, first_name="Griet", last_name="Vervaet")
    installer = make_org("Warmte & Klimaat De Wilde", OrganisationKind.COMPANY, "9050")
    contact = make_user(org=installer, role=Role.COMPANY_CONTACT, is_manager=True)
    services.create_willingness(
        contact,
        installer,
        {
            "title": "Opleidingsatelier warmtepompen open voor vakgroepen",
            "resources": ["personeel", "stageplaatsen"],
            "themes": ["warmtepompen"],
            "studiedomeinen": ["stem"],
            "region": "straal",
            "radius_km": 40,
            "capacity_per_year": 3,
            "school_year": "2026-2027",
        },
    )

    login_as(page, teacher)
    page.goto("/noden/")
    assert page.get_by_role("heading", level=1).inner_text() == "Noden en matchmaking"
    assert_accessible(page)

    page.get_by_role("link", name="Nood indienen").click()
    page.wait_for_url("**/noden/nieuw/")
    assert_accessible(page)
    # A mistake first: the answer is in Dutch, at the field, and nothing is saved.
    page.get_by_label("Wat zoek je, in één zin?").fill("Bijscholing warmtepompen voor de vakgroep")
    page.get_by_label("Type nood").select_option(label="Vaktechnisch")
    page.get_by_role("checkbox", name=re.compile(r"(^|› )Warmtepompen$")).check()
    page.get_by_label("Studiedomein").select_option(label="STEM")
    page.get_by_label("Derde graad").check()
    page.get_by_label("Als team (vakgroep of meerdere leerkrachten)").check()
    page.get_by_label("Workshops").check()
    page.get_by_label("Woensdagnamiddag").check()
    page.get_by_label("Budget per deelnemer (€)").fill("90")
    page.get_by_label("Maximale verplaatsing (km)").fill("0")
    page.get_by_role("button", name="Nood indienen").click()
    expect(page.get_by_text("De maximale verplaatsing moet tussen 1 en 200 km liggen.")).to_be_visible()

    page.get_by_label("Maximale verplaatsing (km)").fill("40")
    page.get_by_role("button", name="Nood indienen").click()
    page.wait_for_url("**/noden/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Bijscholing warmtepompen voor de vakgroep"
    partners = page.get_by_role("region", name="Partners die willen samenwerken")
    expect(partners.get_by_text("Opleidingsatelier warmtepompen open voor vakgroepen")).to_be_visible()
    partners.get_by_text("Waarom?").first.click()
    expect(partners.get_by_text("Sluit aan bij al je thema's: Warmtepompen.")).to_be_visible()
    assert_accessible(page)
