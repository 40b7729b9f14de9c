from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from innovet.surveys import services
from innovet.surveys.models import Answer, Invitation, RespondentContact, Response, SurveyTemplate

from .helpers import VISION, current_form, start, submit

VISION_WITH_REASON = VISION | {"q_waarom_niet": "Geen vervanging"}


def test_study_templates_are_loaded_with_all_questions_and_options(db):
    open_q = SurveyTemplate.objects.get(key="bijlage-2-1-open-vragen").definition
    closed_q = SurveyTemplate.objects.get(key="bijlage-2-2-gesloten-vragen").definition
    role = open_q["pages"][0]["questions"][0]
    assert role["text"] == "Je bent momenteel actief in..."
    assert [o["label"] for o in role["options"]][0] == "... een school, als leerkracht"
    assert len(role["options"]) == 5
    sectors = next(q for p in closed_q["pages"] for q in p["questions"] if q["key"] == "sector")
    assert len(sectors["options"]) == 35
    assert sectors["options"][-1] == {"key": "andere", "label": "Andere, gelieve te specificeren", "is_other": True}
    months = next(q for p in closed_q["pages"] for q in p["questions"] if q["key"] == "periode")
    assert months["kind"] == "maanden"
    assert sum(len(p["questions"]) for p in open_q["pages"]) == 50
    assert sum(len(p["questions"]) for p in closed_q["pages"]) == 35


def test_teacher_is_routed_through_school_pages_and_completes(client, survey_open):
    response = start(client, survey_open)
    page, _ = current_form(client, response)
    assert "Je bent momenteel actief in..." in page.content.decode()
    submit(client, response, {"q_actief_in": "leerkracht", "q_functie": "Leerkracht elektromechanica"})
    assert Answer.objects.get(response=response, question__key="functie").text == "Leerkracht elektromechanica"
    submit(client, response, {"q_innovatieve_ontwikkelingen": "Industrie 4.0 en cobots"})
    submit(client, response, {"q_opleidingsnoden": "PLC-programmatie", "q_voldoende_kennis": "ja"})
    page, _ = current_form(client, response)
    assert "Over je school" in page.content.decode()
    assert "In welke studiedomeinen geef je les?" in page.content.decode()
    assert "Welke studiedomeinen worden in je school aangeboden?" not in page.content.decode()
    submit(
        client,
        response,
        {
            "q_onderwijsvorm": ["bso", "tso", "ander"],
            "q_onderwijsvorm_ander_tekst": "Se-n-Se",
            "q_onderwijsnet": "go",
            "q_vakken": ["praktisch"],
            "q_studiedomeinen_les": "hard",
            "q_ta_tac": "neen",
            "q_contact_bedrijfsleven__stagebegeleider": "regelmatig",
        },
    )
    page, _ = current_form(client, response)
    assert "Engagement t.a.v. professionalisering" in page.content.decode()
    submit(client, response, {"q_ondersteunt_reeds": "neen"})
    submit(client, response, {"q_focus": "Vakdidactiek"})
    page, _ = current_form(client, response)
    assert "In hoeverre ben je bereid deel te nemen aan een traject" in page.content.decode()
    submit(client, response, {"q_bereid_traject": "Ja, als er tijd voor vrijgemaakt wordt"})
    submit(client, response, {"q_partners_inbreng": ["bedrijven", "rtc"]})
    submit(client, response, {"q_doorlooptijd_school": "Een schooljaar"})
    final = submit(client, response, VISION_WITH_REASON)
    assert final.status_code == 302 and final.url.endswith("/einde/")
    response.refresh_from_db()
    assert response.status == Response.Status.COMPLETED
    other = Answer.objects.get(response=response, question__key="onderwijsvorm", option__key="ander")
    assert other.text == "Se-n-Se"


def _pages_seen(client, response, answers_per_page):
    """Submit pages in turn; return the title (h1) of each page shown."""
    titles = []
    for answers in answers_per_page:
        page, _ = current_form(client, response)
        html = page.content.decode()
        titles.append(html.split("<h1", 1)[1].split(">", 1)[1].split("</h1>", 1)[0].strip())
        submit(client, response, answers)
    return titles


