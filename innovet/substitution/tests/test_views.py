import pytest
from django.urls import reverse

from innovet.placements import services as placements
from innovet.placements.tests.conftest import apply_data
from innovet.substitution import services
from innovet.substitution.models import RequestStatus, SubstitutionRequest

pytestmark = pytest.mark.django_db


def test_offer_register_filters_by_region_subject_and_year(client, offer, school):
    html = client.get(
        reverse("substitution:offer_list"), {"provincie": school.province.slug, "graad": "3"}
    ).content.decode()
    assert "Ondernemerschap in de klas" in html
    html = client.get(reverse("substitution:offer_list"), {"graad": "1"}).content.decode()
    assert "Ondernemerschap in de klas" not in html


def test_the_journey_from_a_placement_to_a_confirmed_substitution(
    client, place, teacher, director, syntra_staff, offer
):
    application = placements.decide_release(director, placements.apply(teacher, place, apply_data(place)), True)
    client.force_login(teacher)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Vervanging aanvragen" in page
    url = reverse("substitution:request_create", args=["bedrijfsstage", application.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "starts_on": application.starts_on.isoformat(),
            "ends_on": application.ends_on.isoformat(),
            "start_time": "08:25",
            "end_time": "12:00",
            "subject": "Praktijk voeding",
        },
    )
    request = SubstitutionRequest.objects.get()
    assert response.status_code == 302
    detail = client.get(request.get_absolute_url()).content.decode()
    assert "Ondernemerschap in de klas" in detail  # suggested
    client.post(reverse("substitution:request_propose", args=[request.pk]), {"offer": offer.pk})
    client.force_login(syntra_staff)
    assert "Bedrijfsstage" in client.get(reverse("substitution:request_list")).content.decode()
    client.post(reverse("substitution:request_answer", args=[request.pk]), {"decision": "ja"})
    client.force_login(director)
    assert "Bedrijfsstage" in client.get(reverse("substitution:request_list"), {"status": "open"}).content.decode()
    client.post(reverse("substitution:request_confirm", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == RequestStatus.CONFIRMED


def test_past_date_on_the_form_gives_a_dutch_error(client, place, teacher, director):
    from datetime import timedelta

    from django.utils import timezone

    application = placements.decide_release(director, placements.apply(teacher, place, apply_data(place)), True)
    client.force_login(teacher)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("substitution:request_create", args=["bedrijfsstage", application.pk]),
        {
            "starts_on": yesterday.isoformat(),
            "ends_on": yesterday.isoformat(),
            "start_time": "08:25",
            "end_time": "12:00",
        },
    )
    assert response.status_code == 200
    assert "verleden" in response.content.decode()
    assert not SubstitutionRequest.objects.exists()


def test_adviser_notes_the_fit_on_the_offer_page(client, offer, adviser, teacher):
    client.force_login(adviser)
    assert "Beoordeling opslaan" in client.get(offer.get_absolute_url()).content.decode()
    client.post(reverse("substitution:offer_fit", args=[offer.pk]), {"fit": "sluit-aan", "leerplan": "LPD 3"})
    assert offer.fits.get().leerplan == "LPD 3"
    client.force_login(teacher)
    assert client.post(reverse("substitution:offer_fit", args=[offer.pk]), {"fit": "niet"}).status_code == 403


def test_event_ticket_offers_the_substitution_action(client, teacher, school, make_org, make_user):
    from innovet.events import services as events
    from innovet.events.models import SlotKind
    from innovet.events.tests.conftest import future_weekday
    from innovet.organisations.models import OrganisationKind, Role

    rtc = make_org("RTC", OrganisationKind.RTC, "9000")
    staff = make_user(org=rtc, role=Role.RTC_STAFF, is_manager=True)
    event = events.create_event(
        staff, rtc, {"title": "Kick-off", "summary": "S", "venue_name": "Gent", "postcode": "9000"}
    )
    slot = events.add_slot(staff, events.add_day(staff, event, future_weekday(1)), "10:00", "12:00", SlotKind.PARALLEL)
    session = events.add_session(staff, slot, {"title": "Cobots"})
    events.publish_event(staff, event)
    registration = events.register(teacher, event, teacher, [session.pk])
    client.force_login(teacher)
    html = client.get(registration.get_absolute_url()).content.decode()
    assert reverse("substitution:request_create", args=["netwerkmoment", registration.pk]) in html
    services  # noqa: B018  (the module registers the sources)
