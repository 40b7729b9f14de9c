"""Inzichten in a real browser: the Department opens its dashboard, filters on a province and downloads a
table; an RTC lands on its province. Both at 1280 and 390 px, every page scanned with axe-core."""

from datetime import date

import pytest
from playwright.sync_api import expect

from innovet.insights import refresh
from innovet.organisations.models import OrganisationKind, Role
from innovet.participation import services
from innovet.taxonomy.models import Term

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def reached(make_org, make_user):
    """Two schools in Gent and one in Hasselt whose teachers took part in something; the summary rebuilt."""
    activities = list(Term.objects.of("thema")[:3])
    for name, postcode, n in (("VTI Gent", "9000", 6), ("KTA Gent", "9000", 3), ("GO! Hasselt", "3500", 5)):
        school = make_org(name, OrganisationKind.SCHOOL, postcode, teacher_count=60)
        for i in range(n):
            teacher = make_user(org=school, role=Role.TEACHER)
            services.record_participation(
                person=teacher,
                activity=activities[i % 3],
                kind="ander",
                title="Workshop",
                date=date(2025, 10, 1 + i),
                hours=3,
                role="presentator" if i == 0 else "bezoeker",
                school=school,
            )
    refresh.rebuild()


def test_department_dashboard_filter_export_and_phone(page, reached, make_org, make_user, login_as, assert_accessible):
    department = make_org("Departement Onderwijs en Vorming", OrganisationKind.GOVERNMENT, "1000")
    user = make_user(org=department, role=Role.ORG_ADMIN)
    login_as(page, user)
    page.goto("/inzichten/")
    page.get_by_role("link", name="Vlaanderen en Brussel").click()
    expect(page.get_by_role("heading", name="Inzichten: Vlaanderen en Brussel", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Bereik per provincie")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Provincie", exact=True).select_option(label="Oost-Vlaanderen")
    page.get_by_role("button", name="Toepassen").click()
    page.wait_for_load_state()
    assert "provincie=oost-vlaanderen" in page.url
    table = page.get_by_role("table", name="Bereik per provincie")
    expect(table).to_contain_text("Oost-Vlaanderen")
    expect(table).not_to_contain_text("Limburg")

    link = page.get_by_role("link", name="CSV – Bereik per provincie")
    href = link.get_attribute("href")
    assert "export=reach_provincie" in href and "formaat=csv" in href and "provincie=oost-vlaanderen" in href
    response = page.request.get(page.url.split("?")[0] + href)  # the link is relative to the dashboard
    assert response.ok and "Oost-Vlaanderen" in response.text()

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    _no_sideways_scroll(page)
    assert_accessible(page)


def test_rtc_lands_on_its_province(page, reached, make_org, make_user, login_as, assert_accessible):
    rtc = make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")
    staff = make_user(org=rtc, role=Role.RTC_STAFF, is_manager=True)
    login_as(page, staff)
    page.goto("/inzichten/")
    expect(page.get_by_role("heading", name="Inzichten: provincie Oost-Vlaanderen", level=1)).to_be_visible()
    # KTA Gent has 3 teachers reached: shown as '< 5' outside the school
    expect(page.get_by_role("table", name="Bereik per gemeente")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Hoe wordt elk cijfer berekend?").click()
    expect(page.get_by_role("heading", name="Inzichten: zo tellen we", level=1)).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.go_back()
    _no_sideways_scroll(page)
    assert_accessible(page)
