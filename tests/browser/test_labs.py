"""Innovatielabs in a real browser: an RTC turns an agreed introduction into a lab, the partner confirms its
commitment, the pedagogical adviser validates the material, and a school that was not involved joins the
follow-up track. Every page is scanned with axe-core, at 1280 px and on a 390 px phone."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from innovet.labs.models import Adoption, Commitment, Lab
from innovet.organisations.models import OrganisationKind, Role
from innovet.taxonomy.models import Term

pytestmark = pytest.mark.browser


def _term(vocabulary, code):
    return Term.objects.of(vocabulary).get(code=code)


def _no_sideways_scroll(page):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def _as(browser, live_server, login_as, user, width=1280):
    context = browser.new_context(base_url=live_server.url, locale="nl-BE", viewport={"width": width, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    login_as(page, user)
    return page


def _agreed_introduction(school, teacher, company, contact, broker):
    from innovet.matching import services as matching

    willingness = matching.create_willingness(
        contact,
        company,
        {
            "title": "Samen lesmateriaal over warmtepompen",
            "resources": ["personeel"],
            "themes": ["warmtepompen"],
            "studiedomeinen": ["stem"],
            "region": "straal",
            "radius_km": 50,
            "capacity_per_year": 3,
            "school_year": "2026-2027",
            "co_develop_material": True,
        },
    )
    need = matching.create_need(
        teacher,
        school,
        {
            "title": "Lesmateriaal warmtepompen voor de derde graad",
            "need_type": "vaktechnisch",
            "themes": ["warmtepompen"],
            "studiedomein": "stem",
            "graden": ["3"],
            "participation": "team",
            "teacher_count": 3,
            "support_forms": ["lesmateriaal"],
            "max_distance_km": 40,
        },
    )
    suggestion = need.suggestions.filter(willingness=willingness).first() or matching.add_suggestion(
        broker, need, willingness=willingness
    )
    intro = matching.introduce(broker, suggestion, "Kennismaking")
    matching.answer_introduction(teacher, intro, "school", True)
    matching.answer_introduction(contact, intro, "partner", True)
    return intro


def _tested_material(teacher, school):
    from innovet.materials import services as materials
    from innovet.materials.forms import UsageReportForm
    from innovet.materials.models import Author, Material

    m = Material.objects.create(
        title="Warmtepomp dimensioneren", slug="warmtepomp-dimensioneren", summary="Een lessenreeks met meetopdracht."
    )
    m.themes.add(_term("thema", "warmtepompen"))
    Author.objects.create(material=m, user=teacher, organisation=school)
    m.organisations.add(school)
    materials.add_link(teacher, m, "https://www.example.be/les", "Les")
    materials.publish_version(teacher, m, _term("licentie", "cc-by"), "Eerste versie.")
    form = UsageReportForm(
        {
            "school": school.pk,
            "graad": _term("graad", "3").pk,
            "studierichting": "Elektrotechnieken",
            "used_on": timezone.localdate().isoformat(),
            "how_it_went": "Goed.",
            "rating": 5,
        },
        user=teacher,
        material=m,
    )
    assert form.is_valid(), form.errors
    materials.report_use(teacher, m, form)
    return m


def test_from_introduction_to_follow_up(browser, live_server, make_org, make_user, login_as, assert_accessible):
    school = make_org("VTI Sint-Jozef Gent", OrganisationKind.SCHOOL, "9000")
    teacher = make_user(email="lien@vti.be", org=school, role=Role.TEACHER, first_name="Lien", last_name="Peeters")
    rtc = make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")
    broker = make_user(email="rtc@ovl.be", org=rtc, role=Role.RTC_STAFF, is_manager=True, first_name="Koen")
    company = make_org("Warmte & Klimaat Claes", OrganisationKind.COMPANY, "9000")
    contact = make_user(email="an@claes.be", org=company, role=Role.COMPANY_CONTACT, is_manager=True, first_name="An")
    pbd_org = make_org("Pedagogische begeleiding KOV", OrganisationKind.PBD, "1040")
    adviser = make_user(email="pbd@kov.be", org=pbd_org, role=Role.PEDAGOGICAL_ADVISER, first_name="Els")
    other_school = make_org("GO! Technisch Atheneum Hasselt", OrganisationKind.SCHOOL, "3500")
    other_teacher = make_user(email="jan@hasselt.be", org=other_school, role=Role.TEACHER, first_name="Jan")
    intro = _agreed_introduction(school, teacher, company, contact, broker)
    material = _tested_material(teacher, school)

    # 1. The RTC turns the agreed introduction into a lab, in one click.
    page = _as(browser, live_server, login_as, broker)
    page.goto(intro.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("button", name="Maak er een innovatielab van").click()
    page.wait_for_url("**/werkruimte/")
    lab = Lab.objects.get()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Lesmateriaal warmtepompen voor de derde graad")
    _no_sideways_scroll(page)
    assert_accessible(page)
    # the coordinator proposes what the partner brings in, and links the school's tested material
    page.get_by_text("Engagement toevoegen").click()
    page.get_by_label("Soort inbreng").select_option(label="Personeel")
    page.get_by_label("Hoeveelheid").fill("-4")
    page.get_by_label("Hoeveelheid").evaluate("el => el.removeAttribute('min')")
    page.get_by_role("button", name="Toevoegen").first.click()
    expect(page.get_by_text("De hoeveelheid kan niet negatief zijn.").first).to_be_visible()
    assert not Commitment.objects.exists()
    page.get_by_text("Engagement toevoegen").click()
    page.get_by_label("Soort inbreng").select_option(label="Personeel")
    page.get_by_label("Omschrijving").fill("Twee technici coachen de vakgroep")
    page.get_by_label("Hoeveelheid").fill("24")
    page.get_by_role("button", name="Toevoegen").first.click()
    expect(page.get_by_text("Het engagement is toegevoegd (voorgesteld).")).to_be_visible()
    page.get_by_label("Materiaal koppelen").select_option(label=material.title)
    page.get_by_role("button", name="Koppelen").click()
    expect(page.get_by_text("Het lesmateriaal is gekoppeld.")).to_be_visible()
    expect(page.get_by_text("De pedagogische begeleiding heeft het materiaal nog niet gevalideerd.")).to_be_visible()
    page.goto(f"/innovatielabs/{lab.slug}/planning/")
    assert_accessible(page)
    page.context.close()

    # 2. The partner confirms its commitment (only its own: the buttons are there for the partner only).
    page = _as(browser, live_server, login_as, contact)
    page.goto(f"/innovatielabs/{lab.slug}/werkruimte/")
    page.get_by_role("button", name="Bevestigen Personeel").click()
    expect(page.get_by_text("Het engagement is bijgewerkt.")).to_be_visible()
    assert Commitment.objects.get().status == "bevestigd"
    assert_accessible(page)
    page.context.close()

    # 3. The pedagogical adviser validates the material in the repository: the lab becomes presentable.
    page = _as(browser, live_server, login_as, adviser)
    page.goto(material.get_absolute_url())
    page.get_by_role("link", name="Review schrijven").click()
    page.get_by_role("group", name="Link met het leerplan").wait_for()
    for group in (
        "Link met het leerplan",
        "Didactische kwaliteit",
        "Inhoudelijke correctheid",
        "Toegankelijkheid",
        "Merkneutraliteit",
    ):
        page.get_by_role("group", name=group).get_by_label("Voldoet", exact=True).check()
    page.get_by_label("Toelichting").fill("Sterke link met het leerplan.")
    page.get_by_label("Goedgekeurd: gevalideerd").check()
    page.get_by_role("button", name="Review indienen").click()
    expect(page.get_by_text("Je review is bewaard en de auteurs zijn verwittigd.")).to_be_visible()
    page.goto(lab.get_absolute_url())
    expect(page.get_by_text("presenteerbaar", exact=True).first).to_be_visible()
    assert_accessible(page)
    page.context.close()

    # The coordinator opens the follow-up track.
    page = _as(browser, live_server, login_as, broker)
    page.goto(f"/innovatielabs/{lab.slug}/natraject/")
    page.get_by_role("button", name="Natraject openen").click()
    expect(page.get_by_text("Het natraject staat open")).to_be_visible()
    page.context.close()

    # 4. A school that was not involved joins the follow-up track, on a phone.
    page = _as(browser, live_server, login_as, other_teacher, width=390)
    page.goto("/innovatielabs/")
    _no_sideways_scroll(page)
    assert_accessible(page)
    page.get_by_role("link", name=lab.title).click()
    _no_sideways_scroll(page)
    assert_accessible(page)
    page.get_by_role("link", name="Aansluiten bij het natraject").click()
    page.get_by_label("Waarom willen jullie aansluiten?").fill(
        "We zagen het materiaal en willen het in het vijfde jaar."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.get_by_text("Je aanvraag is verstuurd.")).to_be_visible()
    adoption = Adoption.objects.get()
    assert adoption.school == other_school and adoption.status == "aangevraagd"
    # joining twice: a clear Dutch error, nothing changed
    page.goto(f"/innovatielabs/{lab.slug}/aansluiten/")
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.get_by_text("sloot al aan bij het natraject van dit lab")).to_be_visible()
    assert Adoption.objects.count() == 1
    _no_sideways_scroll(page)
    page.context.close()

    # The coordinator sees the school in the follow-up, on a phone as well.
    page = _as(browser, live_server, login_as, broker, width=390)
    page.goto(f"/innovatielabs/{lab.slug}/natraject/")
    expect(page.get_by_role("heading", name="GO! Technisch Atheneum Hasselt")).to_be_visible()
    _no_sideways_scroll(page)
    assert_accessible(page)
    page.goto(f"/innovatielabs/{lab.slug}/werkruimte/")
    _no_sideways_scroll(page)
    page.context.close()


def test_labs_in_the_header_at_1280(browser, live_server, make_org, make_user, login_as):
    """Innovatielabs sits in the header's 'Samenwerken' group; the header stays on one line at 1280 px."""
    rtc = make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")
    user = make_user(org=rtc, role=Role.RTC_STAFF, first_name="Koen")
    context = browser.new_context(base_url=live_server.url, locale="nl-BE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login_as(page, user)
    page.goto("/")
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Samenwerken").click()
    page.get_by_role("link", name="Innovatielabs", exact=True).click()
    page.wait_for_url("**/innovatielabs/")
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Samenwerken").click()
    expect(page.get_by_role("link", name="Innovatielabs", exact=True)).to_have_attribute("aria-current", "page")
    context.close()
