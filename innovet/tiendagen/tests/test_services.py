from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from innovet.core.models import AuditLog
from innovet.organisations.models import OrganisationKind, Role
from innovet.participation.models import Participation
from innovet.tiendagen import selectors, services
from innovet.tiendagen.eligibility import Track
from innovet.tiendagen.models import BookedDay, RequestStatus, TiendagenRequest

from .conftest import weekday_ahead, weekdays_from

pytestmark = pytest.mark.django_db


def _nothing_stored(before_audit):
    assert TiendagenRequest.objects.count() == 0
    assert BookedDay.objects.count() == 0
    assert AuditLog.objects.count() == before_audit


def test_an_eligible_class_is_submitted_for_the_rtc_of_the_school_province(submit, school, rtc_staff):
    request = submit()
    assert request.status == RequestStatus.SUBMITTED
    assert request.province_id == school.province_id
    assert request.days.count() == 3
    assert rtc_staff.notifications.filter(title__contains="Nieuwe aanvraag").exists()
    assert AuditLog.objects.filter(action="tiendagen.request.submitted").count() == 1


def test_an_ineligible_year_is_refused_naming_the_rule_and_nothing_changes(submit):
    before = AuditLog.objects.count()
    with pytest.raises(ValidationError) as exc:
        submit(track=Track.TSO, grade=3, year=1)
    message = " ".join(exc.value.messages)
    assert "Leerjaar en onderwijsvorm" in message and "1de leerjaar van de 3de graad TSO" in message
    _nothing_stored(before)


def test_eleven_days_are_refused(submit):
    before = AuditLog.objects.count()
    with pytest.raises(ValidationError) as exc:
        submit(days=weekdays_from(weekday_ahead(21), 11))
    assert "maximaal 10 dagen" in " ".join(exc.value.messages)
    _nothing_stored(before)


def test_days_of_earlier_requests_in_the_school_year_count(submit):
    start = weekday_ahead(21)
    days = weekdays_from(start, 14)
    submit(days=days[:7])
    with pytest.raises(ValidationError) as exc:
        submit(days=days[7:11])
    assert "al 7 dagen" in " ".join(exc.value.messages)
    assert TiendagenRequest.objects.count() == 1


def test_without_a_wegwijssessie_the_request_is_refused(teacher, school, training, class_data):
    with pytest.raises(ValidationError) as exc:
        services.submit_request(teacher, school, training, class_data(), weekdays_from(weekday_ahead(21), 2))
    assert "wegwijssessie" in " ".join(exc.value.messages).lower()


def test_studierichting_that_does_not_fit_is_refused(submit):
    with pytest.raises(ValidationError) as exc:
        submit(studierichting="Bakkerij")
    assert "Studierichting past bij de opleiding" in " ".join(exc.value.messages)


def test_weekend_past_and_unavailable_days_are_refused(submit, training):
    saturday = weekday_ahead(21)
    while saturday.weekday() != 5:
        saturday += timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        submit(days=[saturday])
    assert "weekend" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError) as exc:
        submit(days=[timezone.localdate() - timedelta(days=3)])
    assert "niet in de toekomst" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError) as exc:
        submit(days=[weekday_ahead(400)])
    assert "niet beschikbaar" in " ".join(exc.value.messages)


def test_only_school_staff_submit(training, class_data, school, make_user):
    outsider = make_user()
    with pytest.raises(PermissionDenied):
        services.submit_request(outsider, school, training, class_data(), [weekday_ahead(21)])


def test_rtc_forwards_and_centre_confirms(submit, rtc_staff, centre_staff, ready_teacher):
    request = submit()
    services.forward_request(rtc_staff, request, "In orde")
    assert centre_staff.notifications.exists()
    services.confirm_request(centre_staff, request)
    request.refresh_from_db()
    assert request.status == RequestStatus.CONFIRMED
    assert request.days.filter(confirmed=True).count() == 3
    assert ready_teacher.notifications.filter(title__contains="bevestigd").exists()


def test_another_provinces_rtc_and_the_teacher_cannot_forward(submit, other_rtc_staff, ready_teacher, centre_staff):
    request = submit()
    for user in (other_rtc_staff, ready_teacher, centre_staff):
        with pytest.raises(PermissionDenied):
            services.forward_request(user, request)


def test_the_centre_cannot_confirm_before_the_rtc_forwarded(submit, centre_staff):
    request = submit()
    with pytest.raises(ValidationError):
        services.confirm_request(centre_staff, request)


