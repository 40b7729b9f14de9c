"""Equipment lists run a bounded number of queries: 16 sets, each with turns at two schools and a waiting
school, and a set with 16 turns and 16 waiting schools, so one query per row would break the cap."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from innovet.equipment import services
from innovet.equipment.models import Application, EquipmentSet, Turn, TurnStatus
from innovet.organisations.models import OrganisationKind, Role

pytestmark = pytest.mark.django_db
ROWS = 16


@pytest.fixture
def many(owner, owner_staff, make_org, make_user):
    schools = [make_org(f"School {i}", OrganisationKind.SCHOOL, "9000") for i in range(ROWS + 2)]
    teacher = make_user(org=schools[0], role=Role.TEACHER)
    sets = [services.save_set(owner_staff, owner, {"name": f"Set {i}"}) for i in range(ROWS)]
    start = date(2027, 1, 1)
    turns = []
    for i, s in enumerate(sets):
        turns.append(
            Turn(
                equipment=s,
                school=schools[i],
                starts_on=start,
                ends_on=start + timedelta(days=150),
                status=TurnStatus.ACTIVE,
            )
        )
        turns.append(
            Turn(
                equipment=s,
                school=schools[i + 1],
                starts_on=start + timedelta(days=151),
                ends_on=start + timedelta(days=300),
            )
        )
        Application.objects.create(equipment=s, school=schools[i + 2], applied_by=teacher)
    big = sets[0]
    for i in range(3, ROWS + 2):
        Application.objects.create(equipment=big, school=schools[i], status="ingepland")
        turns.append(
            Turn(
                equipment=big,
                school=schools[i],
                starts_on=start + timedelta(days=301 + 151 * i),
                ends_on=start + timedelta(days=450 + 151 * i),
            )
        )
    Turn.objects.bulk_create(turns)
    return sets, teacher


def test_set_list_and_summary(client, many, django_assert_max_num_queries):
    from innovet.equipment import selectors

    with django_assert_max_num_queries(10):
        page = client.get(reverse("equipment:set_list")).content.decode()
    assert page.count("Set ") >= ROWS
    with django_assert_max_num_queries(3):
        assert len(selectors.rotation_summary()) == ROWS


def test_set_detail_and_manage(client, many, owner_staff, django_assert_max_num_queries):
    sets, _teacher = many
    big = sets[0]
    with django_assert_max_num_queries(12):
        assert client.get(big.get_absolute_url()).status_code == 200
    client.force_login(owner_staff)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("equipment:manage", args=[big.pk])).status_code == 200


def test_mine(client, many, django_assert_max_num_queries):
    _sets, teacher = many
    client.force_login(teacher)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("equipment:mine")).status_code == 200
    assert EquipmentSet.objects.count() == ROWS