def test_teachers_and_directors_see_the_pages_the_study_reports_they_answered(client, survey_open):
    # Tabel 5 (§3.4): teachers and 'directies & TA(C)' said whether they would join a trajectory
    # (bereid_traject), so the first 'Engagement in het traject' page is theirs too; Bijlage 2 routes neither
    # 'functie' nor 'Engagement t.a.v. professionalisering' away from school staff, nor TA/TAC from directors.
    common = [{"q_voldoende_kennis": "ja"}]
    director = start(client, survey_open)
    titles = _pages_seen(
        client,
        director,
        [{"q_actief_in": "directie", "q_functie": "Directeur"}, {}, *common]
        + [{"q_ta_tac": "tac", "q_studiedomeinen_school": "beide"}, {"q_ondersteunt_reeds": "ja"}, {}]
        + [{"q_bereid_traject": "Zeker, mits vervanging"}, {"q_partners_inbreng": ["scholen"]}, {}],
    )
    assert titles == [
        "Over jezelf",
        "Intro",
        "Opleidingsnoden van leerkrachten",
        "Over je school",
        "Engagement t.a.v. professionalisering",
        "Kenmerken van goede praktijken",
        "Engagement in het traject",
        "Verwacht engagement van anderen",
        "Engagement in het traject",
    ]
    stored = dict(
        Answer.objects.filter(response=director, question__key__in=["functie", "bereid_traject"]).values_list(
            "question__key", "text"
        )
    )
    assert stored == {"functie": "Directeur", "bereid_traject": "Zeker, mits vervanging"}
    assert Answer.objects.get(response=director, question__key="ta_tac").option.key == "tac"
    assert Answer.objects.get(response=director, question__key="ondersteunt_reeds").option.key == "ja"
    # A sector organisation skips the school pages (Tabel 3 reports them for teachers and directors only).
    sector = start(client, survey_open)
    titles = _pages_seen(
        client,
        sector,
        [{"q_actief_in": "sectororganisatie"}, {}, *common, {"q_ondersteunt_reeds": "neen"}, {}, {}]
        + [{"q_partners_inbreng": ["vdab"]}],
    )
    assert "Over je school" not in titles and titles.count("Engagement in het traject") == 1
    page, _ = current_form(client, sector)
    assert "Visie t.a.v. de innovatielabs" in page.content.decode()


def test_every_routing_rule_of_questionnaire_2_1_names_its_source(client, owner):
    definition = SurveyTemplate.objects.get(key="bijlage-2-1-open-vragen").definition
    routed = {}
    for page in definition["pages"]:
        if page.get("show_if"):
            routed[page["title"]] = page.get("routing_source", "")
        for question in page["questions"]:
            if question.get("show_if"):
                routed[question["key"]] = question.get("routing_source", "")
            if any(o.get("ends_survey") for o in question.get("options", [])):
                routed[question["key"]] = question.get("end_source", "")
    assert all(len(source) > 30 for source in routed.values()), routed
    # Only the study's screen-out, what its tables report per group, and follow-ups on their own trigger.
    assert set(routed) == {
        "voldoende_kennis",
        "Over je school",
        "studiedomeinen_les",
        "studiedomeinen_school",
        "initiatieven",
        "middelen",
        "Engagement in het traject",
        "waarom_wel",
        "waarom_niet",
        "bijdrage",
        "grootteorde_steun",
    }
    client.force_login(owner)
    page = client.get(reverse("surveys:template_detail", args=["bijlage-2-1-open-vragen"])).content.decode()
    assert "Waarom: Tabel 3" in page and "Studie §1.4.2" in page


def test_who_cannot_judge_training_needs_gets_the_end_message_like_in_the_study(client, survey_open):
    response = start(client, survey_open)
    submit(client, response, {"q_actief_in": "sectororganisatie", "q_functie": "Opleidingsadviseur"})
    submit(client, response, {})
    result = submit(client, response, {"q_voldoende_kennis": "nee"})
    assert result.url.endswith("/einde/")
    response.refresh_from_db()
    assert response.status == Response.Status.SCREENED_OUT
    end = client.get(result.url).content.decode()
    assert "Voor jou eindigt de bevraging hier" in end
    assert response.furthest_page == 3


def test_required_question_left_empty_is_refused_in_dutch_and_nothing_is_stored(client, survey_open):
    response = start(client, survey_open)
    result = submit(client, response, {"q_functie": ""})
    assert result.status_code == 200
    html = result.content.decode()
    assert "Deze vraag is verplicht." in html
    assert 'id="foutenoverzicht"' in html
    assert not Answer.objects.filter(response=response).exists()
    response.refresh_from_db()
    assert response.current_page == 1