def test_no_double_booking_of_the_same_infrastructure(submit, rtc_staff, centre_staff, make_user, school, wegwijs):
    days = weekdays_from(weekday_ahead(21), 2)
    first = submit(days=days)
    colleague = make_user(org=school, role=Role.TEACHER)
    services.register_wegwijs(colleague, wegwijs, school)
    second = submit(days=days, user=colleague, class_name="6 ET")
    services.forward_request(rtc_staff, first)
    services.forward_request(rtc_staff, second)
    services.confirm_request(centre_staff, first)
    before = AuditLog.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.confirm_request(centre_staff, second)
    assert "al geboekt door een andere klas" in " ".join(exc.value.messages)
    second.refresh_from_db()
    assert second.status == RequestStatus.FORWARDED
    assert not second.days.filter(confirmed=True).exists()
    assert AuditLog.objects.count() == before
    # A new request for a confirmed day is refused at once.
    with pytest.raises(ValidationError) as exc:
        submit(days=days[:1], class_name="6 IW")
    assert "al geboekt" in " ".join(exc.value.messages)


def test_the_database_refuses_a_second_confirmed_class_on_a_day(submit, rtc_staff, centre_staff, training):
    request = submit()
    services.forward_request(rtc_staff, request)
    services.confirm_request(centre_staff, request)
    other = TiendagenRequest.objects.create(
        teacher=None,
        school=request.school,
        province=request.province,
        training=training,
        centre=request.centre,
        class_name="x",
        track=Track.TSO,
        studiedomein=request.studiedomein,
        studierichting="x",
        pupils=1,
        school_year=request.school_year,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        BookedDay.objects.create(
            request=other, infrastructure=training.infrastructure, day=request.days.first().day, confirmed=True
        )


def test_decline_needs_a_reason_and_tells_the_teacher(submit, rtc_staff, ready_teacher):
    request = submit()
    with pytest.raises(ValidationError):
        services.decline_request(rtc_staff, request, " ")
    services.decline_request(rtc_staff, request, "De klas is te groot voor de werkplaats.")
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED
    assert ready_teacher.notifications.filter(title__contains="geweigerd").exists()


def test_a_withdrawn_request_frees_its_days(submit, rtc_staff, centre_staff, ready_teacher):
    request = submit()
    services.forward_request(rtc_staff, request)
    services.confirm_request(centre_staff, request)
    services.withdraw_request(ready_teacher, request)
    assert not BookedDay.objects.filter(confirmed=True).exists()
    assert services.days_used(ready_teacher, request.school_year) == 0


def test_wegwijs_attendance_enters_the_participation_ledger(centre, centre_staff, teacher, school):
    from innovet.tiendagen.models import WegwijsSession

    session = services.create_wegwijs_session(centre_staff, centre, weekday_ahead(3))
    registration = services.register_wegwijs(teacher, session, school)
    assert services.register_wegwijs(teacher, session, school) == registration  # a double click
    WegwijsSession.objects.filter(pk=session.pk).update(day=timezone.localdate() - timedelta(days=1))
    session.refresh_from_db()
    services.confirm_wegwijs_attendance(centre_staff, session, [registration.pk])
    record = Participation.objects.get(person=teacher)
    assert record.organiser == centre and "Wegwijssessie" in record.title
    services.confirm_wegwijs_attendance(centre_staff, session, [])
    assert not Participation.objects.filter(person=teacher).exists()


def test_a_full_wegwijssessie_refuses(centre, centre_staff, school, make_user):
    session = services.create_wegwijs_session(centre_staff, centre, weekday_ahead(3), capacity=1)
    services.register_wegwijs(make_user(org=school), session, school)
    with pytest.raises(ValidationError) as exc:
        services.register_wegwijs(make_user(org=school), session, school)
    assert "volzet" in " ".join(exc.value.messages)


def test_only_centre_members_manage_the_centre(centre, make_user, make_org):
    other = make_user(org=make_org("VDAB Genk", OrganisationKind.VDAB, "3600"), role=Role.VDAB_STAFF)
    with pytest.raises(PermissionDenied):
        services.create_infrastructure(other, centre, "Hal")


def test_booking_counts(submit, rtc_staff, centre_staff, school, other_rtc_staff):
    request = submit()
    services.forward_request(rtc_staff, request)
    services.confirm_request(centre_staff, request)
    counts = selectors.booking_counts()
    assert counts["confirmed_requests"] == 1 and counts["confirmed_days"] == 3 and counts["schools"] == 1
    assert selectors.booking_counts(province=school.province, school_year=request.school_year)["requests"] == 1
    assert selectors.booking_counts(school_year="1999-2000")["requests"] == 0
    first_year = int(request.school_year[:4])  # insights passes the first calendar year
    assert selectors.booking_counts(school_year=first_year)["confirmed_days"] == 3
    rows = dict(selectors.booking_counts().labelled_rows())
    assert rows["Bevestigde lesdagen"] == 3 and rows["Scholen met bevestigde dagen"] == 1


def test_gdpr_export_and_erase(submit, ready_teacher):
    from innovet.core import gdpr

    request = submit()
    data = gdpr.export_user_data(ready_teacher)["gegevens"]["10-dagenregeling"]
    assert data["aanvragen"][0]["klas"] == "6 EM" and data["wegwijssessies"]
    gdpr.erase_user(ready_teacher)
    request.refresh_from_db()
    assert request.teacher_id is None
