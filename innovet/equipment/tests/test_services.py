from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innovet.core.models import AuditLog
from innovet.equipment import selectors, services
from innovet.equipment.models import Application, ApplicationStatus, HandoverStep, Turn, TurnStatus

pytestmark = pytest.mark.django_db


def _apply_all(car, schools):
    return [services.apply(teacher, car, school, "Voor onze klas autotechniek") for school, teacher in schools]


def test_a_set_gets_the_default_checklist_with_the_three_steps(car):
    assert [i.step for i in car.checklist.all()] == ["controle", "ophalen", "overdracht"]
    assert car.rotation_months == 5


def test_a_checklist_without_every_step_is_refused(owner, owner_staff):
    with pytest.raises(ValidationError) as exc:
        services.save_set(owner_staff, owner, {"name": "Set", "checklist": "controle: banden"})
    assert "Ophalen" in " ".join(exc.value.messages)


def test_only_the_owner_registers_and_builds(car, schools, owner):
    school, teacher = schools[0]
    with pytest.raises(PermissionDenied):
        services.save_set(teacher, owner, {"name": "x"})
    services.apply(teacher, car, school)
    with pytest.raises(PermissionDenied):
        services.build_rotation(teacher, car)


def test_applying_twice_is_refused(car, schools):
    school, teacher = schools[0]
    services.apply(teacher, car, school)
    with pytest.raises(ValidationError) as exc:
        services.apply(teacher, car, school)
    assert "al op de wachtlijst" in " ".join(exc.value.messages)


def test_a_teacher_applies_only_for_their_own_school(car, schools):
    with pytest.raises(PermissionDenied):
        services.apply(schools[0][1], car, schools[1][0])


def test_build_rotation_plans_every_waiting_school_without_overlap(car, schools, owner_staff):
    _apply_all(car, schools)
    turns = services.build_rotation(owner_staff, car)
    assert len(turns) == 4
    ordered = sorted(turns, key=lambda t: t.starts_on)
    for a, b in zip(ordered, ordered[1:], strict=False):
        assert b.starts_on == a.ends_on + timedelta(days=1)
    assert set(Application.objects.values_list("status", flat=True)) == {ApplicationStatus.PLANNED}
    # Brussels owner → the nearest of the first three in line (Gent, Aalst, Brugge) is Aalst.
    assert ordered[0].school == schools[1][0]
    assert AuditLog.objects.filter(action="equipment.rotation.built").exists()


def test_schools_that_never_had_it_go_before_one_that_had_it(car, schools, owner_staff):
    _apply_all(car, schools[:2])
    first = services.build_rotation(owner_staff, car)
    # The first school had its turn and applies again; two new schools wait too.
    had = min(first, key=lambda t: t.starts_on)
    Turn.objects.filter(pk=had.pk).update(status=TurnStatus.DONE)
    Application.objects.filter(pk=had.application_id).update(status=ApplicationStatus.DONE)
    school, teacher = next((s, t) for s, t in schools if s == had.school)
    services.apply(teacher, car, school)
    for s, t in schools[2:]:
        services.apply(t, car, s)
    turns = services.build_rotation(owner_staff, car)
    new = sorted((t for t in turns), key=lambda t: t.starts_on)
    assert new[-1].school == had.school  # the one that had it comes last


def test_conditions_keep_a_school_out_until_met(owner, owner_staff, schools):
    kit = services.save_set(owner_staff, owner, {"name": "Kit", "requires_training": True})
    school, teacher = schools[0]
    application = services.apply(teacher, kit, school, trained=True)
    assert not application.conditions_met
    assert services.build_rotation(owner_staff, kit) == []
    services.set_conditions(owner_staff, application, True)
    assert len(services.build_rotation(owner_staff, kit)) == 1


