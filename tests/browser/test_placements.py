"""Bedrijfsstages in a real browser: a teacher finds a placement and applies, the director releases them
(on a phone-sized screen), the company accepts and the agreement is there; then the teacher asks for
substitution. Every page is scanned with axe-core, at 1280 and 390 px."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from innovet.organisations.models import OrganisationKind, Role
from innovet.placements import services
from innovet.placements.models import Application, ApplicationStatus
from innovet.substitution import services as substitution
from innovet.substitution.models import SubstitutionRequest
from innovet.taxonomy.models import Term

pytestmark = pytest.mark.browser


def _monday(weeks=3):
    today = timezone.localdate()
    return today + timedelta(days=(0 - today.weekday()) % 7 + 7 * weeks)


def _no_sideways_scroll(page):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def bakery(make_org, make_user):
    company = make_org("Bakkerij Wouters", OrganisationKind.COMPANY, "2300")
    contact = make_user(org=company, role=Role.COMPANY_CONTACT, is_manager=True, first_name="An", last_name="Wouters")
    place = services.create_place(
        contact,
        company,
        {
            "title": "Meewerken aan de zuurdesemlijn",
            "active_role": "Je bakt mee aan de zuurdesemlijn en stelt zelf een productieplanning op.",
            "studiedomein": Term.objects.of("studiedomein").get(code="voeding-en-horeca"),
            "themes": [Term.objects.of("thema").get(code="smart-industry")],
            "postcode": "2300",
            "duration_days": 3,
            "places": 2,
            "return_day": True,
            "contact_name": "An Wouters",
            "contact_email": "an@bakkerij.example",
        },
        [{"starts_on": _monday(1), "ends_on": _monday(8)}],
        publish=True,
    )
    return place, contact


def test_teacher_applies_director_releases_company_accepts(
    page, bakery, school, make_user, login_as, assert_accessible
):
    place, contact = bakery
    teacher = make_user(org=school, role=Role.TEACHER, first_name="Lien", last_name="Peeters")
    director = make_user(org=school, role=Role.DIRECTOR, is_manager=True, first_name="Dirk", last_name="Maes")
    substitution.create_offer(
        contact,
        place.company,
        {"title": "Ondernemen in de klas", "description": "Een workshop.", "contact_email": "s@x.be", "lead_days": 1},
        publish=True,
    )

    # The teacher finds the placement and applies (desktop).
    login_as(page, teacher)
    page.goto("/bedrijfsstages/")
    page.get_by_label("Zoek een stageplaats").fill("zuurdesem")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Meewerken aan de zuurdesemlijn").click()
    expect(page.get_by_role("heading", name="Meewerken aan de zuurdesemlijn", level=1)).to_be_visible()
    assert_accessible(page)
    start = _monday(3)
    page.get_by_label("Eerste dag").fill(start.isoformat())
    page.get_by_label("Laatste dag").fill((start - timedelta(days=1)).isoformat())
    page.get_by_label("Motivatie").fill("Ik wil leren hoe een bakkerij vandaag plant en automatiseert.")
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    expect(page.get_by_text("ligt vóór de eerste dag")).to_be_visible()  # nothing saved
    assert not Application.objects.exists()
    page.get_by_label("Eerste dag").fill(start.isoformat())
    page.get_by_label("Laatste dag").fill((start + timedelta(days=2)).isoformat())
    page.get_by_label("Motivatie").fill("Ik wil leren hoe een bakkerij vandaag plant en automatiseert.")
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    expect(page.get_by_text("Wacht op vrijgave door de school")).to_be_visible()
    assert_accessible(page)

    # The director releases on a phone.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    login_as(page, director)
    page.goto("/bedrijfsstages/vrijgaven/")
    expect(page.get_by_role("heading", name="Lien Peeters – Meewerken aan de zuurdesemlijn")).to_be_visible()
    _no_sideways_scroll(page)
    assert_accessible(page)
    page.get_by_role("button", name="Vrijgeven Lien Peeters", exact=True).click()
    expect(page.get_by_text("Beslissing opgeslagen")).to_be_visible()
    application = Application.objects.get()
    assert application.status == ApplicationStatus.AWAITING_COMPANY

    # The company accepts, still on a phone; the agreement is there.
    page.context.clear_cookies()
    login_as(page, contact)
    page.goto(f"/bedrijfsstages/{place.pk}/kandidaten/")
    page.get_by_role("link", name="Lien Peeters").click()
    _no_sideways_scroll(page)
    assert_accessible(page)
    page.get_by_role("button", name="Aanvaarden").click()
    expect(page.get_by_text("Beslissing opgeslagen")).to_be_visible()
    expect(page.get_by_role("link", name="Overeenkomst (PDF)")).to_be_visible()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED

    # The teacher asks for substitution and picks the suggested offer (desktop).
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    login_as(page, teacher)
    page.goto(application.get_absolute_url())
    page.get_by_role("link", name="Vervanging aanvragen").click()
    assert_accessible(page)
    page.get_by_role("button", name="Aanvragen").click()
    expect(page.get_by_role("heading", name="Passend aanbod")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Dit aanbod vragen Ondernemen in de klas").click()
    expect(page.get_by_text("Gevraagd aan Bakkerij Wouters")).to_be_visible()
    assert SubstitutionRequest.objects.get().status == "voorgesteld"


def test_lists_fit_a_phone(page, bakery, school, make_user, login_as, assert_accessible):
    teacher = make_user(org=school, role=Role.TEACHER)
    page.set_viewport_size({"width": 390, "height": 844})
    login_as(page, teacher)
    for url in ("/bedrijfsstages/", "/vervanging/", "/bedrijfsstages/hybride-leerkrachten/", "/vervanging/aanvragen/"):
        page.goto(url)
        _no_sideways_scroll(page)
        assert_accessible(page)
