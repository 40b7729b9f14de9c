import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from innovet.core.audit import action_label
from innovet.core.gdpr import erase_user, export_user_data
from innovet.core.models import AuditLog
from innovet.organisations.models import OrganisationKind, Role
from innovet.surveys import services
from innovet.surveys.models import Answer, Invitation, Option, Question, RespondentContact, Survey, SurveyTemplate

from .helpers import answer_directly


def test_rtc_staff_creates_a_survey_from_the_study_template_and_publishes_it(client, outsider, rtc):
    client.force_login(outsider)
    template = SurveyTemplate.objects.get(key="bijlage-2-2-gesloten-vragen")
    response = client.post(
        reverse("surveys:create"),
        {"organisation": rtc.pk, "title": "Bedrijvenbevraging Limburg", "template": template.pk},
    )
    survey = Survey.objects.get(title="Bedrijvenbevraging Limburg")
    assert response.url == reverse("surveys:builder", args=[survey.slug])
    assert survey.status == Survey.Status.DRAFT
    builder = client.get(response.url).content.decode()
    assert "In welke sector is je organisatie actief?" in builder
    client.post(reverse("surveys:publish", args=[survey.slug]))
    survey.refresh_from_db()
    assert survey.status == Survey.Status.PUBLISHED and survey.current_version.published_at
    assert action_label("surveys.survey.published") == "vragenlijst gepubliceerd"
    assert AuditLog.objects.for_object(survey).filter(action="surveys.survey.published").exists()


def test_teacher_cannot_create_surveys(client, make_user, school):
    teacher = make_user(org=school, role=Role.TEACHER)
    client.force_login(teacher)
    assert client.get(reverse("surveys:create")).status_code == 403


def test_builder_adds_page_and_question_with_skip_logic_and_refuses_bad_input(client, owner, department):
    survey = services.create_survey(owner, department, "Nodenbevraging elektriciteit")
    client.force_login(owner)
    client.post(reverse("surveys:page_add", args=[survey.slug]), {"title": "Over je", "intro": ""})
    page = survey.current_version.pages.get()
    url = reverse("surveys:question_add", args=[survey.slug, page.pk])
    bad = client.post(url, {"kind": "enkel", "text": "Je rol?", "options_text": "Leerkracht"})
    assert "Geef minstens twee antwoordmogelijkheden." in bad.content.decode()
    client.post(
        url,
        {
            "kind": "enkel",
            "text": "Je rol?",
            "key": "rol",
            "required": "on",
            "options_text": "Leerkracht\nDirectie\nAndere [tekst]\nGeen idee [einde]",
            "end_message": "Deze bevraging is niet voor jou bedoeld.",
        },
    )
    rol = Question.objects.get(version=survey.current_version, key="rol")
    assert [(o.label, o.is_other, o.ends_survey) for o in rol.options.all()] == [
        ("Leerkracht", False, False),
        ("Directie", False, False),
        ("Andere", True, False),
        ("Geen idee", False, True),
    ]
    client.post(
        url,
        {"kind": "lang", "text": "Welke vakken?", "key": "vakken", "show_if_values": ["rol:leerkracht"]},
    )
    vakken = Question.objects.get(version=survey.current_version, key="vakken")
    assert vakken.show_if == [{"question": "rol", "any": ["leerkracht"]}]
    duplicate = client.post(url, {"kind": "kort", "text": "Nog iets", "key": "rol"})
    assert "Er is al een vraag met variabelenaam ‘rol’." in duplicate.content.decode()
    refused = client.post(reverse("surveys:question_delete", args=[survey.slug, rol.pk]), follow=True)
    assert "hangt van deze vraag af" in refused.content.decode()
    assert Question.objects.filter(pk=rol.pk).exists()


def test_changing_a_published_questionnaire_makes_a_new_version_and_old_answers_stay_intact(
    client, owner, survey_closed_q
):
    response = answer_directly(
        survey_closed_q,
        {"q_werknemers": "1_9"}
        | {f"q_contact_onderwijs__{r}": "nooit" for r in ["leerlingen", "leerkrachten", "directie", "pbd", "rtc"]},
    )
    v1 = survey_closed_q.current_version
    client.force_login(owner)
    werknemers = v1.questions.get(key="werknemers")
    assert client.get(reverse("surveys:question_edit", args=[survey_closed_q.slug, werknemers.pk])).status_code == 404
    client.post(reverse("surveys:new_version", args=[survey_closed_q.slug]))
    v2 = services.draft_version(survey_closed_q)
    assert v2.number == 2 and v2.questions.count() == v1.questions.count()
    q2 = v2.questions.get(key="werknemers")
    client.post(
        reverse("surveys:question_edit", args=[survey_closed_q.slug, q2.pk]),
        {
            "kind": "enkel",
            "text": "Hoeveel werknemers telt je vestiging?",
            "key": "werknemers",
            "options_text": "1-9 werknemers\n10 of meer",
        },
    )
    client.post(reverse("surveys:publish", args=[survey_closed_q.slug]))
    survey_closed_q.refresh_from_db()
    assert survey_closed_q.current_version == v2
    old = Answer.objects.get(response=response, question__key="werknemers")
    assert old.question.version == v1 and old.option.label == "1-9 werknemers"
    assert Option.objects.filter(question=werknemers).count() == 5
    assert q2.options.get(label="1-9 werknemers").key == "1_9"  # same label keeps its code
    report_v1 = client.get(reverse("surveys:report", args=[survey_closed_q.slug]), {"versie": 1})
    assert "250 werknemers of meer" in report_v1.content.decode()
    new = answer_directly(
        survey_closed_q,
        {"q_werknemers": "10_of_meer"}
        | {f"q_contact_onderwijs__{r}": "vaak" for r in ["leerlingen", "leerkrachten", "directie", "pbd", "rtc"]},
    )
    assert new.version == v2


