import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from innovet.core.models import AuditLog
from innovet.matching import services
from innovet.matching.models import Need
from innovet.organisations.models import OrganisationKind, Role

from .conftest import need_data, service_data

pytestmark = pytest.mark.django_db


def _post_need(client, user, data):
    client.force_login(user)
    return client.post(reverse("matching:need_create"), data)


def test_teacher_states_a_need_and_sees_it_with_suggestions(client, school, teacher, willingness):
    response = _post_need(client, teacher, need_data(school))
    need = Need.objects.get()
    assert response.status_code == 302 and response["Location"] == need.get_absolute_url()
    assert need.school == school and need.province == school.province and need.created_by == teacher
    assert [t.code for t in need.themes.all()] == ["warmtepompen"]
    assert need.moments == ["woensdagnamiddag"] and need.max_distance_km == 40
    assert AuditLog.objects.for_object(need).filter(action="matching.need.created").exists()
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Leerkrachten welkom in ons opleidingsatelier warmtepompen" in page
    assert "Sluit aan bij al je thema&#x27;s: Warmtepompen." in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("budget_per_participant", "-5", "Het budget per deelnemer kan niet negatief zijn"),
        ("max_distance_km", "0", "De maximale verplaatsing moet tussen 1 en 200 km liggen."),
        ("max_distance_km", "201", "De maximale verplaatsing moet tussen 1 en 200 km liggen."),
        ("themes", ["999999"], "is geen geldige keuze voor dit veld"),
        ("need_type", "999999", "is geen geldige keuze voor dit veld"),
        ("school", "", "Een nood hoort bij een school"),
    ],
)
def test_bad_input_is_refused_in_dutch_at_the_field_and_nothing_is_saved(
    client, school, teacher, field, value, message
):
    response = _post_need(client, teacher, need_data(school, **{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in " ".join(response.context["form"].errors[field])
    assert "Niet bewaard" in response.content.decode()
    assert not Need.objects.exists()


def test_service_refuses_unknown_codes_and_a_need_without_school(teacher, school):
    with pytest.raises(ValidationError) as exc:
        services.create_need(teacher, None, service_data())
    assert "Een nood hoort bij een school" in exc.value.message_dict["school"][0]
    with pytest.raises(ValidationError) as exc:
        services.create_need(teacher, school, service_data(themes=["kernfusie"], studiedomein="astrologie"))
    assert "'kernfusie' is geen geldige waarde" in exc.value.message_dict["themes"][0]
    assert "'astrologie' is geen geldige waarde" in exc.value.message_dict["studiedomein"][0]
    with pytest.raises(ValidationError) as exc:
        services.create_need(
            teacher, school, service_data(period_start="2027-03-01", period_end="2027-01-01", moments=["zondagnacht"])
        )
    assert "moments" in exc.value.message_dict and "period_end" in exc.value.message_dict
    assert not Need.objects.exists()


def test_a_company_cannot_state_a_need(company_a, make_user):
    user = make_user(org=company_a, role=Role.COMPANY_CONTACT)
    with pytest.raises(ValidationError) as exc:
        services.create_need(user, company_a, service_data())
    assert "is geen school" in exc.value.message_dict["school"][0]


def test_nobody_edits_another_schools_need(client, school, teacher, other_teacher, rtc_ovl, installer_contact):
    need = services.create_need(teacher, school, service_data())
    for intruder in (other_teacher, rtc_ovl, installer_contact):
        client.force_login(intruder)
        edit = client.post(reverse("matching:need_edit", args=[need.pk]), need_data(school, title="Gekaapt"))
        status = client.post(
            reverse("matching:need_status", args=[need.pk]), {"status": "ingetrokken", "bevestigd": "1"}
        )
        assert edit.status_code in (403, 404) and status.status_code in (403, 404)
    need.refresh_from_db()
    assert need.title == "Opleiding warmtepompen" and need.status == Need.Status.NEW


def test_colleague_of_the_same_school_edits_and_suggestions_follow(client, school, teacher, make_user, willingness):
    colleague = make_user(org=school, role=Role.TAC)
    need = services.create_need(teacher, school, service_data(themes=["robotica-automatisering"]))
    assert not need.suggestions.filter(kind="partner").exists()
    client.force_login(colleague)
    response = client.post(reverse("matching:need_edit", args=[need.pk]), need_data(school, title="Warmtepompen"))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.title == "Warmtepompen"
    assert need.suggestions.filter(kind="partner", willingness=willingness).exists()


def test_school_withdraws_its_need(client, school, teacher):
    need = services.create_need(teacher, school, service_data())
    client.force_login(teacher)
    client.post(reverse("matching:need_status", args=[need.pk]), {"status": "ingetrokken", "bevestigd": "1"})
    need.refresh_from_db()
    assert need.status == Need.Status.WITHDRAWN
    response = client.post(reverse("matching:need_status", args=[need.pk]), {"status": "gekoppeld"})
    need.refresh_from_db()
    assert need.status == Need.Status.WITHDRAWN and response.status_code == 302


def test_provider_in_the_province_sees_the_need_without_the_teachers_name(
    client, school, teacher, installer_contact, far_contact
):
    need = services.create_need(teacher, school, service_data())
    client.force_login(installer_contact)
    page = client.get(need.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Opleiding warmtepompen" in text and "VTI Testschool Gent" in text
    assert "Vervaet" not in text and "Griet" not in text and teacher.email not in text
    listing = client.get(reverse("matching:need_list") + "?lijst=regio").content.decode()
    assert "Opleiding warmtepompen" in listing and "Vervaet" not in listing
    # A company in Limburg that does not work in Oost-Vlaanderen does not see it.
    client.force_login(far_contact)
    assert client.get(need.get_absolute_url()).status_code == 404


def test_other_school_and_rtc_of_another_province_do_not_see_the_need(
    client, school, teacher, other_teacher, rtc_limburg
):
    need = services.create_need(teacher, school, service_data())
    for outsider in (other_teacher, rtc_limburg):
        client.force_login(outsider)
        assert client.get(need.get_absolute_url()).status_code == 404


def test_need_list_shows_each_role_its_own_view(client, school, teacher, rtc_ovl, other_teacher):
    services.create_need(teacher, school, service_data())
    client.force_login(teacher)
    assert "Opleiding warmtepompen" in client.get(reverse("matching:need_list")).content.decode()
    client.force_login(rtc_ovl)
    response = client.get(reverse("matching:need_list"))
    assert response.context["current"] == "rtc" and "Opleiding warmtepompen" in response.content.decode()
    assert [code for code, _label in response.context["tabs"]] == ["rtc"]
    client.force_login(other_teacher)
    assert "Opleiding warmtepompen" not in client.get(reverse("matching:need_list")).content.decode()


def test_willingness_validation_and_ownership(client, installer, installer_contact, company_b, make_user):
    with pytest.raises(ValidationError) as exc:
        services.create_willingness(
            installer_contact,
            installer,
            {"title": "", "themes": ["tijdreizen"], "capacity_per_year": 0, "radius_km": 500, "school_year": "2026"},
        )
    errors = exc.value.message_dict
    assert {"title", "themes", "capacity_per_year", "radius_km", "school_year"} <= set(errors)
    w = services.create_willingness(
        installer_contact,
        installer,
        {
            "title": "Stageplaatsen",
            "themes": ["warmtepompen"],
            "resources": ["stageplaatsen"],
            "capacity_per_year": 2,
            "school_year": "2026-2027",
        },
    )
    outsider = make_user(org=company_b, role=Role.COMPANY_CONTACT, is_manager=True)
    client.force_login(outsider)
    assert client.post(reverse("matching:willingness_toggle", args=[w.pk])).status_code == 403
    assert client.get(reverse("matching:willingness_edit", args=[w.pk])).status_code == 403
    w.refresh_from_db()
    assert w.is_active


def test_school_states_it_wants_to_co_develop_material(client, school, teacher):
    client.force_login(teacher)
    response = client.post(
        reverse("matching:willingness_create"),
        {
            "organisation": school.pk,
            "title": "Samen lesmateriaal BIM maken",
            "themes": [need_data(school)["themes"][0]],
            "region": "straal",
            "radius_km": 30,
            "capacity_per_year": 2,
            "school_year": "2026-2027",
        },
    )
    assert response.status_code == 302
    w = school.willingness.get()
    assert w.co_develop_material and w.contact == teacher


def test_gdpr_export_and_erase(school, teacher):
    from innovet.core import gdpr

    need = services.create_need(teacher, school, service_data())
    exported = gdpr.export_user_data(teacher)["gegevens"]["noden en matchmaking"]
    assert exported["noden"][0]["titel"] == "Opleiding warmtepompen"
    gdpr.erase_user(teacher)
    need.refresh_from_db()
    assert need.created_by is None and need.school == school


def test_organisation_kind_of_school_fixture(school):
    assert school.kind == OrganisationKind.SCHOOL


def test_company_offers_collaboration_in_named_provinces_through_the_form(client, installer, installer_contact):
    from innovet.geo.models import Province
    from innovet.taxonomy.models import Term

    limburg = Province.objects.get(slug="limburg")
    client.force_login(installer_contact)
    data = {
        "organisation": installer.pk,
        "title": "Stageplaatsen warmtepompen",
        "resources": [Term.objects.of("bedrijfsmiddel").get(code="stageplaatsen").pk],
        "themes": [Term.objects.of("thema").get(code="warmtepompen").pk],
        "region": "provincies",
        "capacity_per_year": 2,
        "school_year": "2026-2027",
    }
    response = client.post(reverse("matching:willingness_create"), data)
    assert response.status_code == 200 and "Kies minstens één provincie." in response.content.decode()
    response = client.post(reverse("matching:willingness_create"), {**data, "provinces": [limburg.pk]})
    assert response.status_code == 302
    w = installer.willingness.get()
    assert list(w.provinces.all()) == [limburg] and w.contact == installer_contact
