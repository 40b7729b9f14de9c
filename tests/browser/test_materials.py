"""Lesmateriaal in a real browser: a teacher finds a material, opens it and reports use; an author shares one.
Every page passes the axe-core WCAG 2.1 A/AA scan."""

import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from innovet.materials import services
from innovet.materials.models import Alignment, Author, Material
from innovet.organisations.models import OrganisationKind, Role
from innovet.taxonomy.models import Term

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _term(vocabulary, code):
    return Term.objects.of(vocabulary).get(code=code)


def _published_material(author, school):
    material = Material.objects.create(
        title="Warmtepomp dimensioneren voor een rijwoning",
        slug="warmtepomp-dimensioneren",
        summary="Leerlingen berekenen het warmteverlies en kiezen een lucht-waterwarmtepomp.",
        body="<h2>Verloop</h2><p>Stap voor stap, met metingen.</p>",
        duration_minutes=100,
    )
    material.studiedomeinen.add(_term("studiedomein", "stem"))
    material.graden.add(_term("graad", "3"))
    material.themes.add(_term("thema", "warmtepompen"))
    Author.objects.create(material=material, user=author, organisation=school)
    material.organisations.add(school)
    Alignment.objects.create(
        material=material, network=_term("onderwijsnet", "KOV"), code="LPD 12", text="Rendement meten."
    )
    services.add_file(author, material, ContentFile(PDF, name="handleiding.pdf"), "Handleiding")
    services.publish_version(author, material, _term("licentie", "cc-by"), "Eerste versie.")
    return material


def test_teacher_finds_a_material_opens_it_and_reports_use(page, make_org, make_user, login_as, assert_accessible):
    school = make_org("VTI Sint-Jozef Gent", OrganisationKind.SCHOOL, "9000")
    author = make_user(email="auteur@vti.be", org=school, role=Role.TEACHER, first_name="An", last_name="Peeters")
    material = _published_material(author, school)
    other = make_org("GO! Technisch Atheneum Hasselt", OrganisationKind.SCHOOL, "3500")
    teacher = make_user(email="leerkracht@hasselt.be", org=other, role=Role.TEACHER)
    login_as(page, teacher)

    page.get_by_role("link", name="Lesmateriaal").first.click()
    page.get_by_label("Zoekterm").fill("warmtepompen")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("1 materiaal gevonden")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=material.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(material.title)
    expect(page.get_by_text("An Peeters").first).to_be_visible()
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert_accessible(page)

    page.get_by_role("link", name="Ik gebruikte dit in de klas").first.click()
    page.get_by_label("Graad").select_option(label="Derde graad")
    page.get_by_label("Studierichting").fill("Elektromechanische technieken")
    page.get_by_label("Hoe verliep het?").fill("De leerlingen waren erg gemotiveerd door de echte meetopdracht.")
    page.get_by_label("5 / 5").check()
    assert_accessible(page)
    page.get_by_role("button", name="Gebruik melden").click()
    expect(page.get_by_text("Bedankt! Je melding helpt collega's")).to_be_visible()
    expect(page.get_by_text("1 keer gebruikt in de klas")).to_be_visible()
    expect(
        page.get_by_role("heading", name="GO! Technisch Atheneum Hasselt · Derde graad · Elektromechanische technieken")
    ).to_be_visible()
    assert_accessible(page)


def test_author_shares_a_material_with_a_file_and_publishes_it(
    page, make_org, make_user, login_as, assert_accessible, tmp_path
):
    school = make_org("VTI Sint-Jozef Gent", OrganisationKind.SCHOOL, "9000")
    author = make_user(email="auteur@vti.be", org=school, role=Role.TEACHER)
    login_as(page, author)
    page.goto("/lesmateriaal/nieuw/")
    assert_accessible(page)
    page.get_by_label("Titel").fill("Cobot veilig laten samenwerken")
    page.get_by_label("Samenvatting").fill("Een pick-and-place-taak met een cobot, met risicoanalyse.")
    page.get_by_role("checkbox", name="STEM", exact=True).check()
    page.get_by_label("Derde graad").check()
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_role("heading", name="Werkvormen en bestanden")).to_be_visible()
    assert_accessible(page)

    bad = tmp_path / "virus.pdf"
    bad.write_bytes(b"MZ\x90\x00" + b"\x00" * 64)
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="Opladen").click()
    expect(page.get_by_text("De inhoud van virus.pdf is geen geldig .pdf-bestand")).to_be_visible()
    good = tmp_path / "risicoanalyse.pdf"
    good.write_bytes(PDF)
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_role("button", name="Opladen").click()
    expect(page.get_by_text("Bestand toegevoegd.")).to_be_visible()

    page.get_by_role("link", name="Versie publiceren").click()
    page.get_by_role("button", name="Publiceren").wait_for()  # the next page is there before it is scanned
    assert_accessible(page)
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("Kies een licentie voor je het materiaal publiceert.")).to_be_visible()
    page.get_by_label("Naamsvermelding-GelijkDelen (CC BY-SA 4.0)").check()
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("Versie 1 is gepubliceerd.")).to_be_visible()
    badge = page.locator("a.licence-badge").first
    expect(badge).to_have_text(re.compile(r"^\s*CC BY-SA"))
    assert badge.get_attribute("href") == "https://creativecommons.org/licenses/by-sa/4.0/deed.nl"
    assert_accessible(page)


def test_adviser_reviews_and_the_author_answers(
    page, browser, live_server, make_org, make_user, login_as, assert_accessible
):
    school = make_org("VTI Sint-Jozef Gent", OrganisationKind.SCHOOL, "9000")
    author = make_user(email="auteur@vti.be", org=school, role=Role.TEACHER, first_name="An", last_name="Peeters")
    material = _published_material(author, school)
    pbd_org = make_org("Pedagogische begeleiding KOV", OrganisationKind.PBD, "1040")
    adviser = make_user(email="pbd@kov.be", org=pbd_org, role=Role.PEDAGOGICAL_ADVISER)
    login_as(page, adviser)
    page.goto(material.get_absolute_url())
    page.get_by_role("link", name="Review schrijven").click()
    page.get_by_role("group", name="Link met het leerplan").wait_for()
    assert_accessible(page)
    for group in ("Link met het leerplan", "Didactische kwaliteit", "Inhoudelijke correctheid", "Merkneutraliteit"):
        page.get_by_role("group", name=group).get_by_label("Voldoet", exact=True).check()
    page.get_by_role("group", name="Toegankelijkheid").get_by_label("Voldoet deels").check()
    page.get_by_label("Toelichting").fill("Voeg alternatieve teksten toe bij de figuren.")
    page.get_by_label("Aanpassingen gevraagd").check()
    page.get_by_role("button", name="Review indienen").click()
    expect(page.get_by_text("Je review is bewaard en de auteurs zijn verwittigd.")).to_be_visible()

    page = browser.new_context(base_url=live_server.url, locale="nl-BE").new_page()
    login_as(page, author)
    page.goto(material.get_absolute_url())
    expect(page.get_by_text("Voeg alternatieve teksten toe bij de figuren.")).to_be_visible()
    page.get_by_label("Reageren").fill("Aangepast, versie 2 volgt.")
    page.get_by_role("button", name="Reactie plaatsen").click()
    expect(page.get_by_text("Aangepast, versie 2 volgt.")).to_be_visible()
    assert_accessible(page)
    for url in (
        "/lesmateriaal/mijn/",
        f"/lesmateriaal/auteur/{author.pk}/",
        f"{material.get_absolute_url()}versies/1/",
    ):
        page.goto(url)
        assert_accessible(page)