def test_answer_outside_the_options_is_refused_and_nothing_half_stored(client, survey_open):
    response = start(client, survey_open)
    submit(client, response, {"q_actief_in": "leerkracht"})
    submit(client, response, {})
    submit(client, response, {"q_opleidingsnoden": "x", "q_voldoende_kennis": "ja"})
    result = submit(client, response, {"q_onderwijsnet": "go", "q_onderwijsvorm": ["bso", "hacker"]})
    assert "Kies enkel uit de voorgestelde antwoorden." in result.content.decode()
    assert not Answer.objects.filter(response=response, question__key="onderwijsnet").exists()


def test_exclusive_answer_cannot_be_combined(client, survey_closed_q):
    response = start(client, survey_closed_q)
    submit(
        client,
        response,
        {"q_contact_onderwijs__" + r: "nooit" for r in ["leerlingen", "leerkrachten", "directie", "pbd", "rtc"]},
    )
    submit(client, response, {})
    result = submit(client, response, {"q_nood_ondersteuning": ["workshops", "weet_niet"]})
    assert "kan niet samen met andere antwoorden" in result.content.decode()


def test_tampered_page_or_version_is_refused(client, survey_open):
    response = start(client, survey_open)
    _page, data = current_form(client, response)
    url = reverse("surveys:resume", args=[response.resume_token])
    other_page = survey_open.current_version.pages.get(position=5)
    result = client.post(url, {**data, "pagina": other_page.pk, "q_ondersteunt_reeds": "ja"}, follow=True)
    assert "hoort niet bij je formulier" in result.content.decode()
    result = client.post(url, {**data, "versie": "999999", "q_actief_in": "leerkracht"}, follow=True)
    assert "andere versie van de vragenlijst" in result.content.decode()
    assert not Answer.objects.filter(response=response).exists()


def test_submission_after_close_date_is_refused(client, survey_open):
    response = start(client, survey_open)
    _page, data = current_form(client, response)
    survey_open.closes_at = timezone.now() - timedelta(minutes=1)
    survey_open.save(update_fields=["closes_at"])
    result = client.post(reverse("surveys:resume", args=[response.resume_token]), {**data, "q_actief_in": "directie"})
    assert result.status_code == 410
    assert "afgesloten sinds" in result.content.decode()
    assert not Answer.objects.filter(response=response).exists()
    assert client.get(reverse("surveys:open_link", args=[survey_open.public_token])).status_code == 410


def test_double_submit_of_a_page_stores_it_once(client, survey_open):
    response = start(client, survey_open)
    _page, data = current_form(client, response)
    url = reverse("surveys:resume", args=[response.resume_token])
    data.update({"q_actief_in": "directie", "actie": "volgende"})
    client.post(url, data)
    second = client.post(url, data, follow=True)
    assert "werd al ingediend" in second.content.decode()
    assert Answer.objects.filter(response=response, question__key="actief_in").count() == 1


def test_double_click_on_start_gives_one_response(client, survey_open):
    url = reverse("surveys:open_link", args=[survey_open.public_token])
    key = "0b5c5500-0000-4000-8000-000000000001"
    client.post(url, {"start_key": key})
    client.post(url, {"start_key": key})
    assert Response.objects.filter(survey=survey_open).count() == 1


def test_save_and_continue_later_keeps_answers_without_required_check(client, survey_open):
    response = start(client, survey_open)
    submit(client, response, {"q_actief_in": "lerarenopleiding"})
    result = submit(client, response, {"q_innovatieve_ontwikkelingen": "Digitalisering"}, action="later")
    assert "Je antwoorden zijn bewaard" in result.content.decode()
    assert response.resume_token in result.content.decode()
    page = client.get(reverse("surveys:resume", args=[response.resume_token])).content.decode()
    assert "Digitalisering" in page


