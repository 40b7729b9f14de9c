from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innovet.core import gdpr
from innovet.core.models import AuditLog
from innovet.geo.models import Province
from innovet.notifications.models import Notification
from innovet.placements import services as placements
from innovet.placements.tests.conftest import apply_data
from innovet.substitution import registry, selectors, services
from innovet.substitution.models import RequestStatus, SubstitutionRequest

from .conftest import offer_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def released(place, teacher, director):
    application = placements.apply(teacher, place, apply_data(place))
    return placements.decide_release(director, application, True)


def test_a_released_placement_raises_a_request_that_a_provider_accepts_and_the_school_confirms(
    released, teacher, director, syntra_staff, offer, school
):
    assert registry.request_url(teacher, released).endswith(f"/vervanging/aanvragen/nieuw/bedrijfsstage/{released.pk}/")
    request = services.create_request(teacher, "bedrijfsstage", released, {})
    assert request.school == school and request.teacher == teacher and request.status == RequestStatus.OPEN
    assert request.hours > 0 and request.starts_on == released.starts_on
    assert Notification.objects.filter(recipient=director, category="substitution.request").exists()
    assert list(selectors.open_for_schools(director)) == [request]
    # The platform suggests the regional offer first.
    offer_, score, problem = selectors.suggestions(request)[0]
    assert offer_ == offer and problem is None
    services.propose(teacher, request, offer)
    assert Notification.objects.filter(recipient=syntra_staff, category="substitution.request").exists()
    assert list(selectors.incoming_for_provider(syntra_staff)) == [request]
    with pytest.raises(PermissionDenied):
        services.confirm(teacher, request)  # a teacher does not confirm for the school
    services.answer(syntra_staff, request, True)
    services.confirm(director, request)
    request.refresh_from_db()
    assert request.status == RequestStatus.CONFIRMED
    assert selectors.request_counts() == {"total": 1, "met": 1, "open": 0, "cancelled": 0, "met_share": 100}
    assert selectors.request_counts(province=school.province)["met"] == 1
    from innovet.insights.contributions import rows_of

    assert ("Ingevuld (bevestigd)", 1) in [r[:2] for r in rows_of(selectors.request_counts())]
    # A second request for the same placement is refused; the registry now links to the running one.
    with pytest.raises(ValidationError) as exc:
        services.create_request(teacher, "bedrijfsstage", released, {})
    assert "al een vervangingsaanvraag" in str(exc.value)
    assert registry.request_url(teacher, released) == request.get_absolute_url()


def test_past_date_and_end_before_start_are_refused_with_nothing_changed(released, teacher):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.create_request(teacher, "bedrijfsstage", released, {"starts_on": today - timedelta(days=1)})
    assert "verleden" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.create_request(
            teacher,
            "bedrijfsstage",
            released,
            {"starts_on": released.starts_on, "ends_on": released.starts_on - timedelta(days=1)},
        )
    assert "vóór de eerste dag" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.create_request(
            teacher, "bedrijfsstage", released, {"start_time": time(14, 0), "end_time": time(10, 0)}
        )
    assert "einduur" in str(exc.value)
    assert not SubstitutionRequest.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="substitution.request").exists()


def test_only_the_teacher_or_school_leaders_raise_a_request(released, other_contact, make_user, make_org):
    with pytest.raises(PermissionDenied):
        services.create_request(other_contact, "bedrijfsstage", released, {})
    other_director = make_user(org=make_org("Andere school"), role="directeur", is_manager=True)
    with pytest.raises(PermissionDenied):
        services.create_request(other_director, "bedrijfsstage", released, {})


def test_a_provider_declines_with_a_reason_and_the_request_opens_again(
    released, teacher, syntra_staff, offer, other_contact
):
    request = services.create_request(teacher, "bedrijfsstage", released, {})
    services.propose(teacher, request, offer)
    with pytest.raises(PermissionDenied):
        services.answer(other_contact, request, True)
    with pytest.raises(ValidationError):
        services.answer(syntra_staff, request, False, "")
    services.answer(syntra_staff, request, False, "Die week geen lesgevers vrij.")
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN and request.offer is None
    assert request.provider_reason == "Die week geen lesgevers vrij."


