from django.urls import reverse

from innovet.matching.models import Need
from innovet.organisations.models import Role

from .helpers import VISION, start, submit


def _complete_as_teacher(client, survey):
    response = start(client, survey)
    submit(client, response, {"q_actief_in": "leerkracht"})
    submit(client, response, {})
    submit(
        client,
        response,
        {
            "q_opleidingsnoden": "Bijscholing warmtepompen en koeltechniek\nLiefst met praktijk.",
            "q_voldoende_kennis": "ja",
        },
    )
    submit(client, response, {"q_onderwijsvorm": ["tso"]})
    submit(client, response, {"q_ondersteunt_reeds": "weet_niet"})
    submit(client, response, {})
    submit(client, response, {})
    submit(client, response, {"q_partners_inbreng": ["bedrijven"]})
    submit(client, response, {})
    done = submit(client, response, VISION)
    return response, done.url


def test_signed_in_teacher_turns_own_answers_into_a_need_for_the_school(client, survey_open, school, make_user):
    teacher = make_user(org=school, role=Role.TEACHER)
    client.force_login(teacher)
    _response, url = _complete_as_teacher(client, survey_open)
    page = client.get(url).content.decode()
    assert "Maak van je antwoorden een nood voor je school" in page
    assert "Bijscholing warmtepompen en koeltechniek" in page
    refused = client.post(
        url, {"actie": "nood", "school": school.pk, "need_type": "vaktechnisch", "max_distance_km": 900}
    )
    assert "200" in refused.content.decode() and not Need.objects.exists()
    done = client.post(url, {"actie": "nood", "school": school.pk, "need_type": "vaktechnisch", "max_distance_km": 25})
    need = Need.objects.get()
    assert done.url == need.get_absolute_url()
    assert need.title == "Bijscholing warmtepompen en koeltechniek"
    assert "Liefst met praktijk." in need.description and survey_open.title in need.description
    assert need.school == school and need.created_by == teacher and need.max_distance_km == 25


def test_support_forms_from_the_company_survey_map_to_the_taxonomy(survey_closed_q):
    from innovet.surveys import needs

    from .helpers import answer_directly

    response = answer_directly(
        survey_closed_q,
        {f"q_contact_onderwijs__{r}": "vaak" for r in ["leerlingen", "leerkrachten", "directie", "pbd", "rtc"]},
        {},
        {"q_nood_ondersteuning": ["bedrijfsstages", "workshops"]},
    )
    assert sorted(needs.need_data(response)["support_forms"]) == ["bedrijfsstages", "workshops"]


def test_anonymous_or_non_school_respondents_get_no_need_form(client, survey_open, owner):
    _response, url = _complete_as_teacher(client, survey_open)
    assert "Maak van je antwoorden een nood" not in client.get(url).content.decode()
    client.force_login(owner)
    assert (
        client.post(url, {"actie": "nood", "school": 1, "need_type": "ict", "max_distance_km": 10}).status_code == 200
    )
    assert not Need.objects.exists()
    assert reverse("matching:need_list")
