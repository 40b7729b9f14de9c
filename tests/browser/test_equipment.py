"""Shared equipment in a real browser: the owner builds the rotation and records a handover step by step;
the list shows who has the set until when and who is next; a school's teacher sees the schedule on a
phone. Every page is scanned with axe-core."""

import pytest
from playwright.sync_api import expect

from innovet.equipment import services
from innovet.equipment.models import Turn, TurnStatus
from innovet.organisations.models import OrganisationKind, Role

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_owner_builds_the_rotation_and_records_a_handover(page, make_org, make_user, login_as, assert_accessible):
    owner = make_org("Diagnose Car vzw", OrganisationKind.OTHER, "1070")
    staff = make_user(org=owner, role=Role.ORG_ADMIN, is_manager=True)
    car = services.save_set(staff, owner, {"name": "Diagnosewagen 1", "conditions": "Afgesloten garage."})
    teachers = []
    for name, postcode in (("VTI Aalst", "9300"), ("VTI Gent", "9000")):
        school = make_org(name, OrganisationKind.SCHOOL, postcode)
        teacher = make_user(org=school, role=Role.TEACHER)
        services.apply(teacher, car, school, "Voor autotechniek")
        teachers.append(teacher)

    login_as(page, staff)
    page.goto(f"/uitrusting/{car.pk}/beheer/")
    assert_accessible(page)
    page.get_by_role("button", name="Rotatieschema opstellen").click()
    expect(page.get_by_text("Rotatieschema opgesteld: 2 beurten gepland.")).to_be_visible()
    assert_accessible(page)
    first = Turn.objects.filter(equipment=car).order_by("starts_on").first()
    page.goto(f"/uitrusting/beurt/{first.pk}/")
    assert_accessible(page)
    for _ in range(3):
        page.get_by_role("button", name="Gedaan").first.click()
        page.wait_for_load_state()
    expect(page.get_by_text("Heeft de uitrusting")).to_be_visible()
    first.refresh_from_db()
    assert first.status == TurnStatus.ACTIVE
    page.goto("/uitrusting/")
    row = page.get_by_role("row").filter(has_text="Diagnosewagen 1")
    expect(row).to_contain_text(first.school.name)
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.context.clear_cookies()  # sign out: the teacher of the second school signs in on a phone
    login_as(page, teachers[1])
    page.goto(f"/uitrusting/{car.pk}/")
    expect(page.get_by_role("heading", name="Diagnosewagen 1", level=1)).to_be_visible()
    _no_sideways_scroll(page)
    assert_accessible(page)
    page.goto("/uitrusting/mijn/")
    _no_sideways_scroll(page)
    assert_accessible(page)
