"""Closing a need asks first; 'Mijn aanbod' publishes a ticked selection. Both accessible, at 390 px too."""

import pytest
from playwright.sync_api import expect

from innovet.organisations.models import OrganisationKind, Role

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def reference_lists(live_server):
    from innovet.catalogue.reference import load_reference_lists

    load_reference_lists()


def test_withdrawing_a_need_asks_for_confirmation(page, make_org, make_user, login_as, assert_accessible):
    from innovet.matching import services
    from innovet.matching.models import Need

    school = make_org("VTI Sint-Jozef Gent", OrganisationKind.SCHOOL, "9000")
    teacher = make_user(org=school, role=Role.TEACHER)
    need = services.create_need(
        teacher,
        school,
        {
            "title": "Bijscholing warmtepompen",
            "need_type": "vaktechnisch",
            "themes": ["warmtepompen"],
            "max_distance_km": 40,
            "period_start": "2027-01-01",
            "period_end": "2027-03-31",
        },
    )
    login_as(page, teacher)
    page.goto(need.get_absolute_url())
    page.get_by_role("link", name="Intrekken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nood intrekken?")
    assert_accessible(page)
    page.get_by_role("link", name="Annuleren").click()
    need.refresh_from_db()
    assert need.status == Need.Status.NEW
    # The edit form shows the period the browser can read; saving unchanged keeps it.
    page.goto(f"/noden/{need.pk}/bewerken/")
    assert page.get_by_label("Gewenste periode vanaf").input_value() == "2027-01-01"
    page.goto(need.get_absolute_url())
    page.get_by_role("link", name="Intrekken").click()
    page.get_by_role("button", name="Ja, trek de nood in").click()
    need.refresh_from_db()
    assert need.status == Need.Status.WITHDRAWN


def test_provider_publishes_imported_drafts_in_one_go(page, make_org, make_user, login_as, assert_accessible):
    from innovet.catalogue.models import Offer, Status
    from innovet.taxonomy.models import Term

    provider = make_org("Robotix Kortrijk", OrganisationKind.COMPANY, "8500")
    user = make_user(org=provider, role=Role.COMPANY_CONTACT, is_manager=True)
    kind = Term.objects.of("aanbodsoort").get(code="workshop")
    for i in range(3):
        offer = Offer.objects.create(title=f"Geïmporteerd {i + 1}", summary="Kort", description="Lang", kind=kind)
        offer.providers.add(provider)
    login_as(page, user)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/aanbod/mijn/")
    assert_accessible(page)
    page.get_by_label("Geïmporteerd 1 selecteren").check()
    page.get_by_label("Geïmporteerd 2 selecteren").check()
    page.get_by_label("Met de aangevinkte aanbiedingen").select_option("publiceren")
    page.get_by_role("button", name="Uitvoeren").click()
    expect(page.get_by_text("2 aanbiedingen gepubliceerd.")).to_be_visible()
    assert Offer.objects.filter(status=Status.PUBLISHED).count() == 2
    assert_accessible(page)