def test_contact_list_import_reports_row_and_column_in_dutch_and_stores_nothing_on_error(client, owner, survey_open):
    client.force_login(owner)
    url = reverse("surveys:invitations", args=[survey_open.slug])
    bad = SimpleUploadedFile(
        "lijst.csv", b"naam;e-mailadres\nAn;an@school.be\nBen;ben@\nCis;\nDirk;an@school.be\n", "text/csv"
    )
    page = client.post(url, {"file": bad}).content.decode()
    assert "Rij 3, kolom ‘e-mailadres’: ‘ben@’ is geen geldig e-mailadres." in page
    assert "Rij 4, kolom ‘e-mailadres’: het e-mailadres ontbreekt." in page
    assert "Rij 5, kolom ‘e-mailadres’: an@school.be staat ook al op rij 2." in page
    assert not Invitation.objects.exists()
    good = SimpleUploadedFile("lijst.csv", b"Naam,E-mail\nAn Peeters,an@school.be\nBen,ben@school.be\n", "text/csv")
    client.post(url, {"file": good})
    assert set(Invitation.objects.values_list("email", flat=True)) == {"an@school.be", "ben@school.be"}
    workbook = Workbook()
    workbook.active.append(["e-mailadres", "naam"])
    workbook.active.append(["cis@school.be", "Cis"])
    workbook.active.append(["an@school.be", "An"])
    data = io.BytesIO()
    workbook.save(data)
    xlsx = SimpleUploadedFile(
        "lijst.xlsx", data.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    page = client.post(url, {"file": xlsx}, follow=True).content.decode()
    assert "1 contacten ingelezen." in page and "1 stonden al op de lijst" in page
    disguised = SimpleUploadedFile("lijst.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "text/csv")
    page = client.post(url, {"file": disguised}).content.decode()
    assert "gecontroleerd op de inhoud" in page
    assert Invitation.objects.count() == 3


def test_owner_pages_render(client, owner, survey_open):
    answer_directly(survey_open, {"q_actief_in": "leerkracht"})
    client.force_login(owner)
    for name in [
        "detail",
        "builder",
        "preview",
        "settings",
        "invitations",
        "report",
        "crosstab",
        "open_answers",
        "contacts",
    ]:
        assert client.get(reverse(f"surveys:{name}", args=[survey_open.slug])).status_code == 200, name
    listing = client.get(reverse("surveys:survey_list")).content.decode()
    assert survey_open.title in listing
    for url in [
        reverse("surveys:templates"),
        reverse("surveys:interview_guide"),
        reverse("surveys:template_detail", args=["bijlage-2-1-open-vragen"]),
    ]:
        assert client.get(url).status_code == 200
    guide = client.get(reverse("surveys:interview_guide")).content.decode()
    assert "Hebben de speerpuntclusters vandaag een rol" in guide


def test_settings_refuse_a_close_date_in_the_past(client, owner, survey_open):
    client.force_login(owner)
    page = client.post(
        reverse("surveys:settings", args=[survey_open.slug]),
        {
            "title": survey_open.title,
            "anonymous": "on",
            "open_link_enabled": "on",
            "closes_at": "2020-01-01T10:00",
            "reminder_days": 7,
            "max_reminders": 2,
        },
    )
    assert "De sluitingsdatum ligt in het verleden." in page.content.decode()


OWNER_WRITES = [
    ("settings", "post"),
    ("new_version", "post"),
    ("publish", "post"),
    ("close", "post"),
    ("reopen", "post"),
    ("page_add", "post"),
    ("invitations", "post"),
    ("send_invitations", "post"),
]
OWNER_READS = [
    "detail",
    "builder",
    "preview",
    "report",
    "crosstab",
    "open_answers",
    "contacts",
    "export_csv",
    "export_xlsx",
    "codebook_csv",
]


@pytest.mark.parametrize("name,method", OWNER_WRITES)
def test_another_organisation_is_refused_every_write(client, outsider, survey_open, name, method):
    client.force_login(outsider)
    response = getattr(client, method)(reverse(f"surveys:{name}", args=[survey_open.slug]), {"title": "x"})
    assert response.status_code == 403
    survey_open.refresh_from_db()
    assert survey_open.status == Survey.Status.PUBLISHED and survey_open.title != "x"


def test_another_organisation_is_refused_object_writes_and_results(client, outsider, owner, survey_open):
    response = answer_directly(survey_open, {"q_actief_in": "leerkracht"}, {"q_innovatieve_ontwikkelingen": "AI"})
    answer = Answer.objects.get(response=response, question__key="innovatieve_ontwikkelingen")
    invitation = services.add_invitations(owner, survey_open, [("x@y.be", "")])[0]
    contact = RespondentContact.objects.create(response=response, name="Jan", phone="011223344")
    code = services.set_codes(owner, answer, ["digitalisering"])[0]
    page = survey_open.current_version.pages.first()
    question = survey_open.current_version.questions.first()
    slug = survey_open.slug
    client.force_login(outsider)
    for url in [
        reverse("surveys:page_edit", args=[slug, page.pk]),
        reverse("surveys:page_delete", args=[slug, page.pk]),
        reverse("surveys:page_move", args=[slug, page.pk]),
        reverse("surveys:question_edit", args=[slug, question.pk]),
        reverse("surveys:question_delete", args=[slug, question.pk]),
        reverse("surveys:question_move", args=[slug, question.pk]),
        reverse("surveys:question_add", args=[slug, page.pk]),
        reverse("surveys:invitation_delete", args=[slug, invitation.pk]),
        reverse("surveys:code_answer", args=[slug, answer.pk]),
        reverse("surveys:code_delete", args=[slug, code.pk]),
        reverse("surveys:contact_delete", args=[slug, contact.pk]),
    ]:
        assert client.post(url, {"codes": "gehackt", "title": "x"}).status_code == 403, url
    for name in OWNER_READS:
        assert client.get(reverse(f"surveys:{name}", args=[slug])).status_code == 403, name
    assert RespondentContact.objects.filter(pk=contact.pk).exists()
    assert list(answer.codes.values_list("label", flat=True)) == ["digitalisering"]
    client.logout()
    assert client.get(reverse("surveys:report", args=[slug])).status_code in (302, 403)


def test_platform_admin_sees_any_survey(client, admin_user, survey_open):
    client.force_login(admin_user)
    assert client.get(reverse("surveys:report", args=[survey_open.slug])).status_code == 200


def test_gdpr_export_and_erase_cover_invitations_and_contact_details(owner, survey_closed_q, make_user, make_org):
    company = make_org("Bedrijf X", OrganisationKind.COMPANY, "2000")
    person = make_user(email="jan@bedrijf.be", org=company, role=Role.COMPANY_CONTACT)
    services.add_invitations(owner, survey_closed_q, [("jan@bedrijf.be", "Jan")])
    response = answer_directly(
        survey_closed_q,
        {"q_werknemers": "1_9"}
        | {f"q_contact_onderwijs__{r}": "nooit" for r in ["leerlingen", "leerkrachten", "directie", "pbd", "rtc"]},
    )
    RespondentContact.objects.create(response=response, name="Jan", email="jan@bedrijf.be", phone="03 123 45 67")
    data = export_user_data(person)["gegevens"]["bevragingen"]
    assert data["uitnodigingen"][0]["e-mailadres"] == "jan@bedrijf.be"
    assert data["contactgegevens in bevragingen"][0]["telefoon"] == "03 123 45 67"
    erase_user(person)
    assert not Invitation.objects.filter(email="jan@bedrijf.be").exists()
    assert not RespondentContact.objects.exists()
    assert Answer.objects.filter(response=response).exists()


def test_dashboard_lists_the_organisations_surveys(client, owner, outsider, survey_open):
    # The department's first page after signing in named none of its surveys.
    client.force_login(owner)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert f'<a href="{survey_open.get_absolute_url()}">{survey_open.title}</a> – gepubliceerd' in html
    client.force_login(outsider)  # another organisation: no panel
    assert survey_open.get_absolute_url() not in client.get(reverse("core:dashboard")).content.decode()


def test_a_draft_survey_links_to_no_results_page_that_would_answer_404(client, owner, department):
    # pbd@'s draft showed 'Resultaten', 'Kruistabellen' and 'Open antwoorden' tabs that each gave a 404.
    template = SurveyTemplate.objects.get(key="bijlage-2-2-gesloten-vragen")
    draft = services.create_survey(owner, department, "Concept", template)
    client.force_login(owner)
    for name in ("detail", "builder", "invitations", "settings"):
        page = client.get(reverse(f"surveys:{name}", args=[draft.slug])).content.decode()
        for results in ("report", "crosstab", "open_answers"):
            assert f'href="{reverse(f"surveys:{results}", args=[draft.slug])}"' not in page
    assert "De link werkt zodra de bevraging gepubliceerd is." in client.get(draft.get_absolute_url()).content.decode()
    services.publish(owner, draft)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert f'href="{reverse("surveys:report", args=[draft.slug])}"' in page
    assert "De link werkt zodra" not in page
