from datetime import timedelta

import pytest
from django.urls import reverse

from innovet.placements import services
from innovet.placements.models import Application, ApplicationStatus, PlacementPlace, PlaceStatus

from .conftest import apply_data, days, next_monday, place_data

pytestmark = pytest.mark.django_db


def test_public_list_finds_published_places_only(client, make_place):
    make_place(title="Zuurdesem en planning")
    make_place(title="Kladversie oven", publish=False)
    response = client.get(reverse("placements:place_list"), {"q": "zuurdesem"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zuurdesem en planning" in html and "Kladversie" not in html
    html = client.get(reverse("placements:place_list"), {"soort": "bedrijfsstage"}).content.decode()
    assert "Zuurdesem en planning" in html


def test_company_creates_a_place_with_periods_and_an_end_before_start_is_refused(client, contact, company):
    client.force_login(contact)
    url = reverse("placements:place_create")
    assert client.get(url).status_code == 200
    data = place_data()
    post = {k: v for k, v in data.items() if k not in ("studiedomein", "themes") and v is not False}
    post.update(
        {
            "company": company.pk,
            "hours_per_day": "7.60",
            "studiedomein": data["studiedomein"].pk,
            "themes": [t.pk for t in data["themes"]],
            "periode-TOTAL_FORMS": "2",
            "periode-INITIAL_FORMS": "0",
            "periode-MIN_NUM_FORMS": "0",
            "periode-MAX_NUM_FORMS": "12",
            "periode-0-starts_on": days(30).isoformat(),
            "periode-0-ends_on": days(20).isoformat(),
            "publiceren": "1",
        }
    )
    response = client.post(url, post)
    assert response.status_code == 200
    assert "ligt vóór de begindatum" in response.content.decode()
    assert not PlacementPlace.objects.exists()
    post["periode-0-ends_on"] = days(60).isoformat()
    response = client.post(url, post)
    place = PlacementPlace.objects.get()
    assert response.status_code == 302 and place.status == PlaceStatus.PUBLISHED and place.periods.count() == 1


def test_teacher_applies_on_the_page_and_the_director_releases(client, place, teacher, director, contact):
    client.force_login(teacher)
    page = client.get(place.get_absolute_url()).content.decode()
    assert "Aanmelden" in page
    start = next_monday(3)
    response = client.post(
        reverse("placements:apply", args=[place.pk]),
        {
            "period": place.periods.first().pk,
            "starts_on": start.isoformat(),
            "ends_on": (start - timedelta(days=2)).isoformat(),
            "school": teacher.memberships.first().organisation_id,
            "motivation": "Ik wil leren hoe een bakkerij vandaag plant.",
        },
        follow=True,
    )
    assert "vóór de eerste dag" in response.content.decode()
    assert not Application.objects.exists()
    response = client.post(
        reverse("placements:apply", args=[place.pk]),
        {
            "period": place.periods.first().pk,
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=2)).isoformat(),
            "school": teacher.memberships.first().organisation_id,
            "motivation": "Ik wil leren hoe een bakkerij vandaag plant.",
        },
    )
    application = Application.objects.get()
    assert response.status_code == 302
    client.force_login(director)
    releases = client.get(reverse("placements:releases")).content.decode()
    assert "Lien Peeters" in releases
    client.post(reverse("placements:release", args=[application.pk]), {"decision": "ja", "reason": ""})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_COMPANY
    client.force_login(contact)
    assert "Lien Peeters" in client.get(reverse("placements:applicants", args=[place.pk])).content.decode()
    client.post(reverse("placements:decide", args=[application.pk]), {"decision": "ja", "tasks": "Bakken."})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    response = client.get(reverse("placements:agreement", args=[application.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_only_the_company_sees_its_applicants(client, place, teacher, director, other_contact):
    application = services.apply(teacher, place, apply_data(place))
    services.decide_release(director, application, True)
    for user in (other_contact, director, teacher):
        client.force_login(user)
        assert client.get(reverse("placements:applicants", args=[place.pk])).status_code == 403
    client.force_login(other_contact)
    assert client.get(application.get_absolute_url()).status_code == 404


def test_hybrid_profile_pages(client, teacher, contact):
    client.force_login(teacher)
    response = client.post(
        reverse("placements:hybrid_edit"),
        {
            "school": teacher.memberships.first().organisation_id,
            "company_name": "Elektro Vermeulen",
            "job_in_company": "Elektricien",
            "subjects": "Praktijk elektriciteit",
            "school_share": "50",
            "available_for": ["gastlessen"],
            "is_visible": "on",
        },
    )
    assert response.status_code == 302
    client.force_login(contact)
    html = client.get(reverse("placements:hybrid_list"), {"beschikbaar": "gastlessen"}).content.decode()
    assert "Lien Peeters" in html
    assert client.get(response["Location"]).status_code == 200


def test_dashboard_panels_show_what_waits(client, place, teacher, director):
    services.apply(teacher, place, apply_data(place))
    client.force_login(director)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "wacht op vrijgave" in html


def test_company_contact_finds_its_places_from_the_dashboard(client, place, contact):
    # No candidate waits: the panel still leads the company to its places (it showed nothing before).
    client.force_login(contact)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "Je organisatie heeft 1 stageplaats op InnoVET." in html
    assert f'href="{reverse("placements:company_places")}"' in html


def test_catalogue_search_shows_matching_placements(client, make_place):
    make_place(title="Zuurdesem en planning")
    html = client.get(reverse("catalogue:search"), {"q": "zuurdesem"}).content.decode()
    assert "1 bedrijfsstage past bij je zoekopdracht" in html and "Zuurdesem en planning" in html
    html = client.get(reverse("catalogue:search"), {"q": "zuurdesem", "graad": "3"}).content.decode()
    assert "bedrijfsstage past bij" not in html  # a filter the placements do not carry: no box