def test_every_handover_step_is_recorded_and_completes_the_handover(car, schools, owner_staff):
    _apply_all(car, schools[:2])
    first, second = sorted(services.build_rotation(owner_staff, car), key=lambda t: t.starts_on)
    items = list(car.checklist.all())
    for item in items:
        services.record_step(owner_staff, first, item, "ok")
    first.refresh_from_db()
    assert first.status == TurnStatus.ACTIVE
    teacher = next(t for s, t in schools if s == second.school)
    services.record_step(teacher, second, items[0])
    assert services.record_step(teacher, second, items[0]) is None  # a double click
    for item in items[1:]:
        services.record_step(teacher, second, item)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (TurnStatus.DONE, TurnStatus.ACTIVE)
    assert HandoverStep.objects.count() == 6
    assert AuditLog.objects.filter(action="equipment.handover.step").count() == 6
    current, upcoming = selectors.holder_and_next(car)
    assert current == second and upcoming is None


def test_another_school_cannot_record_a_handover(car, schools, owner_staff):
    _apply_all(car, schools[:2])
    first, second = sorted(services.build_rotation(owner_staff, car), key=lambda t: t.starts_on)
    outsider = next(t for s, t in schools if s not in (first.school, second.school))
    with pytest.raises(PermissionDenied):
        services.record_step(outsider, first, car.checklist.first())


def test_a_school_that_drops_out_is_replaced_from_the_waiting_list(car, schools, owner_staff, make_org, make_user):
    _apply_all(car, schools[:2])
    first, second = sorted(services.build_rotation(owner_staff, car), key=lambda t: t.starts_on)
    from innovet.organisations.models import OrganisationKind, Role

    late = make_org("VTI Kortrijk", OrganisationKind.SCHOOL, "8500")
    late_teacher = make_user(org=late, role=Role.TEACHER)
    services.apply(late_teacher, car, late)
    teacher = next(t for s, t in schools if s == second.school)
    with pytest.raises(ValidationError):
        services.drop_out(teacher, second, "")
    replacement = services.drop_out(teacher, second, "Onze garage wordt verbouwd.")
    second.refresh_from_db()
    assert second.status == TurnStatus.CANCELLED
    assert replacement.school == late
    assert (replacement.starts_on, replacement.ends_on) == (second.starts_on, second.ends_on)
    assert late_teacher.notifications.exists()


def test_a_started_turn_cannot_be_dropped(car, schools, owner_staff):
    _apply_all(car, schools[:1])
    (turn,) = services.build_rotation(owner_staff, car)
    for item in car.checklist.all():
        services.record_step(owner_staff, turn, item)
    with pytest.raises(ValidationError):
        services.drop_out(owner_staff, turn, "weg")


def test_rebuilding_keeps_started_turns_and_replans_the_rest(car, schools, owner_staff):
    _apply_all(car, schools[:3])
    turns = sorted(services.build_rotation(owner_staff, car), key=lambda t: t.starts_on)
    Turn.objects.filter(pk=turns[0].pk).update(status=TurnStatus.ACTIVE, starts_on=timezone.localdate())
    again = services.build_rotation(owner_staff, car)
    assert len(again) == 2
    assert Turn.objects.filter(equipment=car).count() == 3


def test_rotation_summary(car, schools, owner_staff):
    _apply_all(car, schools[:2])
    first, second = sorted(services.build_rotation(owner_staff, car), key=lambda t: t.starts_on)
    for item in car.checklist.all():
        services.record_step(owner_staff, first, item)
    (row,) = selectors.rotation_summary()
    assert row["holder"] == first.school.name and row["holder_until"] == first.ends_on
    assert row["next_school"] == second.school.name and row["waiting"] == 0


def test_gdpr(car, schools):
    from innovet.core import gdpr

    school, teacher = schools[0]
    services.apply(teacher, car, school, "Graag")
    assert gdpr.export_user_data(teacher)["gegevens"]["gedeelde uitrusting"]["aanvragen"][0]["motivatie"] == "Graag"
    gdpr.erase_user(teacher)
    assert Application.objects.get().applied_by is None