def test_the_offers_own_rules_lead_time_and_availability(released, teacher, syntra_staff, syntra, school):
    late = services.create_offer(
        syntra_staff,
        syntra,
        {**offer_data(title="Ver vooraf"), "lead_days": 200, "provinces": [school.province]},
        publish=True,
    )
    request = services.create_request(teacher, "bedrijfsstage", released, {})
    with pytest.raises(ValidationError) as exc:
        services.propose(teacher, request, late)
    assert "200 dagen vooraf" in str(exc.value)
    rows = {o.title: problem for o, _s, problem in selectors.suggestions(request)}
    assert rows["Ver vooraf"]


def test_suggestions_respect_region_subject_and_year(released, teacher, syntra_staff, syntra, school, offer):
    elsewhere = Province.objects.exclude(pk=school.province_id).filter(in_scope=True).first()
    services.create_offer(syntra_staff, syntra, {**offer_data(title="Elders"), "provinces": [elsewhere]}, publish=True)
    services.create_offer(
        syntra_staff, syntra, offer_data(title="Overal, ander domein", studiedomeinen=[], graden=[]), publish=True
    )
    request = services.create_request(teacher, "bedrijfsstage", released, {"graad": offer.graden.first()})
    titles = [o.title for o, _s, _p in selectors.suggestions(request)]
    assert titles[0] == "Ondernemerschap in de klas"
    assert "Elders" not in titles and "Overal, ander domein" in titles


def test_an_event_registration_during_school_hours_raises_a_request(teacher, director, school, make_org, make_user):
    from innovet.events import services as events
    from innovet.events.models import SlotKind
    from innovet.events.tests.conftest import future_weekday
    from innovet.organisations.models import OrganisationKind, Role

    rtc = make_org("RTC", OrganisationKind.RTC, "9000")
    staff = make_user(org=rtc, role=Role.RTC_STAFF, is_manager=True)
    event = events.create_event(
        staff, rtc, {"title": "Kick-off", "summary": "S", "venue_name": "Gent", "postcode": "9000"}
    )
    day = events.add_day(staff, event, future_weekday(1))  # a Tuesday
    slot = events.add_slot(staff, day, "13:00", "15:00", SlotKind.PARALLEL, "Ronde 1")
    session = events.add_session(staff, slot, {"title": "Cobots", "capacity": 10})
    events.publish_event(staff, event)
    registration = events.register(teacher, event, teacher, [session.pk])
    url = registry.request_url(teacher, registration)
    assert url.endswith(f"/netwerkmoment/{registration.pk}/")
    request = services.create_request(director, "netwerkmoment", registration, {})
    assert (request.start_time, request.end_time) == (time(13, 0), time(15, 0))
    assert request.hours == 2 and request.teacher == teacher

    # The teacher cancels: the request no longer holds a provider's class.
    events.cancel_registration(teacher, registration)
    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED


def test_pedagogical_advisers_note_the_leerplan_fit_once_per_network(offer, adviser, teacher):
    services.annotate_fit(adviser, offer, "sluit-aan", "LPD 12 ondernemingszin", "Past bij PAV.")
    services.annotate_fit(adviser, offer, "deels", "LPD 12", "")
    assert offer.fits.count() == 1 and offer.fits.get().fit == "deels"
    with pytest.raises(PermissionDenied):
        services.annotate_fit(teacher, offer, "sluit-aan")


def test_offer_period_end_before_start_is_refused(syntra_staff, syntra):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.create_offer(
            syntra_staff, syntra, offer_data(available_from=today + timedelta(days=9), available_until=today)
        )
    assert "ligt vóór" in str(exc.value)


def test_gdpr_export_and_erase(released, teacher):
    services.create_request(teacher, "bedrijfsstage", released, {"notes": "Klas 5EM, praktijk"})
    assert gdpr.export_user_data(teacher)["gegevens"]["vervanging"][0]["opmerkingen"] == "Klas 5EM, praktijk"
    gdpr.erase_user(teacher)
    request = SubstitutionRequest.objects.get()
    assert request.teacher is None and request.requested_by is None and request.notes == ""


def test_a_declined_placement_cancels_its_running_request_and_tells_the_provider(
    released, teacher, syntra_staff, offer, contact
):
    request = services.create_request(teacher, "bedrijfsstage", released, {})
    services.propose(teacher, request, offer)
    placements.decide(contact, released, False, "Geen begeleider vrij.")
    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED
    assert Notification.objects.filter(recipient=syntra_staff, title__startswith="Geannuleerd").exists()
