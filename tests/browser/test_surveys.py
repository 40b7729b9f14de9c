"""Surveys in a real browser: a respondent fills in the study's questionnaire with skip logic, the owner
reads the report; every page passes the accessibility scan."""

import pytest
from playwright.sync_api import expect

from innovet.organisations.models import OrganisationKind, Role

pytestmark = pytest.mark.browser


def test_respondent_follows_the_routing_and_owner_sees_the_report(
    page, make_org, make_user, login_as, assert_accessible
):
    from innovet.surveys import services
    from innovet.surveys.models import Response, SurveyTemplate

    department = make_org("Departement Onderwijs en Vorming", OrganisationKind.GOVERNMENT, "1000")
    owner = make_user(org=department, role=Role.ORG_ADMIN, is_manager=True, first_name="Hilde")
    services.load_templates()
    template = SurveyTemplate.objects.get(key="bijlage-2-1-open-vragen")
    survey = services.create_survey(owner, department, "Draagvlakbevraging InnoVET", template)
    services.publish(owner, survey)
    survey.refresh_from_db()

    page.goto(f"/bevragingen/d/{survey.public_token}/")
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Professionalisering en innovatie in het arbeidsmarktgericht onderwijs"
    )
    assert_accessible(page, exclude=["iframe"])
    page.get_by_role("button", name="Start de bevraging").click()

    # Page 1: the role is required; 'Welke functie…' is asked of everyone (Bijlage 2 routes it for no one).
    page.get_by_role("button", name="Volgende").click()
    expect(page.locator("#foutenoverzicht")).to_contain_text("Deze vraag is verplicht.")
    assert_accessible(page)
    page.get_by_label("... een school, als leerkracht").check()
    page.get_by_label("Welke functie bekleed je in je organisatie?").fill("Leerkracht elektromechanica")
    page.get_by_role("button", name="Volgende").click()

    page.get_by_label("Aan welke innovatieve ontwikkelingen op de arbeidsmarkt denk je in deze context?").fill(
        "Cobots en digitale tweelingen"
    )
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Welke opleidingsnoden hebben leerkrachten uit het TSO/BSO volgens jou in deze context?").fill(
        "PLC"
    )
    page.get_by_role("group", name="Heb je voldoende kennis").get_by_label("Ja").check()
    page.get_by_role("button", name="Volgende").click()

    # Page 4 only for school staff: teachers see the teaching domains, not the school's offer.
    expect(page.get_by_role("heading", level=1)).to_have_text("Over je school")
    expect(page.get_by_text("In welke studiedomeinen geef je les?")).to_be_visible()
    assert page.get_by_text("Welke studiedomeinen worden in je school aangeboden?").count() == 0
    page.get_by_label("Beroepssecundair onderwijs (BSO)").check()
    page.get_by_label("Ander, namelijk: (vul aan)").fill("Se-n-Se")
    assert page.get_by_label("Ander, namelijk:", exact=True).is_checked()
    page.get_by_label("Onderwijs van de Vlaamse Gemeenschap - GO!").check()
    assert_accessible(page)
    page.get_by_role("button", name="Volgende").click()
    # Page 5, for school staff too: the follow-up appears live only after 'Ja'.
    expect(page.get_by_role("heading", level=1)).to_have_text("Engagement t.a.v. professionalisering")
    follow_up = page.get_by_label("Om welke initiatieven gaat het concreet?")
    expect(follow_up).to_be_hidden()
    support = page.get_by_role("group", name="Ondersteunt je organisatie vandaag reeds")
    support.get_by_label("Ja").check()
    expect(follow_up).to_be_visible()
    support.get_by_label("Neen").check()
    expect(follow_up).to_be_hidden()
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kenmerken van goede praktijken")
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Engagement in het traject")
    page.get_by_label("In hoeverre ben je bereid deel te nemen aan een traject").fill("Ja, met vervanging")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Bedrijven").check()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("group", name="Is aansluiting bij de Europese VET-week").get_by_label("Ja").check()
    page.get_by_label("Een halve dag").check()
    page.get_by_role("group", name="Zouden er dan collega’s deelnemen").get_by_label("Neen").check()
    page.get_by_role("group", name="Zou je bereid zijn om te betalen").get_by_label("Nee").check()
    page.get_by_role("group", name="sponsoren").get_by_label("Nee").check()
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt!")
    assert_accessible(page)
    assert Response.objects.get(survey=survey).status == Response.Status.COMPLETED

    # The owner codes the 'Ander, namelijk' text: the code joins the report and the cross-tab.
    from innovet.surveys.models import Answer

    other = Answer.objects.get(question__key="onderwijsvorm", text="Se-n-Se")
    services.set_codes(owner, other, ["Se-n-Se"])
    login_as(page, owner)
    page.goto(f"/bevragingen/{survey.slug}/resultaten/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Resultaten")
    funnel = page.get_by_role("table", name="Aantal respondenten per stap")
    assert "Volledig ingevuld" in funnel.inner_text()
    expect(page.locator("canvas[data-chart='grafiek-actief_in']")).to_be_visible()
    forms = page.get_by_role("table", name="Frequenties bij vraag onderwijsvorm")
    assert "100,0%" in forms.get_by_role("row", name="Se-n-Se code").inner_text()
    assert_accessible(page)
    page.goto(f"/bevragingen/{survey.slug}/resultaten/kruistabel/?vraag=onderwijsvorm&per=actief_in")
    crosstab = page.get_by_role("table")
    assert "N = 1" in crosstab.inner_text()
    assert "100,0% (1)" in crosstab.get_by_role("row", name="Beroepssecundair onderwijs (BSO)").inner_text()
    assert "100,0% (1)" in crosstab.get_by_role("row", name="Se-n-Se code").inner_text()
    assert_accessible(page)
