import pytest
from django.urls import reverse

from innovet.equipment import services
from innovet.equipment.models import Application, Turn, TurnStatus

pytestmark = pytest.mark.django_db


def test_public_list_and_detail_show_who_has_it_and_who_is_next(client, car, schools, owner_staff):
    for school, teacher in schools[:2]:
        services.apply(teacher, car, school)
    first, second = sorted(services.build_rotation(owner_staff, car), key=lambda t: t.starts_on)
    for item in car.checklist.all():
        services.record_step(owner_staff, first, item)
    page = client.get(reverse("equipment:set_list")).content.decode()
    assert first.school.name in page and second.school.name in page
    page = client.get(car.get_absolute_url()).content.decode()
    assert "Nu bij" in page and first.school.name in page and "Rotatieschema" in page


def test_a_teacher_applies_on_the_page(client, car, schools):
    school, teacher = schools[0]
    client.force_login(teacher)
    response = client.post(reverse("equipment:apply", args=[car.pk]), {"school": school.pk, "motivation": "Graag"})
    assert response.status_code == 302
    assert Application.objects.filter(school=school).exists()
    assert "staat op de wachtlijst" in client.get(car.get_absolute_url()).content.decode()


def test_only_the_owner_builds_the_rotation(client, car, schools, owner_staff):
    school, teacher = schools[0]
    services.apply(teacher, car, school)
    client.force_login(teacher)
    assert client.post(reverse("equipment:build", args=[car.pk])).status_code == 403
    assert not Turn.objects.exists()
    client.force_login(owner_staff)
    assert client.get(reverse("equipment:manage", args=[car.pk])).status_code == 200
    client.post(reverse("equipment:build", args=[car.pk]))
    assert Turn.objects.count() == 1


def test_handover_and_drop_out_through_the_pages(client, car, schools, owner_staff):
    for school, teacher in schools[:3]:
        services.apply(teacher, car, school)
    turns = sorted(services.build_rotation(owner_staff, car), key=lambda t: t.starts_on)
    client.force_login(owner_staff)
    for item in car.checklist.all():
        client.post(reverse("equipment:step", args=[turns[0].pk]), {"item": item.pk, "note": "in orde"})
    turns[0].refresh_from_db()
    assert turns[0].status == TurnStatus.ACTIVE
    teacher = next(t for s, t in schools if s == turns[2].school)
    client.force_login(teacher)
    assert client.get(turns[2].get_absolute_url()).status_code == 200
    response = client.post(reverse("equipment:drop_out", args=[turns[2].pk]), {"reason": "Geen plaats"})
    assert response.status_code == 302
    turns[2].refresh_from_db()
    assert turns[2].status == TurnStatus.CANCELLED


def test_register_a_set(client, owner, owner_staff):
    client.force_login(owner_staff)
    response = client.post(
        reverse("equipment:set_create"),
        {"owner": owner.pk, "name": "Elektrische wagen", "rotation_months": "5", "is_active": "on"},
    )
    assert response.status_code == 302
    assert owner.equipment_sets.get().checklist.count() == 3
    assert client.get(reverse("equipment:mine")).status_code == 200


def test_register_button_only_for_who_can_register(client, owner_staff, admin_user):
    # admin@ (no organisation) got a button that led to a 403.
    create = f'href="{reverse("equipment:set_create")}"'
    client.force_login(admin_user)
    assert create not in client.get(reverse("equipment:set_list")).content.decode()
    assert client.get(reverse("equipment:set_create")).status_code == 403
    client.force_login(owner_staff)
    assert create in client.get(reverse("equipment:set_list")).content.decode()
