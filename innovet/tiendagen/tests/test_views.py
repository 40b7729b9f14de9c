import pytest
from django.urls import reverse

from innovet.tiendagen import services
from innovet.tiendagen.models import RequestStatus, TiendagenRequest

from .conftest import weekday_ahead, weekdays_from

pytestmark = pytest.mark.django_db


def _post_data(school, days, **overrides):
    data = {
        "school": school.pk,
        "class_name": "6 EM",
        "track": "tso",
        "grade": "3",
        "year": "2",
        "studiedomein": __import__("innovet.taxonomy.models", fromlist=["Term"])
        .Term.objects.of("studiedomein")
        .get(code="stem")
        .pk,
        "studierichting": "Elektromechanische technieken",
        "pupils": "12",
        "days": [d.isoformat() for d in days],
    }
    data.update(overrides)
    return data


def test_public_pages(client, training, centre, wegwijs):
    for url in (
        reverse("tiendagen:overview"),
        reverse("tiendagen:centre", args=[centre.slug]),
        reverse("tiendagen:calendar", args=[centre.slug]) + "?maand=2027-03",
        training.get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Industriële elektriciteit" in client.get(reverse("tiendagen:overview")).content.decode()
    ics = client.get(reverse("tiendagen:calendar_ics", args=[centre.slug]))
    assert ics["Content-Type"] == "text/calendar" and b"BEGIN:VCALENDAR" in ics.content


def test_request_form_refuses_an_ineligible_year_with_the_rule(client, ready_teacher, school, training):
    client.force_login(ready_teacher)
    url = reverse("tiendagen:request_create", args=[training.pk])
    days = weekdays_from(weekday_ahead(21), 2)
    response = client.post(url, _post_data(school, days, year="1"))
    assert response.status_code == 400
    assert "Leerjaar en onderwijsvorm" in response.content.decode()
    assert not TiendagenRequest.objects.exists()
    response = client.post(url, _post_data(school, days))
    request = TiendagenRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()


def test_request_form_refuses_eleven_days(client, ready_teacher, school, training):
    client.force_login(ready_teacher)
    days = weekdays_from(weekday_ahead(21), 11)
    response = client.post(reverse("tiendagen:request_create", args=[training.pk]), _post_data(school, days))
    assert response.status_code == 400
    assert "Je koos 11 dagen" in response.content.decode()
    assert not TiendagenRequest.objects.exists()


def test_rtc_and_centre_decide_on_the_request_page(client, submit, rtc_staff, centre_staff, other_rtc_staff, centre):
    request = submit()
    client.force_login(other_rtc_staff)
    assert client.get(request.get_absolute_url()).status_code == 404
    assert client.post(reverse("tiendagen:request_forward", args=[request.pk])).status_code == 404
    client.force_login(rtc_staff)
    assert "Doorsturen naar het centrum" in client.get(request.get_absolute_url()).content.decode()
    assert request.class_name in client.get(reverse("tiendagen:rtc_queue")).content.decode()
    client.post(reverse("tiendagen:request_forward", args=[request.pk]))
    client.force_login(centre_staff)
    assert request.class_name in client.get(reverse("tiendagen:centre_manage", args=[centre.slug])).content.decode()
    client.post(reverse("tiendagen:request_confirm", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == RequestStatus.CONFIRMED
    month = request.days.first().day.strftime("%Y-%m")
    page = client.get(reverse("tiendagen:calendar", args=[centre.slug]) + f"?maand={month}").content.decode()
    assert "6 EM" in page  # the centre sees which class
    client.logout()
    page = client.get(reverse("tiendagen:calendar", args=[centre.slug]) + f"?maand={month}").content.decode()
    assert "Bezet" in page and "6 EM" not in page  # the public sees only that it is taken


def test_centre_manages_its_offer(client, centre, centre_staff):
    client.force_login(centre_staff)
    url = reverse("tiendagen:centre_manage", args=[centre.slug])
    assert (
        client.post(url, {"action": "infrastructure", "infra-name": "Lasatelier", "infra-capacity": "12"}).status_code
        == 302
    )
    infra = centre.tiendagen_infrastructure.get()
    start = weekday_ahead(10)
    response = client.post(
        url,
        {
            "action": "availability",
            "vrij-infrastructure": infra.pk,
            "vrij-starts_on": start.isoformat(),
            "vrij-ends_on": (start.replace(day=1)).isoformat() if start.day > 1 else start.isoformat(),
        },
    )
    if start.day > 1:
        assert response.status_code == 400 and "vóór het begin" in response.content.decode()
    response = client.post(
        url,
        {
            "action": "wegwijs",
            "wegwijs-day": start.isoformat(),
            "wegwijs-starts_at": "14:00",
            "wegwijs-ends_at": "16:00",
            "wegwijs-capacity": "10",
        },
    )
    assert response.status_code == 302
    from innovet.taxonomy.models import Term

    response = client.post(
        reverse("tiendagen:training_create", args=[centre.slug]),
        {
            "title": "Lassen",
            "infrastructure": infra.pk,
            "studiedomeinen": [Term.objects.of("studiedomein").get(code="stem").pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert services.teacher_schools(centre_staff) == []
