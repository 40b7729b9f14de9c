from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innovet.core import gdpr
from innovet.core.models import AuditLog
from innovet.notifications.models import Notification
from innovet.participation.models import ActivityKind, Participation, ParticipationRole
from innovet.placements import selectors, services
from innovet.placements.agreement import render_agreement
from innovet.placements.models import Application, ApplicationStatus, PlacementPlace, PlaceStatus

from .conftest import apply_data, days, next_monday, place_data

pytestmark = pytest.mark.django_db


def _accepted(place, teacher, director, contact, **kw):
    application = services.apply(teacher, place, apply_data(place, **kw))
    services.decide_release(director, application, True)
    return services.decide(contact, application, True, tasks="Mee bakken en plannen.")


def test_full_flow_apply_release_accept_agreement_reflect_complete_records_active_role(
    place, teacher, director, contact, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = services.apply(teacher, place, apply_data(place))
    assert application.status == ApplicationStatus.AWAITING_RELEASE
    assert application.school == school
    assert Notification.objects.filter(recipient=director, category="placements.application").exists()

    services.decide_release(director, application, True)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_COMPANY
    assert Notification.objects.filter(recipient=contact, category="placements.application").exists()

    services.decide(contact, application, True, tasks="Mee bakken en de planning opstellen.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    pdf = render_agreement(application)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1500

    # Afterwards: move the dates into the past as if the placement happened: Monday to Wednesday two weeks ago,
    # three working days whatever weekday the test runs on.
    monday = next_monday(weeks=0) - timedelta(weeks=2)
    Application.objects.filter(pk=application.pk).update(starts_on=monday, ends_on=monday + timedelta(days=2))
    application.refresh_from_db()
    services.reflect(teacher, application, "Ik laat mijn leerlingen een productieplanning maken zoals in de bakkerij.")
    services.confirm_completion(contact, application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED
    record = Participation.objects.get(person=teacher)
    assert record.kind == ActivityKind.PLACEMENT
    assert record.role == ParticipationRole.INTERN
    assert record.school == school and record.organiser == place.company
    assert record.hours == Decimal("22.80")  # 3 days × 7.60
    assert list(selectors.completed_for_school(school)) == [application]
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {
        "placements.application.released",
        "placements.application.accepted",
        "placements.application.completed",
    } <= actions


def test_place_requires_an_active_role_and_rejects_a_period_ending_before_it_starts(contact, company):
    before = PlacementPlace.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.create_place(contact, company, place_data(active_role="  "), [])
    assert "actieve rol" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.create_place(contact, company, place_data(), [{"starts_on": days(20), "ends_on": days(10)}])
    assert "ligt vóór de begindatum" in str(exc.value)
    assert PlacementPlace.objects.count() == before
    assert not AuditLog.objects.filter(action="placements.place.created").exists()


def test_publish_needs_a_future_period(make_place):
    with pytest.raises(ValidationError) as exc:
        make_place(periods=[{"starts_on": days(-20), "ends_on": days(-10)}])
    assert "periode" in str(exc.value)
    assert not PlacementPlace.objects.filter(status=PlaceStatus.PUBLISHED).exists()


def test_application_end_before_start_and_past_date_are_refused_with_nothing_changed(place, teacher):
    start = next_monday(3)
    with pytest.raises(ValidationError) as exc:
        services.apply(teacher, place, apply_data(place, start=start, end=start - timedelta(days=1)))
    assert "vóór de eerste dag" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.apply(teacher, place, apply_data(place, start=days(-2), end=days(1)))
    assert "verleden" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.apply(teacher, place, apply_data(place, motivation="kort"))
    assert "motivatie" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.apply(teacher, place, apply_data(place, start=days(61), end=days(62)))
    assert "binnen de periode" in str(exc.value)
    assert not Application.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="placements.application").exists()


def test_only_school_staff_apply_and_only_once(place, teacher, contact):
    with pytest.raises(PermissionDenied):
        services.apply(contact, place, apply_data(place))
    services.apply(teacher, place, apply_data(place))
    with pytest.raises(ValidationError) as exc:
        services.apply(teacher, place, apply_data(place))
    assert "al aangemeld" in str(exc.value)


def test_release_is_for_director_or_tac_of_the_teachers_school_and_a_refusal_needs_a_reason(
    place, teacher, director, tac, make_user, school, make_org
):
    application = services.apply(teacher, place, apply_data(place))
    colleague = make_user(org=school)
    with pytest.raises(PermissionDenied):
        services.decide_release(colleague, application, True)
    other_director = make_user(org=make_org("Andere school"), role="directeur", is_manager=True)
    with pytest.raises(PermissionDenied):
        services.decide_release(other_director, application, True)
    with pytest.raises(ValidationError) as exc:
        services.decide_release(tac, application, False, "")
    assert "reden" in str(exc.value)
    services.decide_release(tac, application, False, "Examenperiode")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NOT_RELEASED
    with pytest.raises(ValidationError):
        services.decide_release(director, application, True)


def test_company_decides_only_after_release_only_its_own_and_within_capacity(
    place, teacher, director, contact, other_contact, make_user, school
):
    application = services.apply(teacher, place, apply_data(place))
    with pytest.raises(ValidationError) as exc:
        services.decide(contact, application, True)
    assert "nog niet beslist" in str(exc.value)
    services.decide_release(director, application, True)
    with pytest.raises(PermissionDenied):
        services.decide(other_contact, application, True)
    with pytest.raises(ValidationError):
        services.decide(contact, application, False, "")
    services.decide(contact, application, True)
    # One place: a second teacher for overlapping dates cannot be accepted, nor even apply.
    second = make_user(org=school)
    with pytest.raises(ValidationError) as exc:
        services.apply(second, place, apply_data(place))
    assert "ingenomen" in str(exc.value)


def test_completion_waits_for_the_last_day(place, teacher, director, contact):
    application = _accepted(place, teacher, director, contact)
    with pytest.raises(ValidationError) as exc:
        services.confirm_completion(contact, application)
    assert "bevestig de afronding na de laatste dag" in str(exc.value)
    with pytest.raises(ValidationError):
        services.reflect(teacher, application, "Nog niet begonnen maar al veel zin in de stage.")
    assert not Participation.objects.exists()


def test_reminders_go_once_before_the_start(place, teacher, director, contact):
    application = _accepted(place, teacher, director, contact)
    Application.objects.filter(pk=application.pk).update(starts_on=days(2), ends_on=days(4))
    assert services.send_due_reminders() == 1
    assert services.send_due_reminders() == 0
    assert Notification.objects.filter(recipient=teacher, category="placements.reminder").count() == 1
    assert Notification.objects.filter(recipient=contact, category="placements.reminder").count() == 1


def test_after_the_end_the_teacher_is_asked_to_reflect_and_the_company_to_confirm(place, teacher, director, contact):
    from innovet.placements.tasks import send_placement_reminders

    application = _accepted(place, teacher, director, contact)
    Application.objects.filter(pk=application.pk).update(starts_on=days(-4), ends_on=days(-2))
    assert send_placement_reminders.call_local() == 1
    assert send_placement_reminders.call_local() == 0
    assert Notification.objects.filter(recipient=teacher, title__contains="wat neem je mee").count() == 1
    assert Notification.objects.filter(recipient=contact, title__startswith="Bevestig de afronding").count() == 1


def test_gdpr_exports_and_erases_motivation_and_reflection(place, teacher, director, contact):
    application = _accepted(place, teacher, director, contact)
    Application.objects.filter(pk=application.pk).update(reflection="Mijn reflectie over de bakkerij.")
    data = gdpr.export_user_data(teacher)["gegevens"]["bedrijfsstages"]
    assert data["aanvragen"][0]["motivatie"].startswith("Ik wil leren")
    assert data["aanvragen"][0]["reflectie"] == "Mijn reflectie over de bakkerij."
    gdpr.erase_user(teacher)
    application.refresh_from_db()
    assert application.teacher is None and application.motivation == "" and application.reflection == ""
    assert selectors.counts()["applications"] == 1  # the count survives


def test_counts_by_province_and_school_year(place, teacher, director, contact, make_place):
    _accepted(place, teacher, director, contact)
    figures = selectors.counts()
    assert figures["published_places"] == 1 and figures["applications"] == 1 and figures["accepted"] == 1
    assert selectors.counts(province=place.province)["applications"] == 1
    from innovet.geo.models import Province

    other = Province.objects.exclude(pk=place.province_id).first()
    assert selectors.counts(province=other)["applications"] == 0
    start = next_monday(3)
    year = start.year if start.month >= 9 else start.year - 1
    assert selectors.counts(school_year=f"{year}-{year + 1}")["applications"] == 1
    assert selectors.counts(school_year=f"{year - 3}-{year - 2}")["applications"] == 0
    with pytest.raises(ValueError):
        selectors.counts(school_year="2026")
    from innovet.insights.contributions import rows_of

    assert ("Gepubliceerde stageplaatsen", 1) in [
        r[:2] for r in rows_of(selectors.counts())
    ]  # insights shows Dutch labels


def test_the_school_portfolio_lists_the_host_companies(place, teacher, director, contact, school):
    from innovet.portfolio.builtin import school_placements

    application = _accepted(place, teacher, director, contact)
    Application.objects.filter(pk=application.pk).update(starts_on=days(-5), ends_on=days(-3))
    application.refresh_from_db()
    services.confirm_completion(contact, application)
    section = school_placements(school)
    assert section is not None and "Bakkerij Wouters" in str(section.tables[0].rows)


def test_hybrid_profile_is_findable_with_filters(teacher, school, make_user):
    from innovet.placements.tests.conftest import term

    services.save_hybrid_profile(
        teacher,
        {
            "company_name": "Elektro Vermeulen",
            "job_in_company": "Elektricien",
            "subjects": "Praktijk elektriciteit",
            "school_share": 60,
            "studiedomeinen": [term("studiedomein", "stem")],
            "themes": [term("thema", "zonnepanelen")],
            "available_for": ["gastlessen", "onbekend"],
            "is_visible": True,
        },
    )
    from django.http import QueryDict

    assert selectors.hybrid_profiles(QueryDict("studiedomein=stem&thema=duurzaamheid")).count() == 1
    assert selectors.hybrid_profiles(QueryDict("beschikbaar=gastlessen&q=elektr")).count() == 1
    assert selectors.hybrid_profiles(QueryDict("beschikbaar=coaching")).count() == 0
    assert selectors.hybrid_profiles(QueryDict("studiedomein=sport")).count() == 0
    with pytest.raises(ValidationError):
        services.save_hybrid_profile(make_user(), {"company_name": "X"})  # not a school member


def test_dates_are_checked_against_today_not_stale(place):
    assert place.periods.first().starts_on > timezone.localdate()