def test_personal_invitation_gives_one_response_per_token_and_is_refused_once_used(client, survey_open, owner):
    invitation = services.add_invitations(owner, survey_open, [("an@school.be", "An Peeters")])[0]
    url = reverse("surveys:invitation", args=[invitation.token])
    assert "Welkom, An Peeters" in client.get(url).content.decode()
    client.post(url, {"start_key": "0b5c5500-0000-4000-8000-000000000002"})
    client.post(url, {"start_key": "0b5c5500-0000-4000-8000-000000000003"})
    assert Response.objects.filter(survey=survey_open).count() == 1
    response = Response.objects.get(invitation=invitation)
    submit(client, response, {"q_actief_in": "sectororganisatie"})
    submit(client, response, {})
    submit(client, response, {"q_voldoende_kennis": "nee"})
    invitation.refresh_from_db()
    assert invitation.completed_at is not None
    response.refresh_from_db()
    assert response.invitation_id is None  # anonymous survey: unlinked once submitted
    other = client.post(url, {"start_key": "0b5c5500-0000-4000-8000-000000000004"})
    assert other.status_code == 410
    assert "al ingevuld" in other.content.decode()
    assert client.get(reverse("surveys:invitation", args=["bestaat-niet"])).status_code == 404


def test_respondent_gets_a_copy_and_can_erase_contact_details(
    client, survey_closed_q, django_capture_on_commit_callbacks
):
    response = start(client, survey_closed_q)
    submit(
        client,
        response,
        {"q_werknemers": "10_49", "q_contact_onderwijs__" + "leerlingen": "vaak"}
        | {f"q_contact_onderwijs__{r}": "af_en_toe" for r in ["leerkrachten", "directie", "pbd", "rtc"]},
    )
    for _ in range(2):
        submit(client, response, {})
    submit(client, response, {"q_ondersteunt_reeds": "nee"})
    submit(
        client,
        response,
        {
            f"q_bereidheid__{r}": "ja"
            for r in [
                "nieuw_materiaal",
                "aanpassing_materiaal",
                "leerkrachten",
                "pbd",
                "ondersteunende_organisaties",
                "sector",
                "andere_sector",
            ]
        },
    )
    submit(client, response, {"q_sponsoren": "neen", "q_periode": ["10", "11"]})
    submit(client, response, {})
    bad = submit(
        client, response, {"q_randactiviteiten": "ja", "q_later_contact": "ja", "q_telefoon_telefoon": "bel me"}
    )
    assert "geen geldig telefoonnummer" in bad.content.decode()
    done = submit(
        client,
        response,
        {
            "q_randactiviteiten": "ja",
            "q_later_contact": "ja",
            "q_telefoon_naam": "Jan",
            "q_telefoon_telefoon": "+32 11 22 33 44",
        },
    )
    assert done.url.endswith("/einde/")
    contact = RespondentContact.objects.get(response=response)
    assert contact.phone == "+32 11 22 33 44"
    assert not Answer.objects.filter(response=response, question__key="telefoon").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(done.url, {"actie": "kopie", "email": "jan@bedrijf.be"})
    assert mail.outbox[-1].to == ["jan@bedrijf.be"]
    assert "Oktober" in mail.outbox[-1].body and "10-49 werknemers" in mail.outbox[-1].body
    client.post(done.url, {"actie": "contact-wissen"})
    assert not RespondentContact.objects.filter(response=response).exists()
    assert Answer.objects.filter(response=response).exists()


def test_invitation_rounds_and_reminders_reach_only_who_did_not_finish(
    survey_open, owner, django_capture_on_commit_callbacks
):
    invitations = services.add_invitations(owner, survey_open, [("a@x.be", "A"), ("b@x.be", "B")])
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.send_invitations(owner, survey_open, invitations)
    batch.refresh_from_db()
    assert batch.processed == 2 and batch.finished_at
    assert {m.to[0] for m in mail.outbox} == {"a@x.be", "b@x.be"}
    assert invitations[0].token in mail.outbox[0].body or invitations[1].token in mail.outbox[0].body
    Invitation.objects.filter(email="b@x.be").update(completed_at=timezone.now())
    mail.outbox.clear()
    assert services.send_due_reminders(now=timezone.now() + timedelta(days=3)) == 0
    assert services.send_due_reminders(now=timezone.now() + timedelta(days=8)) == 1
    assert [m.to for m in mail.outbox] == [["a@x.be"]]
    assert "Herinnering" in mail.outbox[0].subject
    assert services.send_due_reminders(now=timezone.now() + timedelta(days=6)) == 0  # not within 7 days of the last one
    assert services.send_due_reminders(now=timezone.now() + timedelta(days=15)) == 1  # second and last reminder
    assert services.send_due_reminders(now=timezone.now() + timedelta(days=60)) == 0  # at most 2
