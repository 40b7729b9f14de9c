"""The VDAB 10-dagenregeling in a real browser: a teacher's request is refused for a class in a year the
regulation does not cover (the refusal names the rule) and accepted for an eligible class; on a phone the
teacher asks for days of a 7th year BSO and the centre's calendar fits the screen. Every page is scanned
with axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from innovet.organisations.models import OrganisationKind, Role
from innovet.taxonomy.models import Term
from innovet.tiendagen import services
from innovet.tiendagen.models import RequestStatus, TiendagenRequest

pytestmark = pytest.mark.browser


def _weekdays(from_days, n):
    d, out = timezone.localdate() + timedelta(days=from_days), []
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d += timedelta(days=1)
    return out


def _no_sideways_scroll(page):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def setup(make_org, make_user, school):
    centre = make_org("VDAB competentiecentrum Gent", OrganisationKind.VDAB, "9000")
    staff = make_user(email="vdab@gent.example", org=centre, role=Role.VDAB_STAFF)
    make_user(
        email="rtc@ovl.example", org=make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000"), role=Role.RTC_STAFF
    )
    infra = services.create_infrastructure(staff, centre, "Werkplaats elektromechanica")
    services.add_availability(
        staff, infra, timezone.localdate() + timedelta(days=1), timezone.localdate() + timedelta(days=120)
    )
    training = services.save_training(
        staff,
        centre,
        {
            "title": "Industriële elektriciteit en PLC",
            "infrastructure": infra,
            "studiedomeinen": [Term.objects.of("studiedomein").get(code="stem")],
            "studierichtingen": "Elektromechanische technieken\nElektrische installaties",
        },
    )
    session = services.create_wegwijs_session(staff, centre, _weekdays(3, 1)[0])
    teacher = make_user(org=school, role=Role.TEACHER, first_name="Lien", last_name="Peeters")
    return centre, training, session, teacher


def _fill(page, track, grade, year, field, days):
    # Crispy marks required labels with an asterisk: the fields are found by their label's start.
    page.get_by_label("Klas").first.fill("6 EM")
    page.get_by_label("Onderwijsvorm").select_option(track)
    page.get_by_label("Graad").select_option(grade)
    page.get_by_label("Leerjaar").select_option(year)
    page.get_by_label("Studiedomein van de klas").select_option(label="STEM")
    page.get_by_label("Studierichting van de klas").fill(field)
    page.get_by_label("Aantal leerlingen").fill("12")
    for d in days:
        page.locator(f'input[name="days"][value="{d.isoformat()}"]').check()


def test_request_refused_for_an_ineligible_year_and_accepted_for_an_eligible_one(
    page, setup, login_as, assert_accessible
):
    centre, training, session, teacher = setup
    login_as(page, teacher)
    page.goto(f"/10-dagenregeling/centrum/{centre.slug}/")
    assert_accessible(page)
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.get_by_text("Je bent ingeschreven voor de wegwijssessie")).to_be_visible()

    page.get_by_role("link", name="Industriële elektriciteit en PLC").click()
    expect(page.get_by_role("heading", name="Industriële elektriciteit en PLC", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Lesdagen aanvragen").click()
    days = _weekdays(14, 3)
    _fill(page, "tso", "3", "1", "Elektromechanische technieken", days)
    assert_accessible(page)
    page.get_by_role("button", name="Aanvraag versturen").click()
    alert = page.get_by_role("alert").filter(has_text="De aanvraag kan zo niet door")
    expect(alert).to_contain_text("Leerjaar en onderwijsvorm")
    expect(alert).to_contain_text("het 1de leerjaar van de 3de graad TSO")
    assert not TiendagenRequest.objects.exists()
    assert_accessible(page)

    page.get_by_label("Leerjaar").select_option("2")
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.get_by_text("Je aanvraag is verstuurd naar het RTC van je provincie")).to_be_visible()
    expect(page.get_by_text("Aangevraagd bij het RTC")).to_be_visible()
    assert_accessible(page)
    request = TiendagenRequest.objects.get()
    assert request.status == RequestStatus.SUBMITTED and request.days.count() == 3


def test_on_a_phone_a_7th_year_bso_asks_for_days_and_the_calendar_fits(page, setup, login_as, assert_accessible):
    centre, training, session, teacher = setup
    services.register_wegwijs(teacher, session, teacher.memberships.get().organisation)
    page.set_viewport_size({"width": 390, "height": 844})
    login_as(page, teacher)
    page.goto(f"/10-dagenregeling/opleiding/{training.pk}/aanvragen/")
    _fill(page, "bso", "3", "3", "Elektrische installaties", _weekdays(20, 2))
    _no_sideways_scroll(page)
    assert_accessible(page)
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.get_by_text("Je aanvraag is verstuurd naar het RTC van je provincie")).to_be_visible()
    _no_sideways_scroll(page)
    assert_accessible(page)
    page.goto(f"/10-dagenregeling/centrum/{centre.slug}/kalender/")
    expect(page.get_by_role("heading", name="Kalender VDAB competentiecentrum Gent", level=1)).to_be_visible()
    _no_sideways_scroll(page)
    assert_accessible(page)
